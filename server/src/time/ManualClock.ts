import type { Clock } from './Clock.js';

interface Timer {
  at: number;
  seq: number;
  fn: () => void;
}

/**
 * A clock that moves only when told (tests, replays). Timers due by the new time fire in the
 * order of their instants when `set` or `advance` moves past them.
 */
export class ManualClock implements Clock {
  private timers: Timer[] = [];
  private seq = 0;

  constructor(private current: number = Date.UTC(2024, 0, 1)) {}

  now(): number {
    return this.current;
  }

  at(at: number, fn: () => void): () => void {
    if (!Number.isFinite(at)) throw new RangeError(`not an instant: ${at}`);
    const timer = { at, seq: this.seq++, fn };
    this.timers.push(timer);
    // Like the system clock, an instant already past fires on the next turn, not re-entrantly.
    if (at <= this.current) queueMicrotask(() => this.fireDue());
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }

  /** Moves the clock forward by `ms` and fires what became due. */
  advance(ms: number): void {
    this.set(this.current + ms);
  }

  /** Moves the clock to `ms` (never backwards) and fires what became due. */
  set(ms: number): void {
    if (!Number.isFinite(ms)) throw new RangeError(`not an instant: ${ms}`);
    if (ms < this.current) throw new RangeError('a ManualClock never goes backwards');
    this.current = ms;
    this.fireDue();
  }

  /** How many timers are waiting. */
  get pending(): number {
    return this.timers.length;
  }

  private fireDue(): void {
    for (;;) {
      const due = this.timers
        .filter((t) => t.at <= this.current)
        .sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) return;
      this.timers = this.timers.filter((t) => t !== due);
      due.fn();
    }
  }
}
