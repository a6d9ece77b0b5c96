import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewAuditEntry } from '../../server/src/storage/AuditLog.js';
import type { Storage } from '../../server/src/storage/Storage.js';
import { isoAt } from '../../server/src/time/Clock.js';
import { ManualClock } from '../../server/src/time/ManualClock.js';
import type { StorageUnderTest } from './storageUnderTest.js';

const T0 = Date.UTC(2024, 4, 14, 9, 0, 0);

const entry = (action: string, detail: Record<string, unknown> = {}): NewAuditEntry => ({
  personId: 'p-1',
  username: 'icmpd',
  delegationId: 'icmpd',
  action,
  target: null,
  outcome: 'ok',
  detail,
});

/** The `AuditLog` contract (SPEC ST5, TM1): append-only, ordered, dated by the clock. */
export function auditLogContract(impl: StorageUnderTest): void {
  describe(`AuditLog contract: ${impl.name}`, () => {
    let clock: ManualClock;
    let storage: Storage;

    beforeEach(async () => {
      clock = new ManualClock(T0);
      storage = await impl.open(clock);
    });
    afterEach(() => storage.close());
    afterAll(async () => impl.cleanup?.());

    it('TM1 ST5 entries are dated by the clock, numbered in order and listed newest first', async () => {
      const appended = [];
      for (let i = 0; i < 5; i++) {
        clock.advance(1000 + i);
        appended.push(await storage.audit.append(entry(i % 2 ? 'role.change' : 'sign-in', { i })));
      }
      for (let i = 1; i < appended.length; i++)
        expect(appended[i]!.id).toBeGreaterThan(appended[i - 1]!.id);
      expect(appended.map((e) => e.at)).toEqual([
        isoAt(T0 + 1000),
        isoAt(T0 + 2001),
        isoAt(T0 + 3003),
        isoAt(T0 + 4006),
        isoAt(T0 + 5010),
      ]);
      const listed = await storage.audit.list();
      expect(listed).toEqual([...appended].reverse());
      expect(listed[0]).toEqual({
        ...entry('sign-in', { i: 4 }),
        id: appended[4]!.id,
        at: isoAt(T0 + 5010),
      });
      expect((await storage.audit.list({ action: 'role.change' })).map((e) => e.detail)).toEqual([
        { i: 3 },
        { i: 1 },
      ]);
      expect(await storage.audit.list({ limit: 2 })).toEqual([appended[4], appended[3]]);
      expect(await storage.audit.list({ limit: 0 })).toEqual([appended[4]]);
    });

    it('ST5 an entry cannot be changed through the objects given or returned', async () => {
      const detail = { reason: 'first', nested: { n: 1 } };
      await storage.audit.append({ ...entry('sign-in'), detail });
      detail.reason = 'changed';
      detail.nested.n = 2;
      const [listed] = await storage.audit.list();
      listed!.detail.reason = 'changed again';
      listed!.action = 'nothing happened';
      const [again] = await storage.audit.list();
      expect(again).toMatchObject({
        action: 'sign-in',
        detail: { reason: 'first', nested: { n: 1 } },
      });
    });

    it.skipIf(!impl.reopen)('ST5 the trail survives a restart', async () => {
      const a = await storage.audit.append(entry('sign-in'));
      clock.advance(10);
      const b = await storage.audit.append(entry('sign-out'));
      storage = await impl.reopen!(storage, clock);
      expect(await storage.audit.list()).toEqual([b, a]);
      const c = await storage.audit.append(entry('sign-in'));
      expect(c.id).toBeGreaterThan(b.id);
    });
  });
}
