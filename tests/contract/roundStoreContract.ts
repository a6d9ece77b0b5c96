import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_ROUNDS, type Extension, type Round } from '@accord/shared';
import type { Storage } from '../../server/src/storage/Storage.js';
import { ManualClock } from '../../server/src/time/ManualClock.js';
import type { StorageUnderTest } from './storageUnderTest.js';

const T0 = Date.UTC(2024, 4, 14, 9, 0, 0);
const AT = new Date(T0).toISOString();
const DEADLINE = { at: '2024-05-31T21:59:00.000Z', zone: 'Europe/Budapest' };

/** The default rounds with the zero draft open for feedback until DEADLINE. */
function underWay(): Round[] {
  return DEFAULT_ROUNDS.map((r, i) =>
    i === 0 ? { ...r, phase: 'feedback', deadline: { ...DEADLINE }, startedAt: AT } : { ...r },
  );
}

/** An extension of the zero draft to Germany, with `overrides`. */
function extension(overrides: Partial<Extension> = {}): Extension {
  return {
    roundId: 'zero-draft',
    delegationId: 'germany',
    until: '2024-06-02T21:59:00.000Z',
    grantedBy: 'p-chair',
    at: AT,
    ...overrides,
  };
}

/**
 * The `RoundStore` contract (issue 9; the round record of RD1, the order of RD5, extensions of
 * DL6): what every implementation must do, checked through the `Storage` interfaces only.
 */
export function roundStoreContract(impl: StorageUnderTest): void {
  describe(`RoundStore contract: ${impl.name}`, () => {
    let clock: ManualClock;
    let storage: Storage;

    beforeEach(async () => {
      clock = new ManualClock(T0);
      storage = await impl.open(clock);
    });
    afterEach(() => storage.close());
    afterAll(async () => impl.cleanup?.());

    it('RD1 a new store has no rounds and no extensions', async () => {
      expect(await storage.rounds.list()).toEqual([]);
      expect(await storage.rounds.get('zero-draft')).toBeNull();
      expect(await storage.rounds.extensions('zero-draft')).toEqual([]);
    });

    it('RD1 replaceAll stores the whole list, listed by position whatever the order given', async () => {
      const store = storage.rounds;
      const rounds = underWay();
      const given = [rounds[2]!, rounds[0]!, rounds[3]!, rounds[1]!];
      expect(await store.replaceAll(given)).toEqual(rounds);
      expect(await store.list()).toEqual(rounds);
      expect(await store.get('zero-draft')).toEqual(rounds[0]);
      expect(await store.get('nowhere')).toBeNull();
      // A second replaceAll replaces: a round it leaves out is gone.
      const shorter = rounds.slice(0, 2);
      await store.replaceAll(shorter);
      expect(await store.list()).toEqual(shorter);
      expect(await store.get('final-text')).toBeNull();
    });

    it('RD1 a record without a kind is stored as a reading', async () => {
      const { kind: _kind, ...noKind } = DEFAULT_ROUNDS[0]!;
      await storage.rounds.replaceAll([noKind as Round]);
      expect((await storage.rounds.get('zero-draft'))?.kind).toBe('reading');
    });

    it('RD1 an invalid record rejects the whole list and keeps the previous one', async () => {
      const store = storage.rounds;
      const before = await store.replaceAll(underWay());
      const invalid: Partial<Round>[] = [
        { name: '' },
        { name: 'Two\nlines' },
        { id: '' },
        { position: -1 },
        { phase: 'closed' as Round['phase'] },
        { deadline: { at: '2024-05-31T21:59:00.000Z', zone: '+01:00' } },
        { startedAt: 'yesterday' },
      ];
      for (const change of invalid) {
        const list = underWay().map((r, i) => (i === 1 ? { ...r, ...change } : r));
        await expect(store.replaceAll(list)).rejects.toThrow();
        expect(await store.list()).toEqual(before);
      }
    });

    it('RD5 a list out of order rejects and keeps the previous one', async () => {
      const store = storage.rounds;
      const before = await store.replaceAll(underWay());
      const twoInFeedback = underWay().map((r, i) =>
        i === 1 ? { ...r, phase: 'feedback' as const, deadline: DEADLINE, startedAt: AT } : r,
      );
      const samePosition = underWay().map((r, i) => (i === 3 ? { ...r, position: 2 } : r));
      const sameId = underWay().map((r, i) => (i === 3 ? { ...r, id: 'zero-draft' } : r));
      for (const list of [twoInFeedback, samePosition, sameId]) {
        await expect(store.replaceAll(list)).rejects.toThrow();
        expect(await store.list()).toEqual(before);
      }
    });

    it('DL6 extensions are listed per round, oldest grant first, null granting to all', async () => {
      const store = storage.rounds;
      await store.replaceAll(underWay());
      const germany = extension();
      const all = extension({ delegationId: null, until: '2024-06-01T21:59:00.000Z' });
      const other = extension({ roundId: 'consolidated-draft', delegationId: 'france' });
      const later = extension({ until: '2024-06-05T21:59:00.000Z', at: '2024-06-01T08:00:00Z' });
      for (const e of [germany, all, other, later]) await store.grantExtension(e);
      expect(await store.extensions('zero-draft')).toEqual([germany, all, later]);
      expect(await store.extensions('consolidated-draft')).toEqual([other]);
      expect(await store.extensions('final-text')).toEqual([]);
      // Replacing the rounds keeps the grants.
      await store.replaceAll(underWay());
      expect(await store.extensions('zero-draft')).toEqual([germany, all, later]);
    });

    it('DL6 an invalid extension is refused and nothing is stored', async () => {
      const store = storage.rounds;
      const invalid: Extension[] = [
        extension({ roundId: '' }),
        extension({ delegationId: '' }),
        extension({ until: '2024-06-02 23:59' }),
        extension({ grantedBy: '' }),
        extension({ at: 'now' }),
      ];
      for (const e of invalid) await expect(store.grantExtension(e)).rejects.toThrow();
      expect(await store.extensions('zero-draft')).toEqual([]);
    });

    it('RD1 what was stored cannot be changed through the objects given or returned', async () => {
      const store = storage.rounds;
      const given = underWay();
      const stored = await store.replaceAll(given);
      given[0]!.name = 'Changed';
      given[0]!.deadline!.zone = 'UTC';
      stored[1]!.name = 'Changed too';
      (await store.list())[2]!.name = 'Changed again';
      (await store.get('final-text'))!.phase = 'published';
      expect(await store.list()).toEqual(underWay());
      const granted = extension();
      await store.grantExtension(granted);
      granted.until = '2030-01-01T00:00:00.000Z';
      (await store.extensions('zero-draft'))[0]!.delegationId = null;
      expect(await store.extensions('zero-draft')).toEqual([extension()]);
    });

    it.skipIf(!impl.reopen)('ST5 rounds and extensions survive a restart', async () => {
      await storage.rounds.replaceAll(underWay());
      await storage.rounds.grantExtension(extension());
      await storage.rounds.grantExtension(extension({ delegationId: null }));
      storage = await impl.reopen!(storage, clock);
      expect(await storage.rounds.list()).toEqual(underWay());
      expect(await storage.rounds.extensions('zero-draft')).toEqual([
        extension(),
        extension({ delegationId: null }),
      ]);
      // The reopened store still judges the order.
      const twoUnderWay = underWay().map((r, i) =>
        i === 1 ? { ...r, phase: 'drafting' as const, startedAt: AT } : r,
      );
      await expect(storage.rounds.replaceAll(twoUnderWay)).rejects.toThrow();
      expect(await storage.rounds.list()).toEqual(underWay());
    });
  });
}
