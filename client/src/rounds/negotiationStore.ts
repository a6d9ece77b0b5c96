import { useCallback, useEffect, useSyncExternalStore } from 'react';
import {
  NEGOTIATION_EVENT,
  negotiationEventSchema,
  type NegotiationEvent,
  type RoundList,
  type SubmissionWindow,
} from '@accord/shared';
import { errorMessage } from '../api/http.js';
import { fetchRounds, NEGOTIATION_EVENTS_URL } from '../api/rounds.js';
import { recheckSession, useSessionState } from '../session/sessionStore.js';
import { closedReason, currentRound } from './roundWords.js';

/** The first wait before reopening a feed the browser gave up on; doubled, up to the longest. */
const FIRST_RETRY_MS = 1_000;
const LONGEST_RETRY_MS = 30_000;
/** A page change releases the feed and the next page takes it again: keep it open meanwhile. */
const RELEASE_GRACE_MS = 5_000;
/** setTimeout's longest wait; a deadline further away is re-armed in steps. */
const MAX_TIMEOUT_MS = 2_147_483_647;

/** What the pages read of the negotiation: the rounds, the server's clock and the caller's window. */
export interface NegotiationSnapshot {
  /** The rounds as the server last described them, or null until the first answer. */
  rounds: RoundList | null;
  /** The server's clock minus the browser's, in ms: countdowns use the server's time (DL2). */
  offsetMs: number;
  /**
   * The caller's submission window as it is now: the server's, closed here the moment the
   * server's clock passes `closesAt` (the next `rounds` event confirms it). Open while unknown:
   * the server refuses what it must whatever the page shows.
   */
  window: SubmissionWindow;
  /** Why the rounds could not be loaded, or null. */
  error: string | null;
}

const UNKNOWN_WINDOW: SubmissionWindow = { maySubmit: true, reason: null, closesAt: null };
const EMPTY: NegotiationSnapshot = {
  rounds: null,
  offsetMs: 0,
  window: UNKNOWN_WINDOW,
  error: null,
};

/** The caller's window at `serverNow`: the server's, closed once its closing instant is reached. */
export function windowAt(rounds: RoundList, serverNow: number): SubmissionWindow {
  const w = rounds.window;
  if (w.closesAt === null || serverNow < w.closesAt) return w;
  // Past the deadline the page says it in one way, whether it closed here or the server said
  // so first ("Feedback closed on 20 December 2023, 23:59 CET").
  if (!w.maySubmit && currentRound(rounds)?.phase !== 'feedback') return w;
  return { maySubmit: false, reason: closedReason(rounds, w.closesAt), closesAt: w.closesAt };
}

/**
 * The negotiation-wide state, live, shared by every page of the tab: loads `GET /api/rounds`,
 * then follows `GET /api/negotiation/events` (the whole state arrives on connect and on every
 * change, so a reconnect needs no catch-up). Open while some component holds it; one stream
 * per tab whatever the number of banners. Other features (the silence procedure) take its raw
 * events with `subscribeEvents`.
 */
export class NegotiationStore {
  private snapshot: NegotiationSnapshot = EMPTY;
  private readonly listeners = new Set<() => void>();
  private readonly eventListeners = new Set<(event: NegotiationEvent) => void>();
  private readonly latestByType = new Map<NegotiationEvent['type'], NegotiationEvent>();
  private source: EventSource | null = null;
  private abort: AbortController | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private closeTimer: ReturnType<typeof setTimeout> | undefined;
  private deadlineTimer: ReturnType<typeof setTimeout> | undefined;
  private failures = 0;
  private holders = 0;
  /** Whose view of the rounds this is (the window is the delegation's): a new person starts over. */
  private key: string | null = null;

  /** Subscribes to snapshot changes (React's `useSyncExternalStore`). */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The current snapshot: one stable object until the next change. */
  readonly getSnapshot = (): NegotiationSnapshot => this.snapshot;

  /** The server's clock now, as well as the browser can tell (ms since the epoch). */
  serverNow(): number {
    return Date.now() + this.snapshot.offsetMs;
  }

  /**
   * Calls `listener` with every event of the feed, parsed (`rounds`, and whatever other
   * negotiation-wide events shared/negotiationEvent.ts defines). Returns the unsubscribe.
   */
  subscribeEvents(listener: (event: NegotiationEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** The last event of `type` received, if any: a late subscriber starts from it. */
  latest<T extends NegotiationEvent['type']>(
    type: T,
  ): Extract<NegotiationEvent, { type: T }> | undefined {
    return this.latestByType.get(type) as Extract<NegotiationEvent, { type: T }> | undefined;
  }

  /**
   * Holds the feed open for `key` (the signed-in person and delegation) until the returned
   * release is called. A different key closes what was open and starts again.
   */
  acquire(key: string): () => void {
    clearTimeout(this.closeTimer);
    if (this.key !== key) {
      this.stop();
      this.key = key;
      this.start();
    } else if (!this.source && !this.abort && this.retryTimer === undefined) {
      this.start();
    }
    this.holders++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holders--;
      if (this.holders > 0) return;
      this.closeTimer = setTimeout(() => {
        if (this.holders === 0) this.stop();
      }, RELEASE_GRACE_MS);
    };
  }

  /** Takes in rounds the server just answered with (after an action), before their event. */
  receive(rounds: RoundList, receivedAt = Date.now()): void {
    const offsetMs = Date.parse(rounds.now) - receivedAt;
    this.set({ ...this.snapshot, rounds, offsetMs, error: null });
  }

  /** Loads the rounds again (after an action whose answer is one round, not the list). */
  async refresh(): Promise<void> {
    await this.load();
  }

  private start(): void {
    void this.load().then(() => this.open());
  }

  private stop(): void {
    this.abort?.abort();
    this.abort = null;
    this.source?.close();
    this.source = null;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    clearTimeout(this.deadlineTimer);
    this.failures = 0;
    this.latestByType.clear();
    this.snapshot = EMPTY;
    this.key = null;
    for (const listener of this.listeners) listener();
  }

  private set(next: NegotiationSnapshot): void {
    const window = next.rounds ? windowAt(next.rounds, Date.now() + next.offsetMs) : UNKNOWN_WINDOW;
    const same =
      window.maySubmit === this.snapshot.window.maySubmit &&
      window.reason === this.snapshot.window.reason &&
      window.closesAt === this.snapshot.window.closesAt;
    this.snapshot = { ...next, window: same ? this.snapshot.window : window };
    this.armDeadline();
    for (const listener of this.listeners) listener();
  }

  /** Closes the window at its instant on the server's clock, without waiting for the server. */
  private armDeadline(): void {
    clearTimeout(this.deadlineTimer);
    const { window } = this.snapshot;
    if (!window.maySubmit || window.closesAt === null) return;
    const wait = window.closesAt - this.serverNow();
    this.deadlineTimer = setTimeout(
      () => this.set({ ...this.snapshot }),
      Math.max(0, Math.min(wait, MAX_TIMEOUT_MS)),
    );
  }

  private async load(): Promise<void> {
    const abort = new AbortController();
    this.abort?.abort();
    this.abort = abort;
    const sentAt = Date.now();
    try {
      const rounds = await fetchRounds(abort.signal);
      if (abort.signal.aborted) return;
      // The answer was written somewhere between sending and receiving: take the middle.
      this.receive(rounds, (sentAt + Date.now()) / 2);
    } catch (error) {
      if (abort.signal.aborted) return;
      this.set({ ...this.snapshot, error: errorMessage(error) });
    } finally {
      if (this.abort === abort) this.abort = null;
    }
  }

  private open(): void {
    if (this.key === null || this.source) return;
    const source = new EventSource(NEGOTIATION_EVENTS_URL);
    this.source = source;
    source.addEventListener('open', () => {
      this.failures = 0;
    });
    source.addEventListener(NEGOTIATION_EVENT, (message: MessageEvent<string>) =>
      this.onMessage(message),
    );
    source.addEventListener('error', () => {
      // The browser reconnects by itself after a dropped connection; it gives up only when
      // the server refused (401 after a session ended, 5xx): then reopen here, later.
      if (source.readyState !== EventSource.CLOSED) return;
      source.close();
      if (this.source === source) this.source = null;
      if (this.failures === 1) void recheckSession();
      const delay = Math.min(FIRST_RETRY_MS * 2 ** this.failures, LONGEST_RETRY_MS);
      this.failures++;
      clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(() => {
        this.retryTimer = undefined;
        this.open();
      }, delay);
    });
  }

  private onMessage(message: MessageEvent<string>): void {
    let data: unknown;
    try {
      data = JSON.parse(message.data);
    } catch {
      return;
    }
    const parsed = negotiationEventSchema.safeParse(data);
    if (!parsed.success) return;
    const event = parsed.data;
    this.latestByType.set(event.type, event);
    if (event.type === 'rounds') {
      const { type: _type, ...rounds } = event;
      this.receive(rounds);
    }
    for (const listener of this.eventListeners) listener(event);
  }
}

/** The tab's one negotiation store (like the session store: one per page load). */
export const negotiation = new NegotiationStore();

/** Keeps the feed open while the component is mounted, for the signed-in person. */
function useHold(): void {
  const state = useSessionState();
  const key =
    state.status === 'signed-in'
      ? `${state.session.person.id}@${state.session.delegation.id}`
      : null;
  useEffect(() => (key === null ? undefined : negotiation.acquire(key)), [key]);
}

/** The negotiation's rounds, live (see `NegotiationStore`). */
export function useNegotiation(): NegotiationSnapshot {
  useHold();
  return useSyncExternalStore(negotiation.subscribe, negotiation.getSnapshot);
}

/**
 * Calls `listener` with every negotiation event while the component is mounted (and keeps the
 * feed open meanwhile). `listener` should be stable (module-level or memoised).
 */
export function useNegotiationEvents(listener: (event: NegotiationEvent) => void): void {
  useHold();
  useEffect(() => negotiation.subscribeEvents(listener), [listener]);
}

/** The caller's submission window now, re-rendering only when it opens or closes. */
export function useSubmissionWindow(): SubmissionWindow {
  useHold();
  return useSyncExternalStore(negotiation.subscribe, () => negotiation.getSnapshot().window);
}

/**
 * The last negotiation event of `type` (a silence procedure's state, say), re-rendering when a
 * new one arrives; undefined until the first. Keeps the feed open while mounted.
 */
export function useLatestNegotiationEvent<T extends NegotiationEvent['type']>(
  type: T,
): Extract<NegotiationEvent, { type: T }> | undefined {
  useHold();
  const subscribe = useCallback(
    (listener: () => void) =>
      negotiation.subscribeEvents((event) => {
        if (event.type === type) listener();
      }),
    [type],
  );
  return useSyncExternalStore(subscribe, () => negotiation.latest(type));
}
