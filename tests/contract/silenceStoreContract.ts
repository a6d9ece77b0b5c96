import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SilenceProcedure } from '@accord/shared';
import type { Storage } from '../../server/src/storage/Storage.js';
import { ManualClock } from '../../server/src/time/ManualClock.js';
import type { StorageUnderTest } from './storageUnderTest.js';

const T0 = Date.UTC(2024, 10, 1, 9, 0, 0);

/** A procedure under silence, with `overrides`. */
function procedure(overrides: Partial<SilenceProcedure> = {}): SilenceProcedure {
  return {
    id: 's1',
    roundId: 'silence',
    documentIds: ['declaration'],
    expiry: { at: '2024-11-12T17:00:00.000Z', zone: 'Europe/Budapest' },
    startedBy: 'p-chair',
    startedAt: '2024-11-01T09:00:00.000Z',
    state: 'under-silence',
    decidedAt: null,
    decidedBy: null,
    breaks: [],
    ...overrides,
  };
}

const BREAK = {
  delegationId: 'germany',
  delegationName: 'Germany',
  personId: 'p-germany',
  documentId: 'declaration',
  blockIds: ['b1', 'b2'],
  labels: ['OP1', 'OP2'],
  reason: 'Not acceptable to our capital.',
  at: '2024-11-05T10:00:00.000Z',
};

/**
 * The `SilenceStore` contract (issue 9, SI1–SI9): what every implementation must do, checked
 * through the `Storage` interfaces only.
 */
export function silenceStoreContract(impl: StorageUnderTest): void {
  describe(`SilenceStore contract: ${impl.name}`, () => {
    let clock: ManualClock;
    let storage: Storage;

    beforeEach(async () => {
      clock = new ManualClock(T0);
      storage = await impl.open(clock);
    });
    afterEach(() => storage.close());
    afterAll(async () => impl.cleanup?.());

    it('SI1 a new store has no procedures', async () => {
      expect(await storage.silence.list()).toEqual([]);
      expect(await storage.silence.get('s1')).toBeNull();
    });

    it('SI1 put stores a procedure and a later put replaces it; listed oldest first', async () => {
      const store = storage.silence;
      const later = procedure({ id: 'a-later', startedAt: '2024-11-02T09:00:00.000Z' });
      expect(await store.put(later)).toEqual(later);
      await store.put(procedure());
      expect((await store.list()).map((p) => p.id)).toEqual(['s1', 'a-later']);
      const broken = procedure({ breaks: [BREAK] });
      await store.put(broken);
      expect(await store.get('s1')).toEqual(broken);
      const decided = {
        ...broken,
        state: 'not-adopted' as const,
        decidedAt: '2024-11-12T17:01:00.000Z',
      };
      await store.put(decided);
      expect(await store.get('s1')).toEqual(decided);
      expect(await store.list()).toHaveLength(2);
    });

    it('SI5 an invalid procedure is refused and nothing is stored', async () => {
      const store = storage.silence;
      await store.put(procedure());
      await expect(store.put(procedure({ state: 'lost' as 'adopted' }))).rejects.toThrow();
      await expect(
        store.put(procedure({ id: 's2', breaks: [{ ...BREAK, reason: '' }] })),
      ).rejects.toThrow();
      await expect(store.put(procedure({ id: 's3', documentIds: [] }))).rejects.toThrow();
      expect(await store.list()).toEqual([procedure()]);
    });

    it('SI1 what was stored cannot be changed through the objects given or returned', async () => {
      const given = procedure({ breaks: [structuredClone(BREAK)] });
      const returned = await storage.silence.put(given);
      given.breaks[0]!.reason = 'changed';
      returned.documentIds.push('other');
      const read = await storage.silence.get('s1');
      read!.state = 'adopted';
      expect(await storage.silence.get('s1')).toEqual(procedure({ breaks: [BREAK] }));
    });

    it.skipIf(!impl.reopen)('ST5 silence procedures survive a restart', async () => {
      await storage.silence.put(procedure({ breaks: [BREAK] }));
      storage = await impl.reopen!(storage, clock);
      expect(await storage.silence.list()).toEqual([procedure({ breaks: [BREAK] })]);
    });
  });
}
