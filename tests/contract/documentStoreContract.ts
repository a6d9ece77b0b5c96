import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { workingCopyLogId, type ChangeOrigin } from '@accord/shared';
import type { Storage } from '../../server/src/storage/Storage.js';
import { ManualClock } from '../../server/src/time/ManualClock.js';
import type { StorageUnderTest } from './storageUnderTest.js';

const T0 = Date.UTC(2024, 4, 14, 9, 0, 0);
const chair: ChangeOrigin = { kind: 'connection', personId: 'p-chair', delegationId: 'turkiye' };
const seed: ChangeOrigin = { kind: 'system', reason: 'seed' };
const amendment: ChangeOrigin = {
  kind: 'amendment',
  amendmentId: 'am-7',
  delegationId: 'germany',
  decidedBy: 'p-chair',
};
const declaration = {
  id: 'declaration',
  title: 'Budapest Declaration',
  kind: 'declaration' as const,
};
const call = { id: 'call-for-action', title: 'Call for Action', kind: 'call-for-action' as const };

/** Edits a Y.Doc and returns the update the edit made. */
function edit(doc: Y.Doc, change: (text: Y.Text) => void): Uint8Array {
  let update: Uint8Array | null = null;
  const capture = (u: Uint8Array) => (update = u);
  doc.on('update', capture);
  change(doc.getText('t'));
  doc.off('update', capture);
  if (!update) throw new Error('the edit changed nothing');
  return update;
}

/** The document a stored snapshot and its later updates make. */
function rebuild(stored: { snapshot: Uint8Array | null; updates: Uint8Array[] }): Y.Doc {
  const doc = new Y.Doc({ gc: false });
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
  for (const u of stored.updates) Y.applyUpdate(doc, u);
  return doc;
}

/**
 * The `DocumentStore` contract (SPEC ST5, ST6): what every implementation must do, checked
 * through the interface only.
 */
export function documentStoreContract(impl: StorageUnderTest): void {
  describe(`DocumentStore contract: ${impl.name}`, () => {
    let clock: ManualClock;
    let storage: Storage;

    beforeEach(async () => {
      clock = new ManualClock(T0);
      storage = await impl.open(clock);
    });
    afterEach(() => storage.close());
    afterAll(async () => impl.cleanup?.());

    it('ST5 creates documents atomically and lists them in creation order', async () => {
      const store = storage.documents;
      expect(await store.isEmpty()).toBe(true);
      await store.createDocuments([declaration, call]);
      expect(await store.isEmpty()).toBe(false);
      expect(await store.listDocuments()).toEqual([declaration, call]);
      expect(await store.getDocument('call-for-action')).toEqual(call);
      expect(await store.getDocument('nothing')).toBeNull();

      // An existing id refuses the whole batch: the new document is not created either.
      const annex = { id: 'annex', title: 'Annex', kind: 'declaration' as const };
      await expect(store.createDocuments([annex, declaration])).rejects.toThrow();
      await expect(store.createDocuments([annex, { ...annex, title: 'Again' }])).rejects.toThrow();
      expect(await store.getDocument('annex')).toBeNull();
      expect(await store.listDocuments()).toEqual([declaration, call]);
      await store.createDocuments([annex]);
      expect((await store.listDocuments()).map((d) => d.id)).toEqual([
        'declaration',
        'call-for-action',
        'annex',
      ]);
    });

    it('ST5 a new document loads empty; an unknown one is refused', async () => {
      await storage.documents.createDocuments([declaration]);
      const loaded = await storage.documents.loadDocument('declaration');
      expect(loaded).toEqual({
        snapshot: null,
        snapshotSeq: 0,
        updates: [],
        lastSeq: 0,
        clientOwners: new Map(),
      });
      await expect(storage.documents.loadDocument('nothing')).rejects.toThrow();
      await expect(storage.documents.history('nothing')).rejects.toThrow();
    });

    it('ST5 appends keep their order and get sequence numbers increasing within each log', async () => {
      const store = storage.documents;
      await store.createDocuments([declaration, call]);
      const doc = new Y.Doc({ gc: false });
      const updates = Array.from({ length: 30 }, (_, i) =>
        edit(doc, (t) => t.insert(t.length, `w${i} `)),
      );
      // All in one go, interleaved with another document's appends: one group commit.
      const seqs = await Promise.all(
        updates.flatMap((u, i) => [
          store.appendUpdate('declaration', u, { origin: chair }),
          store.appendUpdate('call-for-action', Uint8Array.of(i), { origin: seed }),
        ]),
      );
      // Numbers increase within a log; whether logs share one counter is the store's choice
      // (SQLite shares one, PostgreSQL numbers each log from 1 for processes to share it, PG1).
      for (const parity of [0, 1]) {
        const own = seqs.filter((_, i) => i % 2 === parity);
        for (let i = 1; i < own.length; i++) expect(own[i]!).toBeGreaterThan(own[i - 1]!);
      }
      const loaded = await store.loadDocument('declaration');
      expect(loaded.updates).toEqual(updates);
      expect(loaded.lastSeq).toBe(seqs.at(-2));
      expect(rebuild(loaded).getText('t').toString()).toBe(doc.getText('t').toString());
      const other = await store.loadDocument('call-for-action');
      expect(other.updates).toEqual(updates.map((_, i) => Uint8Array.of(i)));
      expect(other.lastSeq).toBe(seqs.at(-1));
    });

    it('ST5 an append to an unknown document is refused alone', async () => {
      await storage.documents.createDocuments([declaration]);
      const good = storage.documents.appendUpdate('declaration', Uint8Array.of(1), {
        origin: chair,
      });
      const bad = storage.documents.appendUpdate('nothing', Uint8Array.of(2), { origin: chair });
      await expect(bad).rejects.toThrow();
      expect(await good).toBeGreaterThan(0);
      expect((await storage.documents.loadDocument('declaration')).updates).toEqual([
        Uint8Array.of(1),
      ]);
    });

    it('ST5 client-id claims are stored with their update, per document, first claim wins', async () => {
      const store = storage.documents;
      await store.createDocuments([declaration, call]);
      await store.appendUpdate('declaration', Uint8Array.of(1), {
        origin: chair,
        claims: [
          { clientId: 11, personId: 'p-chair' },
          { clientId: 12, personId: 'p-chair' },
        ],
      });
      await store.appendUpdate('declaration', Uint8Array.of(2), {
        origin: chair,
        claims: [
          { clientId: 11, personId: 'p-intruder' },
          { clientId: 13, personId: 'p-cochair' },
        ],
      });
      expect((await store.loadDocument('declaration')).clientOwners).toEqual(
        new Map([
          [11, 'p-chair'],
          [12, 'p-chair'],
          [13, 'p-cochair'],
        ]),
      );
      expect((await store.loadDocument('call-for-action')).clientOwners).toEqual(new Map());
      // A refused append claims nothing.
      await expect(
        store.appendUpdate('nothing', Uint8Array.of(3), {
          origin: chair,
          claims: [{ clientId: 14, personId: 'p-chair' }],
        }),
      ).rejects.toThrow();
      expect((await store.loadDocument('declaration')).clientOwners.has(14)).toBe(false);
    });

    it('ST6 history keeps every update with its origin and arrival time through compaction', async () => {
      const store = storage.documents;
      await store.createDocuments([declaration]);
      const doc = new Y.Doc({ gc: false });
      const origins: ChangeOrigin[] = [seed, chair, amendment, chair];
      const expected = [];
      for (const [i, origin] of origins.entries()) {
        clock.set(T0 + 60_000 * (i + 1) + i);
        const update = edit(doc, (t) => t.insert(t.length, `part ${i}. `));
        const seq = await store.appendUpdate('declaration', update, { origin });
        expected.push({ seq, arrivedAt: T0 + 60_000 * (i + 1) + i, origin, update });
      }
      clock.advance(3_600_000);
      await store.compact('declaration', Y.encodeStateAsUpdate(doc), expected[2]!.seq);

      expect(await store.history('declaration')).toEqual(expected);
      const loaded = await store.loadDocument('declaration');
      expect(loaded.snapshotSeq).toBe(expected[2]!.seq);
      expect(loaded.updates).toEqual([expected[3]!.update]);
      expect(loaded.lastSeq).toBe(expected[3]!.seq);
      // Paging through the history.
      expect(await store.history('declaration', { afterSeq: expected[0]!.seq, limit: 2 })).toEqual(
        expected.slice(1, 3),
      );
      expect(await store.history('declaration', { afterSeq: expected[3]!.seq })).toEqual([]);
    });

    it('ST5 loading after compaction rebuilds the same Y.Doc, deleted text included', async () => {
      const store = storage.documents;
      await store.createDocuments([declaration]);
      const doc = new Y.Doc({ gc: false });
      const append = (u: Uint8Array) => store.appendUpdate('declaration', u, { origin: chair });
      for (let i = 0; i < 10; i++) await append(edit(doc, (t) => t.insert(0, `w${i} `)));
      const seq = await append(edit(doc, (t) => t.delete(0, 3)));
      await store.compact('declaration', Y.encodeStateAsUpdate(doc), seq);
      for (let i = 0; i < 5; i++) await append(edit(doc, (t) => t.insert(t.length, ` v${i}`)));
      await append(edit(doc, (t) => t.delete(2, 6)));

      const rebuilt = rebuild(await store.loadDocument('declaration'));
      expect(rebuilt.getText('t').toString()).toBe(doc.getText('t').toString());
      // Same items and the same deletions: the history inside the snapshot was not collected.
      expect(Y.equalSnapshots(Y.snapshot(rebuilt), Y.snapshot(doc))).toBe(true);
      expect(Y.encodeStateVector(rebuilt)).toEqual(Y.encodeStateVector(doc));
      // Replaying the whole history gives the same document as well.
      const replayed = rebuild({
        snapshot: null,
        updates: (await store.history('declaration')).map((h) => h.update),
      });
      expect(Y.equalSnapshots(Y.snapshot(replayed), Y.snapshot(doc))).toBe(true);
    });

    it('ST5 an older snapshot never replaces a newer one', async () => {
      const store = storage.documents;
      await store.createDocuments([declaration]);
      const doc = new Y.Doc({ gc: false });
      const first = await store.appendUpdate(
        'declaration',
        edit(doc, (t) => t.insert(0, 'a')),
        {
          origin: chair,
        },
      );
      const early = Y.encodeStateAsUpdate(doc);
      const second = await store.appendUpdate(
        'declaration',
        edit(doc, (t) => t.insert(1, 'b')),
        {
          origin: chair,
        },
      );
      await store.compact('declaration', Y.encodeStateAsUpdate(doc), second);
      await store.compact('declaration', early, first);
      const loaded = await store.loadDocument('declaration');
      expect(loaded.snapshotSeq).toBe(second);
      expect(rebuild(loaded).getText('t').toString()).toBe('ab');
      await expect(store.compact('nothing', early, first)).rejects.toThrow();
    });

    it('ST5 what was stored cannot be changed through the bytes given or returned', async () => {
      const store = storage.documents;
      await store.createDocuments([declaration]);
      const bytes = Uint8Array.of(1, 2, 3);
      await store.appendUpdate('declaration', bytes, { origin: chair });
      bytes[0] = 9;
      const [first] = await store.history('declaration');
      first!.update[1] = 9;
      (first!.origin as { personId: string }).personId = 'someone else';
      const [again] = await store.history('declaration');
      expect(again!.update).toEqual(Uint8Array.of(1, 2, 3));
      expect(again!.origin).toEqual(chair);
    });

    it('ST3 close writes what is queued; appends after it are refused', async () => {
      await storage.documents.createDocuments([declaration]);
      const queued = storage.documents.appendUpdate('declaration', Uint8Array.of(7), {
        origin: chair,
      });
      await storage.documents.close();
      expect(await queued).toBeGreaterThan(0);
      await expect(
        storage.documents.appendUpdate('declaration', Uint8Array.of(8), { origin: chair }),
      ).rejects.toThrow();
    });

    it('WC1 a working copy is opened once per delegation and never listed as a document', async () => {
      const store = storage.documents;
      await expect(store.openWorkingCopy('declaration', 'germany')).rejects.toThrow();
      expect(await store.isEmpty()).toBe(true);
      await store.createDocuments([declaration, call]);
      const id = await store.openWorkingCopy('declaration', 'germany');
      expect(id).toBe(workingCopyLogId('declaration', 'germany'));
      expect(await store.openWorkingCopy('declaration', 'germany')).toBe(id);
      const france = await store.openWorkingCopy('declaration', 'france');
      expect(france).not.toBe(id);
      expect(await store.listDocuments()).toEqual([declaration, call]);
      expect(await store.getDocument(id)).toBeNull();
      // A working copy has no working copy of its own.
      await expect(store.openWorkingCopy(id, 'germany')).rejects.toThrow();
      await expect(store.openWorkingCopy('nothing', 'germany')).rejects.toThrow();
      // Nor may a document take a working copy's id.
      await expect(
        store.createDocuments([{ id, title: 'Impostor', kind: 'declaration' }]),
      ).rejects.toThrow();
      // A document created after a working copy is listed in order as before.
      const annex = { id: 'annex', title: 'Annex', kind: 'declaration' as const };
      await store.createDocuments([annex]);
      expect(await store.listDocuments()).toEqual([declaration, call, annex]);
    });

    it('WC1 a working copy is not counted by isEmpty', async () => {
      // Only a working copy of a document can exist, so a store with one is never empty; the
      // rule checked here is that the working copy's row is not what makes it non-empty.
      await storage.documents.createDocuments([declaration]);
      await storage.documents.openWorkingCopy('declaration', 'germany');
      expect(await storage.documents.isEmpty()).toBe(false);
      expect(await storage.documents.listDocuments()).toEqual([declaration]);
    });

    it('WC2 a working copy has its own log, independent of its document', async () => {
      const store = storage.documents;
      await store.createDocuments([declaration]);
      const id = await store.openWorkingCopy('declaration', 'germany');
      expect(await store.loadDocument(id)).toEqual({
        snapshot: null,
        snapshotSeq: 0,
        updates: [],
        lastSeq: 0,
        clientOwners: new Map(),
      });
      const base = await store.appendUpdate('declaration', Uint8Array.of(1), {
        origin: chair,
        claims: [{ clientId: 1, personId: 'p-chair' }],
      });
      const draft = await store.appendUpdate(id, Uint8Array.of(2), {
        origin: { kind: 'connection', personId: 'p-germany', delegationId: 'germany' },
        claims: [{ clientId: 1, personId: 'p-germany' }],
      });
      expect(draft).toBeGreaterThan(0);
      expect(base).toBeGreaterThan(0);
      expect((await store.loadDocument(id)).updates).toEqual([Uint8Array.of(2)]);
      expect((await store.loadDocument(id)).clientOwners).toEqual(new Map([[1, 'p-germany']]));
      expect((await store.loadDocument('declaration')).updates).toEqual([Uint8Array.of(1)]);
      expect((await store.history(id)).map((h) => h.seq)).toEqual([draft]);
      await store.compact(id, Uint8Array.of(2), draft);
      expect(await store.loadDocument(id)).toMatchObject({ snapshotSeq: draft, updates: [] });
      expect(await store.loadDocument('declaration')).toMatchObject({ snapshotSeq: 0 });
      // Opening it again keeps what it has.
      await store.openWorkingCopy('declaration', 'germany');
      expect((await store.history(id)).map((h) => h.seq)).toEqual([draft]);
    });

    it.skipIf(!impl.reopen)('WC2 a working copy and its log survive a restart', async () => {
      await storage.documents.createDocuments([declaration]);
      const id = await storage.documents.openWorkingCopy('declaration', 'germany');
      await storage.documents.appendUpdate(id, Uint8Array.of(5), { origin: chair });
      const history = await storage.documents.history(id);
      storage = await impl.reopen!(storage, clock);
      expect(await storage.documents.openWorkingCopy('declaration', 'germany')).toBe(id);
      expect(await storage.documents.history(id)).toEqual(history);
      expect(await storage.documents.listDocuments()).toEqual([declaration]);
      expect(await storage.documents.getDocument(id)).toBeNull();
    });

    it.skipIf(!impl.reopen)(
      'ST6 documents, updates, origins, arrival times and claims survive a restart',
      async () => {
        await storage.documents.createDocuments([declaration, call]);
        clock.set(T0 + 1234);
        await storage.documents.appendUpdate('declaration', Uint8Array.of(1), {
          origin: amendment,
          claims: [{ clientId: 5, personId: 'p-chair' }],
        });
        const history = await storage.documents.history('declaration');
        storage = await impl.reopen!(storage, clock);
        expect(await storage.documents.listDocuments()).toEqual([declaration, call]);
        expect(await storage.documents.history('declaration')).toEqual(history);
        expect(history[0]).toMatchObject({ arrivedAt: T0 + 1234, origin: amendment });
        expect((await storage.documents.loadDocument('declaration')).clientOwners).toEqual(
          new Map([[5, 'p-chair']]),
        );
        // Sequence numbers go on after a restart, above everything stored before.
        const seq = await storage.documents.appendUpdate('declaration', Uint8Array.of(2), {
          origin: chair,
        });
        expect(seq).toBeGreaterThan(history[0]!.seq);
      },
    );
  });
}
