import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Delegation } from '@accord/shared';
import type { Storage } from '../../server/src/storage/Storage.js';
import { isoAt } from '../../server/src/time/Clock.js';
import { ManualClock } from '../../server/src/time/ManualClock.js';
import type { StorageUnderTest } from './storageUnderTest.js';

const T0 = Date.UTC(2024, 4, 14, 9, 0, 0);
const DAY = 86_400_000;

const turkiye: Delegation = {
  id: 'turkiye',
  name: 'Türkiye',
  kind: 'participating-state',
  roles: ['chair'],
};
const germany: Delegation = {
  id: 'germany',
  name: 'Germany',
  kind: 'participating-state',
  roles: [],
};
const icmpd: Delegation = {
  id: 'icmpd',
  name: 'ICMPD',
  kind: 'organisation',
  roles: ['secretariat'],
};

const newPerson = (username: string, delegationId: string) => ({
  username,
  displayName: `Person ${username}`,
  delegationId,
  passwordHash: `hash-of-${username}`,
});

/**
 * The `Directory` contract (SPEC ST5, TM1): refusal values instead of exceptions for what a
 * user can cause, atomic writes, and "now" read from the storage's clock.
 */
export function directoryContract(impl: StorageUnderTest): void {
  describe(`Directory contract: ${impl.name}`, () => {
    let clock: ManualClock;
    let storage: Storage;

    beforeEach(async () => {
      clock = new ManualClock(T0);
      storage = await impl.open(clock);
    });
    afterEach(() => storage.close());
    afterAll(async () => impl.cleanup?.());

    it('ST5 delegations: created together or not at all, in order, roles replaced', async () => {
      const dir = storage.directory;
      expect(await dir.isEmpty()).toBe(true);
      expect(await dir.createDelegations([turkiye, germany])).toBe(true);
      expect(await dir.isEmpty()).toBe(false);
      expect(await dir.createDelegations([icmpd, germany])).toBe('conflict');
      expect(await dir.createDelegations([icmpd, icmpd])).toBe('conflict');
      expect(await dir.getDelegation('icmpd')).toBeNull();
      expect(await dir.createDelegations([icmpd])).toBe(true);
      expect(await dir.listDelegations()).toEqual([turkiye, germany, icmpd]);

      expect(await dir.setRoles('germany', ['co-chair', 'reference-group'])).toBe(true);
      expect(await dir.setRoles('nowhere', ['chair'])).toBe('not-found');
      const got = await dir.getDelegation('germany');
      expect(got).toEqual({ ...germany, roles: ['co-chair', 'reference-group'] });
      got!.roles.push('chair');
      expect((await dir.getDelegation('germany'))!.roles).toEqual(['co-chair', 'reference-group']);
    });

    it('ST5 people: user names unique whatever their case, refusals as values', async () => {
      const dir = storage.directory;
      await dir.createDelegations([turkiye, germany]);
      const anna = await dir.createPerson(newPerson('Anna', 'germany'));
      if (typeof anna === 'string') throw new Error(anna);
      expect(anna).toMatchObject({ ...newPerson('Anna', 'germany'), disabled: false });
      expect(await dir.createPerson(newPerson('anna', 'turkiye'))).toBe('conflict');
      expect(await dir.createPerson(newPerson('zed', 'nowhere'))).toBe('not-found');
      expect(await dir.findPersonByUsername('ANNA')).toEqual(anna);
      expect(await dir.getPerson(anna.id)).toEqual(anna);
      expect(await dir.getPerson('nobody')).toBeNull();
      expect(await dir.findPersonByUsername('zed')).toBeNull();

      await dir.createPerson(newPerson('ali', 'turkiye'));
      await dir.createPerson(newPerson('bert', 'germany'));
      await dir.createPerson(newPerson('Aaron', 'turkiye'));
      expect((await dir.listPeople()).map((p) => p.username)).toEqual([
        'Anna',
        'bert',
        'Aaron',
        'ali',
      ]);
      expect(await dir.setDisabled(anna.id, true)).toBe(true);
      expect((await dir.getPerson(anna.id))!.disabled).toBe(true);
      expect(await dir.setDisabled('nobody', true)).toBe('not-found');
    });

    it('TM1 sessions are forgotten once expired by the clock, not before', async () => {
      const dir = storage.directory;
      await dir.createDelegations([germany]);
      const anna = await dir.createPerson(newPerson('anna', 'germany'));
      const bert = await dir.createPerson(newPerson('bert', 'germany'));
      if (typeof anna === 'string' || typeof bert === 'string') throw new Error('no person');
      await dir.createSession('s-anna', { personId: anna.id, expiresAt: T0 + 1000 });
      expect(await dir.getSession('s-anna')).toEqual({ personId: anna.id, expiresAt: T0 + 1000 });

      clock.set(T0 + 999);
      await dir.createSession('s-bert', { personId: bert.id, expiresAt: T0 + DAY });
      expect(await dir.getSession('s-anna')).not.toBeNull();
      clock.set(T0 + 1000);
      await dir.createSession('s-bert-2', { personId: bert.id, expiresAt: T0 + DAY });
      expect(await dir.getSession('s-anna')).toBeNull();
      expect(await dir.getSession('s-bert')).toEqual({ personId: bert.id, expiresAt: T0 + DAY });

      await dir.deleteSessionsOf(bert.id);
      expect(await dir.getSession('s-bert')).toBeNull();
      expect(await dir.getSession('s-bert-2')).toBeNull();
      await dir.createSession('s-anna-2', { personId: anna.id, expiresAt: T0 + DAY });
      await dir.deleteSession('s-anna-2');
      expect(await dir.getSession('s-anna-2')).toBeNull();
      await expect(
        dir.createSession('s-ghost', { personId: 'nobody', expiresAt: T0 + DAY }),
      ).rejects.toThrow();
    });

    it('TM1 ST5 an invitation makes one account, until it expires by the clock', async () => {
      const dir = storage.directory;
      await dir.createDelegations([germany, icmpd]);
      const invite = (hash: string, createdAt: number) =>
        dir.createInvitation(hash, {
          delegationId: 'germany',
          displayName: 'Dr. Anna Schmidt',
          createdBy: 'p-secretariat',
          createdAt: isoAt(createdAt),
          expiresAt: isoAt(createdAt + 14 * DAY),
        });
      const first = await invite('i-1', T0);
      const second = await invite('i-2', T0 + 1000);
      expect(first).toMatchObject({ delegationId: 'germany', usedAt: null, usedBy: null });
      expect(await dir.findInvitation('i-1')).toEqual(first);
      expect(await dir.findInvitation('i-0')).toBeNull();
      expect(await dir.listInvitations()).toEqual([second, first]);

      expect(await dir.acceptInvitation('i-0', { username: 'x', passwordHash: 'h' })).toBe(
        'not-found',
      );
      clock.set(T0 + 5000);
      const [anna, again] = await Promise.all([
        dir.acceptInvitation('i-1', { username: 'anna', passwordHash: 'h1' }),
        dir.acceptInvitation('i-1', { username: 'anna2', passwordHash: 'h2' }),
      ]);
      if (typeof anna === 'string') throw new Error(anna);
      expect(again).toBe('used');
      expect(anna).toMatchObject({
        username: 'anna',
        displayName: 'Dr. Anna Schmidt',
        delegationId: 'germany',
        passwordHash: 'h1',
        disabled: false,
      });
      expect(await dir.findPersonByUsername('anna2')).toBeNull();
      expect(await dir.findInvitation('i-1')).toEqual({
        ...first,
        usedAt: isoAt(T0 + 5000),
        usedBy: anna.id,
      });

      // A taken user name leaves the invitation usable.
      expect(await dir.acceptInvitation('i-2', { username: 'ANNA', passwordHash: 'h' })).toBe(
        'conflict',
      );
      expect((await dir.findInvitation('i-2'))!.usedAt).toBeNull();
      // Valid up to its expiry instant, expired just after, by the clock alone.
      clock.set(T0 + 1000 + 14 * DAY + 1);
      expect(await dir.acceptInvitation('i-2', { username: 'bert', passwordHash: 'h' })).toBe(
        'expired',
      );
      expect(await dir.findPersonByUsername('bert')).toBeNull();
    });

    it('TM1 an invitation is still valid at its expiry instant', async () => {
      const dir = storage.directory;
      await dir.createDelegations([germany]);
      await dir.createInvitation('i-1', {
        delegationId: 'germany',
        displayName: 'Bert',
        createdBy: 'p-secretariat',
        createdAt: isoAt(T0),
        expiresAt: isoAt(T0 + DAY),
      });
      clock.set(T0 + DAY);
      const bert = await dir.acceptInvitation('i-1', { username: 'bert', passwordHash: 'h' });
      expect(typeof bert).toBe('object');
    });

    it.skipIf(!impl.reopen)('ST5 the directory survives a restart', async () => {
      const dir = storage.directory;
      await dir.createDelegations([turkiye, germany]);
      const anna = await dir.createPerson(newPerson('anna', 'germany'));
      if (typeof anna === 'string') throw new Error(anna);
      await dir.createSession('s-anna', { personId: anna.id, expiresAt: T0 + DAY });
      storage = await impl.reopen!(storage, clock);
      expect(await storage.directory.listDelegations()).toEqual([turkiye, germany]);
      expect(await storage.directory.findPersonByUsername('anna')).toEqual(anna);
      expect(await storage.directory.getSession('s-anna')).toEqual({
        personId: anna.id,
        expiresAt: T0 + DAY,
      });
    });
  });
}
