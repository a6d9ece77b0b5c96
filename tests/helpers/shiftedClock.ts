import type { Clock } from '../../server/src/index.js';

/** How often a waiting timer looks at the shifted time again (a jump may bring it closer). */
const RECHECK_MS = 100;

/**
 * A server clock that runs in real time but `shiftMs` ahead of the machine's, and can jump
 * forward. Browser tests give it to the server so that the browser's own clock is wrong by
 * hours (a client counting down on its own clock would show hours left: DL2), and jump it to a
 * few seconds before the end of a minute so that a deadline closes (DL5) while the test waits.
 */
export class ShiftedClock implements Clock {
  constructor(private shiftMs: number) {}

  now(): number {
    return Date.now() + this.shiftMs;
  }

  at(at: number, fn: () => void): () => void {
    if (!Number.isFinite(at)) throw new RangeError(`not an instant: ${at}`);
    let timer: ReturnType<typeof setTimeout> | undefined;
    let cancelled = false;
    const arm = () => {
      if (cancelled) return;
      const wait = at - this.now();
      if (wait <= 0) return fn();
      timer = setTimeout(arm, Math.min(wait, RECHECK_MS));
      timer.unref();
    };
    timer = setTimeout(arm, 0);
    timer.unref();
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }

  /** Moves the clock forward by `ms` (never back: the server's time only moves on). */
  jump(ms: number): void {
    if (!(ms >= 0)) throw new RangeError('a ShiftedClock never goes backwards');
    this.shiftMs += ms;
  }

  /** Jumps forward to `secondsLeft` seconds before the end of the current minute; returns that end. */
  jumpToMinuteEnd(secondsLeft: number): number {
    const now = this.now();
    let end = Math.floor(now / 60_000) * 60_000 + 60_000;
    if (end - now < secondsLeft * 1000) end += 60_000;
    this.jump(end - secondsLeft * 1000 - now);
    return end;
  }
}
