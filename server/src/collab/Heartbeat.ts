import type { Clock } from '../time/Clock.js';

/** What the heartbeat needs of a connection (implemented by Connection). */
export interface Beating {
  /** Pings, terminates a peer that did not answer the last ping, ends an expired session. */
  heartbeat(now: number): void;
}

/**
 * Keep-alive: every `intervalMs`, each connection is pinged and its session's expiry checked
 * against the server's clock. Returns a function that stops it.
 */
export function startHeartbeat(
  connections: Iterable<Beating>,
  clock: Clock,
  intervalMs: number,
): () => void {
  const timer = setInterval(() => {
    const now = clock.now();
    for (const conn of connections) conn.heartbeat(now);
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
