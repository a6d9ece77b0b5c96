import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BlockLabel } from '@accord/shared';
import type { Storage } from '../../server/src/storage/Storage.js';
import { ManualClock } from '../../server/src/time/ManualClock.js';
import type { StorageUnderTest } from './storageUnderTest.js';

const T0 = Date.UTC(2024, 4, 14, 9, 0, 0);

const bis: BlockLabel = { short: 'OP4 bis', long: 'Operative paragraph 4 bis' };
const ter: BlockLabel = { short: 'OP4 ter', long: 'Operative paragraph 4 ter' };

/**
 * The `LabelStore` contract (SPEC SL5, SL8): labels given during a round to new blocks are kept
 * per round and document, first given wins, in the order given, and survive a reopen.
 */
export function labelStoreContract(impl: StorageUnderTest): void {
  describe(`LabelStore contract: ${impl.name}`, () => {
    let clock: ManualClock;
    let storage: Storage;

    beforeEach(async () => {
      clock = new ManualClock(T0);
      storage = await impl.open(clock);
    });
    afterEach(() => storage.close());
    afterAll(async () => impl.cleanup?.());

    it('SL8 a new store keeps no labels', async () => {
      expect(await storage.labels.kept('zero-draft', 'declaration')).toEqual(new Map());
    });

    it('SL5 SL8 labels are kept per round and document, in the order given', async () => {
      await storage.labels.keep('zero-draft', 'declaration', new Map([['b-2', ter]]));
      await storage.labels.keep('zero-draft', 'declaration', new Map([['b-1', bis]]));
      await storage.labels.keep('zero-draft', 'call', new Map([['b-9', bis]]));
      await storage.labels.keep('second', 'declaration', new Map([['b-7', bis]]));
      const kept = await storage.labels.kept('zero-draft', 'declaration');
      expect([...kept]).toEqual([
        ['b-2', ter],
        ['b-1', bis],
      ]);
      expect([...(await storage.labels.kept('zero-draft', 'call'))]).toEqual([['b-9', bis]]);
      expect([...(await storage.labels.kept('second', 'declaration'))]).toEqual([['b-7', bis]]);
    });

    it('SL5 SL8 a kept label is never changed: the first given wins', async () => {
      await storage.labels.keep('zero-draft', 'declaration', new Map([['b-1', bis]]));
      await storage.labels.keep(
        'zero-draft',
        'declaration',
        new Map([
          ['b-1', ter],
          ['b-2', ter],
        ]),
      );
      expect(await storage.labels.kept('zero-draft', 'declaration')).toEqual(
        new Map([
          ['b-1', bis],
          ['b-2', ter],
        ]),
      );
    });

    it('SL8 what is read back cannot change what is stored', async () => {
      await storage.labels.keep('zero-draft', 'declaration', new Map([['b-1', { ...bis }]]));
      const read = await storage.labels.kept('zero-draft', 'declaration');
      read.get('b-1')!.short = 'changed';
      read.set('b-3', ter);
      expect(await storage.labels.kept('zero-draft', 'declaration')).toEqual(
        new Map([['b-1', bis]]),
      );
    });

    it('SL8 kept labels survive a reopen', async (ctx) => {
      if (!impl.reopen) return ctx.skip();
      await storage.labels.keep('zero-draft', 'declaration', new Map([['b-1', bis]]));
      storage = await impl.reopen(storage, clock);
      expect(await storage.labels.kept('zero-draft', 'declaration')).toEqual(
        new Map([['b-1', bis]]),
      );
    });
  });
}
