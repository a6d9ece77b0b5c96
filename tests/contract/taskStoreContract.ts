import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Storage } from '../../server/src/storage/Storage.js';
import { ManualClock } from '../../server/src/time/ManualClock.js';
import type { StorageUnderTest } from './storageUnderTest.js';

const T0 = Date.UTC(2024, 4, 14, 9, 0, 0);
const HOUR = 3_600_000;

/** The `TaskStore` contract (SPEC ST5, TM2): durable tasks, idempotent keys, revisions. */
export function taskStoreContract(impl: StorageUnderTest): void {
  describe(`TaskStore contract: ${impl.name}`, () => {
    let storage: Storage;

    beforeEach(async () => {
      storage = await impl.open(new ManualClock(T0));
    });
    afterEach(() => storage.close());
    afterAll(async () => impl.cleanup?.());

    it('TM2 pending tasks come by due instant, then in the order they were scheduled', async () => {
      const tasks = storage.tasks;
      const late = await tasks.schedule({
        kind: 'round.deadline',
        at: T0 + 2 * HOUR,
        payload: { round: 2 },
      });
      const early = await tasks.schedule({ kind: 'silence.end', at: T0 + HOUR });
      const tie = await tasks.schedule({
        kind: 'round.deadline',
        at: T0 + HOUR,
        payload: [1, 'x'],
      });
      expect(early).toMatchObject({
        kind: 'silence.end',
        at: T0 + HOUR,
        dueAt: T0 + HOUR,
        payload: null,
        key: null,
        status: 'pending',
        attempts: 0,
        lastError: null,
      });
      expect(new Set([late.id, early.id, tie.id]).size).toBe(3);
      expect(await tasks.pending()).toEqual([early, tie, late]);
      expect(await tasks.get(late.id)).toEqual(late);
      expect(late.payload).toEqual({ round: 2 });
      expect(await tasks.get('nothing')).toBeNull();
    });

    it('TM2 a key names one task: the same schedule twice changes nothing, another moves it', async () => {
      const tasks = storage.tasks;
      const first = await tasks.schedule({
        kind: 'round.deadline',
        at: T0 + HOUR,
        key: 'deadline:r1',
        payload: { r: 1 },
      });
      const same = await tasks.schedule({
        kind: 'round.deadline',
        at: T0 + HOUR,
        key: 'deadline:r1',
        payload: { r: 1 },
      });
      expect(same).toEqual(first);
      const moved = await tasks.schedule({
        kind: 'round.deadline',
        at: T0 + 2 * HOUR,
        key: 'deadline:r1',
        payload: { r: 1 },
      });
      expect(moved).toMatchObject({
        id: first.id,
        at: T0 + 2 * HOUR,
        dueAt: T0 + 2 * HOUR,
        key: 'deadline:r1',
      });
      expect(moved.revision).not.toBe(first.revision);
      expect(await tasks.pending()).toEqual([moved]);
      expect(await tasks.get('deadline:r1')).toEqual(moved);

      // Done at that instant: scheduling it again does not make it fire twice.
      expect(await tasks.complete(moved.id, moved.revision)).toBe(true);
      const after = await tasks.schedule({
        kind: 'round.deadline',
        at: T0 + 2 * HOUR,
        key: 'deadline:r1',
        payload: { r: 1 },
      });
      expect(after.status).toBe('done');
      expect(await tasks.pending()).toEqual([]);
      // A new instant (the deadline was extended) arms it again.
      const extended = await tasks.schedule({
        kind: 'round.deadline',
        at: T0 + 3 * HOUR,
        key: 'deadline:r1',
        payload: { r: 1 },
      });
      expect(extended).toMatchObject({ id: first.id, status: 'pending', attempts: 0 });
      expect(await tasks.pending()).toEqual([extended]);
    });

    it('TM2 cancel by id or key; only pending tasks can be cancelled', async () => {
      const tasks = storage.tasks;
      const a = await tasks.schedule({ kind: 'k', at: T0 + 1 });
      const b = await tasks.schedule({ kind: 'k', at: T0 + 2, key: 'b' });
      expect(await tasks.cancel(a.id)).toBe(true);
      expect(await tasks.cancel('b')).toBe(true);
      expect(await tasks.cancel('b')).toBe(false);
      expect(await tasks.cancel('nothing')).toBe(false);
      expect(await tasks.pending()).toEqual([]);
      expect((await tasks.get(a.id))!.status).toBe('cancelled');
      // A cancelled keyed task can be scheduled again.
      const again = await tasks.schedule({ kind: 'k', at: T0 + 2, key: 'b' });
      expect(again).toMatchObject({ id: b.id, status: 'pending' });
      // A finished attempt cannot settle a task cancelled meanwhile.
      expect(await tasks.complete(a.id, a.revision)).toBe(false);
      expect((await tasks.get(a.id))!.status).toBe('cancelled');
    });

    it('TM2 an attempt settles only the revision it ran; failures count and move the task', async () => {
      const tasks = storage.tasks;
      const t = await tasks.schedule({ kind: 'k', at: T0, key: 't' });
      expect(await tasks.fail(t.id, t.revision, 'Error: disk full', T0 + 1000)).toBe(true);
      const failed = (await tasks.get(t.id))!;
      expect(failed).toMatchObject({
        status: 'pending',
        attempts: 1,
        dueAt: T0 + 1000,
        at: T0,
        lastError: 'Error: disk full',
      });
      // Rescheduled while the attempt ran: the old attempt neither completes nor fails it.
      const moved = await tasks.schedule({ kind: 'k', at: T0 + 5000, key: 't' });
      expect(await tasks.complete(t.id, t.revision)).toBe(false);
      expect(await tasks.fail(t.id, t.revision, 'late', null)).toBe(false);
      expect(await tasks.pending()).toEqual([moved]);
      expect(await tasks.fail(moved.id, moved.revision, 'Error: again', null)).toBe(true);
      expect(await tasks.get(t.id)).toMatchObject({
        status: 'failed',
        attempts: 1,
        lastError: 'Error: again',
      });
      expect(await tasks.pending()).toEqual([]);
    });

    it.skipIf(!impl.reopen)('TM2 scheduled tasks survive a restart', async () => {
      const a = await storage.tasks.schedule({
        kind: 'round.deadline',
        at: T0 + HOUR,
        key: 'deadline:r1',
        payload: { round: 1 },
      });
      const b = await storage.tasks.schedule({ kind: 'silence.end', at: T0 + 30_000 });
      await storage.tasks.complete(b.id, b.revision);
      storage = await impl.reopen!(storage, new ManualClock(T0 + 2 * HOUR));
      expect(await storage.tasks.pending()).toEqual([a]);
      expect((await storage.tasks.get(b.id))!.status).toBe('done');
    });
  });
}
