import { fetchLabels } from '../api/labels.js';
import { negotiation } from '../rounds/negotiationStore.js';
import { RoundLabelSource } from './roundLabelSource.js';

/** What the labels follow of a connection: y-websocket's `status` event. */
interface StatusSource {
  on(event: 'status', listener: (event: { status: string }) => void): void;
  off(event: 'status', listener: (event: { status: string }) => void): void;
}

/**
 * The round's labels of `documentId` for one open editor (SPEC SL): read at once, and again when
 * the tab regains focus, when the socket reconnects (the text may have moved on meanwhile) and
 * when the rounds change (a publication renumbers, a new round starts from new labels).
 * `stop` ends all of it.
 */
export function followRoundLabels(
  documentId: string,
  provider: StatusSource,
): { source: RoundLabelSource; stop: () => void } {
  const source = new RoundLabelSource((signal) => fetchLabels(documentId, signal));
  const refresh = () => void source.refresh();
  refresh();
  let connected = false;
  const onStatus = ({ status }: { status: string }) => {
    if (status === 'connected' && !connected) refresh();
    connected = status === 'connected';
  };
  const onVisible = () => {
    if (document.visibilityState === 'visible') refresh();
  };
  provider.on('status', onStatus);
  window.addEventListener('focus', refresh);
  document.addEventListener('visibilitychange', onVisible);
  const stopEvents = negotiation.subscribeEvents((event) => {
    if (event.type === 'rounds') refresh();
  });
  return {
    source,
    stop: () => {
      provider.off('status', onStatus);
      window.removeEventListener('focus', refresh);
      document.removeEventListener('visibilitychange', onVisible);
      stopEvents();
      source.stop();
    },
  };
}
