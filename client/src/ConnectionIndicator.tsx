import type { SaveState } from './collab/SaveTracker.js';

/** The words shown for each state; "saved" only when the server has confirmed every change. */
export function describeSaveState(state: SaveState): { text: string; detail: string } {
  switch (state.kind) {
    case 'connecting':
      return { text: 'Connecting…', detail: 'Connecting to the server.' };
    case 'offline':
      return {
        text: 'Offline — edits kept on this device',
        detail:
          state.unsaved > 0
            ? `${plural(state.unsaved, 'change')} will be sent when the connection returns. Keep this tab open.`
            : 'Reconnecting. Changes you make are kept here and sent when the connection returns.',
      };
    case 'saving':
      return {
        text: 'Saving…',
        detail: `Waiting for the server to confirm ${plural(state.unsaved, 'change')}.`,
      };
    case 'saved':
      return { text: 'All changes saved', detail: 'The server has stored every change made here.' };
    case 'refused':
      return { text: 'Reloading: the server refused a change', detail: state.message };
    case 'stopped':
      return { text: 'Not connected', detail: state.message };
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The save and connection state, in words, with a coloured mark. */
export function ConnectionIndicator({ state }: { state: SaveState }) {
  const { text, detail } = describeSaveState(state);
  return (
    <div
      className="indicator"
      data-state={state.kind}
      role="status"
      aria-live="polite"
      title={detail}
    >
      <span className="indicator-dot" aria-hidden="true" />
      <span className="indicator-text">{text}</span>
    </div>
  );
}
