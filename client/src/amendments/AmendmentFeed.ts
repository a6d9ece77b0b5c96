import { useEffect, useState, useSyncExternalStore } from 'react';
import { AMENDMENT_EVENT, amendmentEventSchema } from '@accord/shared';
import { amendmentFeedUrl, fetchAmendments, fetchCompromises } from '../api/amendments.js';
import { errorMessage } from '../api/http.js';
import { fetchThreads } from '../api/threads.js';
import { recheckSession } from '../session/sessionStore.js';
import { applyEvent, EMPTY_FEED, loaded, resumePoint, type FeedState } from './feedState.js';

/** The first wait before reopening a broken feed; doubled each time, up to the longest. */
const FIRST_RETRY_MS = 500;
const LONGEST_RETRY_MS = 15_000;

/** What the views read: the records (amendments, compromises, threads), and whether the last load failed. */
export interface FeedSnapshot extends FeedState {
  /** Why the list could not be loaded, or null. */
  error: string | null;
}

/**
 * A document's amendments, live: loads the lists, then follows the server-sent events feed,
 * reopening it after the highest `seq` seen whenever it breaks (with a growing wait), so a
 * reconnect misses nothing. React reads it with `useSyncExternalStore`.
 */
export class AmendmentFeed {
  private snapshot: FeedSnapshot = { ...EMPTY_FEED, error: null };
  private readonly listeners = new Set<() => void>();
  private source: EventSource | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private failures = 0;
  private closed = false;
  private readonly abort = new AbortController();

  constructor(private readonly documentId: string) {}

  /** Loads the lists and opens the feed. */
  start(): void {
    void this.load();
  }

  /** Subscribes to changes; returns the unsubscribe function. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The current records, one stable object until the next change. */
  readonly getSnapshot = (): FeedSnapshot => this.snapshot;

  /** Folds in a record the server returned to an action, before its event arrives. */
  apply(change: (state: FeedState) => FeedState): void {
    this.set({ ...change(this.snapshot), error: this.snapshot.error });
  }

  /** Closes the feed for good. */
  close(): void {
    this.closed = true;
    this.abort.abort();
    clearTimeout(this.retryTimer);
    this.source?.close();
    this.source = null;
  }

  private set(next: FeedSnapshot): void {
    this.snapshot = next;
    for (const listener of this.listeners) listener();
  }

  private async load(): Promise<void> {
    try {
      const signal = this.abort.signal;
      const [amendments, compromises, threads] = await Promise.all([
        fetchAmendments(this.documentId, signal),
        fetchCompromises(this.documentId, signal),
        fetchThreads(this.documentId, signal),
      ]);
      if (this.closed) return;
      this.set({ ...loaded(this.snapshot, amendments, compromises, threads), error: null });
      this.open();
    } catch (error) {
      if (this.closed) return;
      this.set({ ...this.snapshot, error: errorMessage(error) });
      this.retry(() => void this.load());
    }
  }

  private open(): void {
    if (this.closed) return;
    const source = new EventSource(amendmentFeedUrl(this.documentId, resumePoint(this.snapshot)));
    this.source = source;
    source.addEventListener('open', () => {
      this.failures = 0;
    });
    source.addEventListener(AMENDMENT_EVENT, (message: MessageEvent<string>) => {
      let data: unknown;
      try {
        data = JSON.parse(message.data);
      } catch {
        return;
      }
      const parsed = amendmentEventSchema.safeParse(data);
      if (!parsed.success) return;
      this.set({ ...applyEvent(this.snapshot, parsed.data), error: null });
    });
    source.addEventListener('error', () => {
      // EventSource would reconnect by itself, but with the URL it was opened with: reopen
      // after the highest seq seen instead.
      source.close();
      if (this.source === source) this.source = null;
      // A feed that keeps failing may be a session that ended: the app then goes to sign-in.
      if (this.failures === 2) void recheckSession();
      this.retry(() => this.open());
    });
  }

  private retry(again: () => void): void {
    if (this.closed) return;
    const delay = Math.min(FIRST_RETRY_MS * 2 ** this.failures, LONGEST_RETRY_MS);
    this.failures++;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(again, delay);
  }
}

/** The live amendments of a document, for as long as the component is mounted. */
export function useAmendmentFeed(documentId: string): {
  feed: AmendmentFeed;
  snapshot: FeedSnapshot;
} {
  const [feed, setFeed] = useState(() => new AmendmentFeed(documentId));
  useEffect(() => {
    const live = new AmendmentFeed(documentId);
    setFeed(live);
    live.start();
    return () => live.close();
  }, [documentId]);
  const snapshot = useSyncExternalStore(feed.subscribe, feed.getSnapshot);
  return { feed, snapshot };
}
