import { useCallback, useEffect, useSyncExternalStore } from 'react';
import type { NegotiationEvent, ParagraphStatus } from '@accord/shared';
import { errorMessage } from '../api/http.js';
import { fetchStatus } from '../api/status.js';
import { useNegotiationEvents } from '../rounds/negotiationStore.js';

/** What a document page knows of its paragraphs' statuses (NS1, NS6). */
export interface StatusSnapshot {
  statuses: readonly ParagraphStatus[];
  /** Why they could not be read, or null. */
  error: string | null;
}

/**
 * One open document's paragraph statuses, shared by the margin of the text (every reader) and
 * the status panel (pen-holders): one source, so both show the same at once.
 */
export class StatusStore {
  private snapshot: StatusSnapshot = { statuses: [], error: null };
  private readonly listeners = new Set<() => void>();

  /** The statuses now: one stable object until the next change. */
  readonly getSnapshot = (): StatusSnapshot => this.snapshot;

  /** Subscribes to changes (React's `useSyncExternalStore`, the editor's plugin). */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Takes the server's list (an answer or an event). */
  set(statuses: readonly ParagraphStatus[]): void {
    this.update({ statuses, error: null });
  }

  /** Records why the statuses could not be read (they stay as they were). */
  fail(error: string): void {
    this.update({ ...this.snapshot, error });
  }

  private update(next: StatusSnapshot): void {
    this.snapshot = next;
    for (const listener of this.listeners) listener();
  }
}

/**
 * Keeps `store` filled with `documentId`'s statuses: read at once and whenever the negotiation
 * feed (re)connects (its `rounds` event; status events are not replayed), then live from its
 * `status` events.
 */
export function useParagraphStatuses(documentId: string, store: StatusStore): StatusSnapshot {
  const load = useCallback(() => {
    const controller = new AbortController();
    fetchStatus(documentId, controller.signal)
      .then((answer) => store.set(answer.statuses))
      .catch((e: unknown) => {
        if (!controller.signal.aborted) store.fail(errorMessage(e));
      });
    return () => controller.abort();
  }, [documentId, store]);
  useEffect(() => load(), [load]);
  const onEvent = useCallback(
    (event: NegotiationEvent) => {
      if (event.type === 'rounds') load();
      else if (event.type === 'status' && event.documentId === documentId)
        store.set(event.statuses);
    },
    [documentId, load, store],
  );
  useNegotiationEvents(onEvent);
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}
