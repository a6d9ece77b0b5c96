import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ParagraphStatus } from '@accord/shared';
import type { Storage } from '../../server/src/storage/Storage.js';
import { ManualClock } from '../../server/src/time/ManualClock.js';
import type { StorageUnderTest } from './storageUnderTest.js';

const T0 = Date.UTC(2024, 4, 14, 9, 0, 0);

const chair = { personId: 'p-chair', name: 'Chair', delegationId: 'chair' };

const status = (blockId: string, over: Partial<ParagraphStatus> = {}): ParagraphStatus => ({
  documentId: 'declaration',
  blockId,
  status: 'agreed',
  waitingFor: null,
  setBy: chair,
  setAt: '2024-05-14T09:00:00.000Z',
  ...over,
});

/**
 * The `StatusStore` contract (SPEC NS1): one status per block of a document, a new one replaces
 * the old, listed in the order last set, cleared on request, and surviving a reopen.
 */
export function statusStoreContract(impl: StorageUnderTest): void {
  describe(`StatusStore contract: ${impl.name}`, () => {
    let clock: ManualClock;
    let storage: Storage;

    beforeEach(async () => {
      clock = new ManualClock(T0);
      storage = await impl.open(clock);
    });
    afterEach(() => storage.close());
    afterAll(async () => impl.cleanup?.());

    it('NS1 a new store holds no statuses', async () => {
      expect(await storage.statuses.list('declaration')).toEqual([]);
    });

    it('NS1 statuses are kept per document, with who set them and when', async () => {
      const pending = status('op-2', { status: 'pending', waitingFor: 'germany' });
      await storage.statuses.put(status('op-1'));
      await storage.statuses.put(pending);
      await storage.statuses.put(status('op-1', { documentId: 'call' }));
      expect(await storage.statuses.list('declaration')).toEqual([status('op-1'), pending]);
      expect(await storage.statuses.list('call')).toEqual([status('op-1', { documentId: 'call' })]);
    });

    it("NS1 a new status replaces the block's old one and moves it last", async () => {
      await storage.statuses.put(status('op-1'));
      await storage.statuses.put(status('op-2'));
      const held = status('op-1', { status: 'held', setAt: '2024-05-14T10:00:00.000Z' });
      await storage.statuses.put(held);
      expect(await storage.statuses.list('declaration')).toEqual([status('op-2'), held]);
    });

    it('NS1 a status is cleared on request; clearing none changes nothing', async () => {
      await storage.statuses.put(status('op-1'));
      await storage.statuses.put(status('op-2'));
      await storage.statuses.remove('declaration', 'op-1');
      await storage.statuses.remove('declaration', 'op-9');
      expect(await storage.statuses.list('declaration')).toEqual([status('op-2')]);
    });

    it('NS1 what is read back cannot change what is stored', async () => {
      await storage.statuses.put(status('op-1'));
      const [read] = await storage.statuses.list('declaration');
      read!.setBy.name = 'changed';
      read!.status = 'held';
      expect(await storage.statuses.list('declaration')).toEqual([status('op-1')]);
    });

    it('NS1 statuses survive a reopen', async (ctx) => {
      if (!impl.reopen) return ctx.skip();
      await storage.statuses.put(status('op-1', { status: 'pending', waitingFor: 'france' }));
      storage = await impl.reopen(storage, clock);
      expect(await storage.statuses.list('declaration')).toEqual([
        status('op-1', { status: 'pending', waitingFor: 'france' }),
      ]);
    });
  });
}
