import type { Response } from 'express';
import type { Clock } from '../time/Clock.js';

/** How often an idle stream gets a comment line, so proxies do not close it. */
const KEEPALIVE_MS = 25_000;

/**
 * Answers `res` as a server-sent event stream: no caching, no proxy buffering, headers sent at
 * once, and a reconnection delay of 2 s for EventSource.
 */
export function openEventStream(res: Response): void {
  res.status(200);
  res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Accel-Buffering', 'no');
  res.flushHeaders();
  res.write('retry: 2000\n\n');
}

/** An open stream as the keepalive sees it: its response and when its session ends (ms). */
export interface KeptStream {
  res: Response;
  expiresAt: number | null;
}

/**
 * Keeps a set of event streams open through proxies (a comment line every 25 s on the clock)
 * and ends each one whose session has expired. One timer for the whole set, armed while any
 * stream is open.
 */
export class StreamKeepalive<S extends KeptStream> {
  private cancel: (() => void) | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly streams: Set<S>,
  ) {}

  /** Arms the timer if it is not armed (call after adding a stream). */
  ensure(): void {
    if (this.cancel) return;
    const tick = () => {
      this.cancel = null;
      if (this.streams.size === 0) return;
      const now = this.clock.now();
      for (const s of this.streams) {
        if (s.expiresAt !== null && s.expiresAt <= now) {
          this.streams.delete(s);
          s.res.end();
        } else s.res.write(': keepalive\n\n');
      }
      this.cancel = this.clock.at(this.clock.now() + KEEPALIVE_MS, tick);
    };
    this.cancel = this.clock.at(this.clock.now() + KEEPALIVE_MS, tick);
  }

  /** Disarms the timer (every stream was closed). */
  stop(): void {
    this.cancel?.();
    this.cancel = null;
  }
}
