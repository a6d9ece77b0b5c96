/**
 * The one source of time of a server instance. Sessions, invitations, the audit trail, the
 * store, room unloading and the scheduler read it, never `Date.now()`, so a test can move time
 * (ManualClock) and a deadline is decided by the server alone.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /**
   * Calls `fn` once when the clock reaches `at` (ms since the epoch), or soon after; returns a
   * function that cancels it. Timers never keep the process alive.
   */
  at(at: number, fn: () => void): () => void;
}

/** The longest delay `setTimeout` accepts; longer waits are re-armed in steps. */
const MAX_TIMEOUT_MS = 2_147_483_647;

/** The machine's clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  at(at, fn) {
    // NaN would make setTimeout spin every millisecond without ever firing.
    if (!Number.isFinite(at)) throw new RangeError(`not an instant: ${at}`);
    let timer: NodeJS.Timeout | undefined;
    let cancelled = false;
    const arm = () => {
      if (cancelled) return;
      const wait = at - Date.now();
      if (wait <= 0) return fn();
      timer = setTimeout(arm, Math.min(wait, MAX_TIMEOUT_MS));
      timer.unref();
    };
    // Never synchronously: callers may still be setting up when an instant is already past.
    timer = setTimeout(arm, 0);
    timer.unref();
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
    };
  },
};

/** Milliseconds as an ISO 8601 instant (UTC), the form the store and the API use. */
export function isoAt(ms: number): string {
  return new Date(ms).toISOString();
}
