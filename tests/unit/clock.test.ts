import { describe, expect, it } from 'vitest';
import { isoAt, systemClock } from '../../server/src/time/Clock.js';
import { ManualClock } from '../../server/src/time/ManualClock.js';
import { waitFor } from '../helpers/wait.js';

const T0 = Date.UTC(2024, 4, 14, 9, 0, 0);

describe('ManualClock', () => {
  it('TM1 moves only when told, never backwards', () => {
    const clock = new ManualClock(T0);
    expect(clock.now()).toBe(T0);
    clock.advance(1500);
    expect(clock.now()).toBe(T0 + 1500);
    clock.set(T0 + 2000);
    expect(clock.now()).toBe(T0 + 2000);
    expect(() => clock.set(T0)).toThrow(RangeError);
    expect(() => clock.set(Number.NaN)).toThrow(RangeError);
    expect(clock.now()).toBe(T0 + 2000);
  });

  it('TM1 fires timers in the order of their instants when moved past them, once', () => {
    const clock = new ManualClock(T0);
    const fired: string[] = [];
    clock.at(T0 + 300, () => fired.push(`c@${clock.now() - T0}`));
    clock.at(T0 + 100, () => fired.push(`a@${clock.now() - T0}`));
    clock.at(T0 + 100, () => fired.push(`b@${clock.now() - T0}`));
    clock.at(T0 + 900, () => fired.push('d'));
    expect(clock.pending).toBe(4);
    clock.advance(99);
    expect(fired).toEqual([]);
    clock.advance(1);
    expect(fired).toEqual(['a@100', 'b@100']);
    clock.advance(500);
    expect(fired).toEqual(['a@100', 'b@100', 'c@600']);
    clock.advance(500);
    expect(fired).toEqual(['a@100', 'b@100', 'c@600', 'd']);
    expect(clock.pending).toBe(0);
  });

  it('TM1 an instant already past fires on the next turn, not inside `at`', async () => {
    const clock = new ManualClock(T0);
    let fired = 0;
    clock.at(T0 - 1000, () => fired++);
    expect(fired).toBe(0);
    await Promise.resolve();
    expect(fired).toBe(1);
  });

  it('TM1 a cancelled timer never fires; a timer may schedule the next', () => {
    const clock = new ManualClock(T0);
    const fired: number[] = [];
    const cancel = clock.at(T0 + 10, () => fired.push(10));
    clock.at(T0 + 20, () => {
      fired.push(20);
      clock.at(T0 + 30, () => fired.push(30));
    });
    cancel();
    clock.advance(100);
    expect(fired).toEqual([20, 30]);
    expect(() => clock.at(Number.NaN, () => {})).toThrow(RangeError);
  });
});

describe('systemClock', () => {
  it('TM1 reads the machine time', () => {
    const before = Date.now();
    const now = systemClock.now();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });

  it('TM1 fires at the instant, not before, and asynchronously for a past one', async () => {
    const at = Date.now() + 40;
    let firedAt = 0;
    systemClock.at(at, () => (firedAt = Date.now()));
    let past = false;
    systemClock.at(Date.now() - 1000, () => (past = true));
    expect(past).toBe(false);
    await waitFor(() => past && firedAt > 0, 'both timers');
    expect(firedAt).toBeGreaterThanOrEqual(at);
  });

  it('TM1 a cancelled timer never fires', async () => {
    let cancelledFired = false;
    let laterFired = false;
    const cancel = systemClock.at(Date.now() + 10, () => (cancelledFired = true));
    cancel();
    systemClock.at(Date.now() + 30, () => (laterFired = true));
    await waitFor(() => laterFired, 'the later timer');
    expect(cancelledFired).toBe(false);
    expect(() => systemClock.at(Number.NaN, () => {})).toThrow(RangeError);
  });

  it('TM1 instants are written as ISO 8601 UTC', () => {
    expect(isoAt(Date.UTC(2024, 4, 14, 9, 0, 0, 123))).toBe('2024-05-14T09:00:00.123Z');
  });
});
