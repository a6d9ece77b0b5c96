import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../server/src/logger.js';
import { MemoryTaskStore } from '../../server/src/storage/MemoryTaskStore.js';
import { openSqliteStorage } from '../../server/src/storage/SqliteStorage.js';
import type { ScheduledTask, TaskStore } from '../../server/src/storage/TaskStore.js';
import { ManualClock } from '../../server/src/time/ManualClock.js';
import { Scheduler } from '../../server/src/time/Scheduler.js';
import { KeyedQueue } from '../../server/src/amendments/KeyedQueue.js';
import type { SharedLock } from '../../server/src/cluster/SharedLock.js';

const T0 = Date.UTC(2024, 4, 14, 9, 0, 0);
const HOUR = 3_600_000;

/** A logger that keeps what it was told. */
function recordingLogger(): Logger & { lines: { level: string; message: string }[] } {
  const lines: { level: string; message: string }[] = [];
  const log = (level: string) => (message: string) => lines.push({ level, message });
  return { lines, info: log('info'), warn: log('warn'), error: log('error') };
}

/** A scheduler on a manual clock and a memory store, recording what fired and when. */
function setUp(store: TaskStore = new MemoryTaskStore(), clock = new ManualClock(T0)) {
  const logger = recordingLogger();
  const scheduler = new Scheduler(store, clock, logger, { retryBaseMs: 1000, maxAttempts: 3 });
  const fired: { key: string | null; payload: unknown; at: number; now: number }[] = [];
  const record = (task: ScheduledTask) => {
    fired.push({ key: task.key, payload: task.payload, at: task.at, now: clock.now() });
  };
  return { store, clock, logger, scheduler, fired, record };
}

describe('Scheduler', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('TM2 fires each task at its instant, in the order of the instants', async () => {
    const { clock, scheduler, fired, record } = setUp();
    scheduler.handle('deadline', record);
    scheduler.handle('silence', record);
    await scheduler.start();
    await scheduler.schedule({ kind: 'deadline', at: T0 + 300, key: 'c' });
    await scheduler.schedule({ kind: 'silence', at: T0 + 100, key: 'a' });
    await scheduler.schedule({ kind: 'deadline', at: T0 + 200, key: 'b' });
    await scheduler.idle();
    expect(clock.pending).toBe(1); // one timer, for the next task only

    clock.advance(99);
    await scheduler.idle();
    expect(fired).toEqual([]);
    clock.advance(1);
    await scheduler.idle();
    expect(fired.map((f) => [f.key, f.now - T0])).toEqual([['a', 100]]);
    clock.advance(10_000);
    await scheduler.idle();
    expect(fired.map((f) => f.key)).toEqual(['a', 'b', 'c']);
    clock.advance(10_000);
    await scheduler.idle();
    expect(fired).toHaveLength(3);
    expect(clock.pending).toBe(0);
    await scheduler.stop();
  });

  it('TM2 an instant passed while the server was down fires at start, after a reopen', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-scheduler-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const before = new ManualClock(T0);
    const first = openSqliteStorage(dir, { clock: before });
    const running = setUp(first.tasks, before);
    running.scheduler.handle('deadline', running.record);
    await running.scheduler.start();
    await running.scheduler.schedule({
      kind: 'deadline',
      at: T0 + 2 * HOUR,
      key: 'r1',
      payload: { round: 1 },
    });
    await running.scheduler.schedule({
      kind: 'deadline',
      at: T0 + HOUR,
      key: 'r0',
      payload: { round: 0 },
    });
    await running.scheduler.schedule({
      kind: 'deadline',
      at: T0 + 5 * HOUR,
      key: 'r2',
      payload: { round: 2 },
    });
    await running.scheduler.stop();
    await first.close();
    expect(running.fired).toEqual([]);

    // The server comes back three hours later.
    const after = new ManualClock(T0 + 3 * HOUR);
    const second = openSqliteStorage(dir, { clock: after });
    cleanups.push(() => second.close());
    const restarted = setUp(second.tasks, after);
    restarted.scheduler.handle('deadline', restarted.record);
    await restarted.scheduler.start();
    expect(restarted.fired).toEqual([
      { key: 'r0', payload: { round: 0 }, at: T0 + HOUR, now: T0 + 3 * HOUR },
      { key: 'r1', payload: { round: 1 }, at: T0 + 2 * HOUR, now: T0 + 3 * HOUR },
    ]);
    expect((await second.tasks.get('r0'))!.status).toBe('done');
    after.advance(2 * HOUR);
    await restarted.scheduler.idle();
    expect(restarted.fired.map((f) => f.key)).toEqual(['r0', 'r1', 'r2']);
    await restarted.scheduler.stop();
  });

  it('TM2 a cancelled task never fires', async () => {
    const { clock, scheduler, fired, record } = setUp();
    scheduler.handle('deadline', record);
    await scheduler.start();
    const byId = await scheduler.schedule({ kind: 'deadline', at: T0 + 100 });
    await scheduler.schedule({ kind: 'deadline', at: T0 + 200, key: 'k' });
    await scheduler.schedule({ kind: 'deadline', at: T0 + 300, key: 'kept' });
    expect(await scheduler.cancel(byId.id)).toBe(true);
    expect(await scheduler.cancel('k')).toBe(true);
    expect(await scheduler.cancel('k')).toBe(false);
    clock.advance(1000);
    await scheduler.idle();
    expect(fired.map((f) => f.key)).toEqual(['kept']);
    await scheduler.stop();
  });

  it('TM2 a key makes scheduling idempotent; moving its instant moves the firing', async () => {
    const { clock, scheduler, fired, record, store } = setUp();
    scheduler.handle('deadline', record);
    await scheduler.start();
    const a = await scheduler.schedule({ kind: 'deadline', at: T0 + 100, key: 'round-1' });
    const b = await scheduler.schedule({ kind: 'deadline', at: T0 + 100, key: 'round-1' });
    expect(b.id).toBe(a.id);
    await scheduler.schedule({ kind: 'deadline', at: T0 + 500, key: 'round-1' });
    clock.advance(400);
    await scheduler.idle();
    expect(fired).toEqual([]);
    clock.advance(100);
    await scheduler.idle();
    expect(fired.map((f) => [f.key, f.now - T0])).toEqual([['round-1', 500]]);
    // Scheduled again as it was (a restart re-declaring its deadlines): it does not fire twice.
    await scheduler.schedule({ kind: 'deadline', at: T0 + 500, key: 'round-1' });
    clock.advance(1000);
    await scheduler.idle();
    expect(fired).toHaveLength(1);
    expect(await store.pending()).toEqual([]);
    await scheduler.stop();
  });

  it('TM2 a handler that throws is logged and retried with a growing wait, a bounded number of times', async () => {
    const { clock, scheduler, logger, store } = setUp();
    const attempts: number[] = [];
    scheduler.handle('flaky', () => {
      attempts.push(clock.now() - T0);
      if (attempts.length < 3) throw new Error(`attempt ${attempts.length} failed`);
    });
    scheduler.handle('broken', () => {
      throw new Error('always');
    });
    await scheduler.start();
    const flaky = await scheduler.schedule({ kind: 'flaky', at: T0 + 100 });
    const broken = await scheduler.schedule({ kind: 'broken', at: T0 + 100_000 });
    clock.advance(100);
    await scheduler.idle();
    expect(attempts).toEqual([100]);
    expect(await store.get(flaky.id)).toMatchObject({
      status: 'pending',
      attempts: 1,
      dueAt: T0 + 1100,
      lastError: 'Error: attempt 1 failed',
    });
    clock.advance(999);
    await scheduler.idle();
    expect(attempts).toEqual([100]);
    clock.advance(1);
    await scheduler.idle();
    clock.advance(2000); // the wait doubled
    await scheduler.idle();
    expect(attempts).toEqual([100, 1100, 3100]);
    expect((await store.get(flaky.id))!.status).toBe('done');
    expect(logger.lines.filter((l) => l.level === 'warn')).toHaveLength(2);

    for (let i = 0; i < 10; i++) {
      clock.advance(100_000);
      await scheduler.idle();
    }
    expect(await store.get(broken.id)).toMatchObject({
      status: 'failed',
      attempts: 3,
      lastError: 'Error: always',
    });
    expect(logger.lines.filter((l) => l.level === 'error').map((l) => l.message)).toEqual([
      'scheduled task failed for good',
    ]);
    expect(clock.pending).toBe(0);
    await scheduler.stop();
  });

  it('TM2 a task whose completion was not recorded runs again at the next start (at least once)', async () => {
    const store = new MemoryTaskStore();
    let refuseCompletion = true;
    const faulty: TaskStore = Object.assign(Object.create(store) as TaskStore, {
      complete: (id: string, revision: number) =>
        refuseCompletion
          ? Promise.reject(new Error('the disk went away'))
          : store.complete(id, revision),
    });
    const clock = new ManualClock(T0 + HOUR);
    await store.schedule({ kind: 'deadline', at: T0, key: 'r1' });
    const crashed = setUp(faulty, clock);
    crashed.scheduler.handle('deadline', crashed.record);
    await crashed.scheduler.start();
    expect(crashed.fired).toHaveLength(1);
    await crashed.scheduler.stop();
    expect((await store.get('r1'))!.status).toBe('pending');

    refuseCompletion = false;
    const restarted = setUp(faulty, clock);
    restarted.scheduler.handle('deadline', restarted.record);
    await restarted.scheduler.start();
    expect(restarted.fired).toHaveLength(1);
    expect((await store.get('r1'))!.status).toBe('done');
    await restarted.scheduler.stop();
  });

  it('TM2 a task scheduled by a handler for now fires in the same run; one without a handler waits for it', async () => {
    const { clock, scheduler, fired, record } = setUp();
    scheduler.handle('deadline', async (task) => {
      record(task);
      await scheduler.schedule({ kind: 'follow-up', at: clock.now(), key: 'f' });
      await scheduler.schedule({ kind: 'notice', at: clock.now(), key: 'n' });
    });
    scheduler.handle('notice', record);
    await scheduler.schedule({ kind: 'deadline', at: T0 + 100, key: 'd' });
    await scheduler.start();
    clock.advance(100);
    await scheduler.idle();
    expect(fired.map((f) => f.key)).toEqual(['d', 'n']);
    scheduler.handle('follow-up', record);
    await scheduler.idle();
    expect(fired.map((f) => f.key)).toEqual(['d', 'n', 'f']);
    await scheduler.stop();
  });

  it('TM2 after stop nothing fires', async () => {
    const { clock, scheduler, fired, record } = setUp();
    scheduler.handle('deadline', record);
    await scheduler.start();
    await scheduler.schedule({ kind: 'deadline', at: T0 + 100 });
    await scheduler.stop();
    expect(clock.pending).toBe(0);
    clock.advance(1000);
    await scheduler.idle();
    expect(fired).toEqual([]);
  });

  describe('TM3 two processes on one store', () => {
    /** The lock two schedulers share, as the processes of a cluster share PostgreSQL's. */
    function sharedLock(): SharedLock {
      const queue = new KeyedQueue();
      return { run: (key, task) => queue.run(key, task), close: async () => undefined };
    }

    /** Two schedulers (two processes) on one store and clock; handlers take a few turns. */
    function twoProcesses(lock: SharedLock | undefined) {
      const store = new MemoryTaskStore();
      const clock = new ManualClock(T0);
      const ran: string[] = [];
      const fail = new Set<string>();
      const schedulers = ['A', 'B'].map((name) => {
        const scheduler = new Scheduler(store, clock, recordingLogger(), {
          retryBaseMs: 1000,
          lock,
        });
        scheduler.handle('deadline', async (task) => {
          for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
          ran.push(`${name}:${task.key}`);
          if (fail.delete(task.key!)) throw new Error('the database went away');
        });
        return scheduler;
      });
      const idle = () => Promise.all(schedulers.map((s) => s.idle()));
      return { store, clock, ran, fail, schedulers, idle };
    }

    it('TM3 a task due in two processes runs once, in one of them', async () => {
      const { store, clock, ran, schedulers, idle } = twoProcesses(sharedLock());
      for (const key of ['a', 'b', 'c', 'd'])
        await schedulers[0]!.schedule({ kind: 'deadline', at: T0 + 100, key });
      await Promise.all(schedulers.map((s) => s.start()));
      clock.advance(100);
      await idle();
      expect(ran.map((r) => r.slice(2)).sort()).toEqual(['a', 'b', 'c', 'd']);
      expect(await store.pending()).toEqual([]);
      await Promise.all(schedulers.map((s) => s.stop()));
    });

    it('TM3 a failed attempt in one process is not run again by the other before its retry', async () => {
      const { store, clock, ran, fail, schedulers, idle } = twoProcesses(sharedLock());
      fail.add('a');
      await schedulers[0]!.schedule({ kind: 'deadline', at: T0 + 100, key: 'a' });
      await Promise.all(schedulers.map((s) => s.start()));
      clock.advance(100);
      await idle();
      expect(ran).toHaveLength(1);
      expect(await store.get('a')).toMatchObject({ status: 'pending', attempts: 1 });
      clock.advance(1000);
      await idle();
      expect(ran).toHaveLength(2);
      expect(await store.get('a')).toMatchObject({ status: 'done' });
      await Promise.all(schedulers.map((s) => s.stop()));
    });

    it('TM3 without the shared lock both processes run it (what the lock is for)', async () => {
      const { clock, ran, schedulers, idle } = twoProcesses(undefined);
      await schedulers[0]!.schedule({ kind: 'deadline', at: T0 + 100, key: 'a' });
      await Promise.all(schedulers.map((s) => s.start()));
      clock.advance(100);
      await idle();
      expect(ran.sort()).toEqual(['A:a', 'B:a']);
      await Promise.all(schedulers.map((s) => s.stop()));
    });
  });
});
