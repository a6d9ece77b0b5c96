import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { summaryOf, type Version } from '@accord/shared';
import type { Storage } from '../../server/src/storage/Storage.js';
import type { StoredVersion } from '../../server/src/storage/VersionStore.js';
import { ManualClock } from '../../server/src/time/ManualClock.js';
import type { StorageUnderTest } from './storageUnderTest.js';

const T0 = Date.UTC(2024, 1, 15, 17, 0, 0);

/** A Yjs state with `text` in it (any non-empty state will do for the store). */
function state(text: string): Uint8Array {
  const doc = new Y.Doc({ gc: false });
  doc.getText('t').insert(0, text);
  return Y.encodeStateAsUpdate(doc);
}

/** A version of the declaration published in the zero draft, with `overrides`. */
function version(overrides: Partial<Version> = {}): Version {
  return {
    id: 'zero-draft',
    documentId: 'declaration',
    roundId: 'zero-draft',
    roundName: 'Zero draft',
    kind: 'published',
    createdAt: new Date(T0).toISOString(),
    createdBy: 'p-chair',
    seq: 12,
    blocks: [
      {
        id: 'op-1',
        type: 'operative',
        label: 'OP1',
        longLabel: 'Operative paragraph 1',
        previousLabel: 'OP1',
        text: 'Adopts.',
      },
    ],
    amendments: [],
    ...overrides,
  };
}

const stored = (v: Version, text = v.id): StoredVersion => ({ version: v, state: state(text) });

/**
 * The `VersionStore` contract (issue 9, SPEC VR2): what every implementation must do, checked
 * through the `Storage` interfaces only.
 */
export function versionStoreContract(impl: StorageUnderTest): void {
  describe(`VersionStore contract: ${impl.name}`, () => {
    let clock: ManualClock;
    let storage: Storage;

    beforeEach(async () => {
      clock = new ManualClock(T0);
      storage = await impl.open(clock);
    });
    afterEach(() => storage.close());
    afterAll(async () => impl.cleanup?.());

    it('VR2 a new store has no versions', async () => {
      expect(await storage.versions.list('declaration')).toEqual([]);
      expect(await storage.versions.get('declaration', 'zero-draft')).toBeNull();
      expect(await storage.versions.getWithState('declaration', 'zero-draft')).toBeNull();
    });

    it('VR2 versions are listed per document in the order stored, with their state kept exactly', async () => {
      const start = version({ id: 'start-zero-draft', kind: 'start', createdBy: null, seq: 3 });
      const published = version();
      const other = version({ documentId: 'call-for-action' });
      await storage.versions.add([stored(start), stored(other)]);
      await storage.versions.add([stored(published, 'frozen text')]);
      expect(await storage.versions.list('declaration')).toEqual([
        summaryOf(start),
        summaryOf(published),
      ]);
      expect(await storage.versions.list('call-for-action')).toEqual([summaryOf(other)]);
      expect(await storage.versions.get('declaration', 'zero-draft')).toEqual(published);
      const withState = await storage.versions.getWithState('declaration', 'zero-draft');
      expect(withState?.version).toEqual(published);
      const doc = new Y.Doc();
      Y.applyUpdate(doc, withState!.state);
      expect(doc.getText('t').toString()).toBe('frozen text');
    });

    it('VR2 a version is immutable: storing its id again is refused and changes nothing', async () => {
      await storage.versions.add([stored(version())]);
      const again = version({ roundName: 'Renamed', blocks: [] });
      await expect(storage.versions.add([stored(again)])).rejects.toThrow();
      // All or nothing: a batch with one taken id stores none of the others.
      const fresh = version({ documentId: 'call-for-action' });
      await expect(storage.versions.add([stored(fresh), stored(again)])).rejects.toThrow();
      await expect(
        storage.versions.add([stored(fresh), stored(version({ documentId: 'call-for-action' }))]),
      ).rejects.toThrow();
      expect(await storage.versions.list('call-for-action')).toEqual([]);
      expect(await storage.versions.get('declaration', 'zero-draft')).toEqual(version());
    });

    it('VR2 an invalid record or an empty state is refused, storing nothing', async () => {
      await expect(storage.versions.add([stored(version({ seq: -1 }))])).rejects.toThrow();
      await expect(
        storage.versions.add([{ version: version(), state: new Uint8Array() }]),
      ).rejects.toThrow();
      expect(await storage.versions.list('declaration')).toEqual([]);
    });

    it('VR2 what a caller changes after storing or reading does not change the store', async () => {
      const v = version();
      await storage.versions.add([stored(v)]);
      v.blocks[0]!.text = 'Changed behind the store’s back.';
      const read = await storage.versions.get('declaration', 'zero-draft');
      read!.blocks[0]!.text = 'Changed again.';
      expect((await storage.versions.get('declaration', 'zero-draft'))!.blocks[0]!.text).toBe(
        'Adopts.',
      );
    });

    it.skipIf(!impl.reopen)('VR2 versions survive a restart', async () => {
      await storage.versions.add([stored(version())]);
      storage = await impl.reopen!(storage, clock);
      expect(await storage.versions.get('declaration', 'zero-draft')).toEqual(version());
    });
  });
}
