import { useEffect, useRef } from 'react';
import type { SaveState, SaveTracker } from './collab/SaveTracker.js';

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

const CONNECTING: SaveState = { kind: 'connecting' };

/**
 * The save and connection state, in words, with a coloured mark. It follows the tracker by
 * writing to its own elements rather than re-rendering: "Saving…" and "All changes saved"
 * alternate on every keystroke, and a React commit while the text has focus walks the whole
 * editable DOM (see useFeedValue).
 */
export function ConnectionIndicator({ tracker }: { tracker: SaveTracker | null }) {
  const box = useRef<HTMLDivElement>(null);
  const words = useRef<HTMLSpanElement>(null);
  const initial = describeSaveState(tracker?.getState() ?? CONNECTING);
  useEffect(() => {
    const show = () => {
      const state = tracker?.getState() ?? CONNECTING;
      const { text, detail } = describeSaveState(state);
      if (!box.current || !words.current) return;
      box.current.dataset.state = state.kind;
      box.current.title = detail;
      if (words.current.textContent !== text) words.current.textContent = text;
    };
    show();
    return tracker?.subscribe(show);
  }, [tracker]);
  return (
    <div
      ref={box}
      className="indicator"
      data-state={(tracker?.getState() ?? CONNECTING).kind}
      role="status"
      aria-live="polite"
      title={initial.detail}
    >
      <span className="indicator-dot" aria-hidden="true" />
      <span className="indicator-text" ref={words}>
        {initial.text}
      </span>
    </div>
  );
}
