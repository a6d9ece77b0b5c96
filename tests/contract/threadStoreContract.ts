import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Amendment, Comment, Thread } from '@accord/shared';
import type { Storage } from '../../server/src/storage/Storage.js';
import { ManualClock } from '../../server/src/time/ManualClock.js';
import type { StorageUnderTest } from './storageUnderTest.js';

const T0 = Date.UTC(2024, 4, 14, 9, 0, 0);
const AT = new Date(T0).toISOString();
const LATER = new Date(T0 + 60_000).toISOString();

/** A comment by Germany's delegate, with `overrides`. */
function comment(overrides: Partial<Comment> = {}): Comment {
  return {
    id: 'c-1',
    personId: 'p-germany',
    authorName: 'Anna Schmidt (Germany)',
    delegationId: 'germany',
    text: 'Should this not say "halve"?',
    createdAt: AT,
    editedAt: null,
    deleted: false,
    ...overrides,
  };
}

/** An open public thread of Germany on words of OP3 of the declaration, with `overrides`. */
function thread(overrides: Partial<Thread> = {}): Thread {
  return {
    id: 'th-1',
    documentId: 'declaration',
    anchor: { type: 'text', from: 'AQIDBA==', to: 'BQYHCA==', on: 'base' },
    visibility: 'public',
    delegationId: 'germany',
    quote: 'reduce emissions',
    status: 'open',
    resolved: null,
    comments: [comment()],
    createdAt: AT,
    updatedAt: AT,
    seq: 0,
    ...overrides,
  };
}

/** A second thread, by France, on the whole document, with `overrides`. */
const documentThread = (overrides: Partial<Thread> = {}): Thread =>
  thread({
    id: 'th-2',
    anchor: { type: 'document' },
    delegationId: 'france',
    quote: '',
    comments: [comment({ id: 'c-2', personId: 'p-france', authorName: 'Marie Dubois (France)' })],
    ...overrides,
  });

/** A submitted amendment of Germany to OP3, to see seqs shared with the amendment store. */
function amendment(overrides: Partial<Amendment> = {}): Amendment {
  return {
    id: 'am-1',
    number: 1,
    documentId: 'declaration',
    delegationId: 'germany',
    kind: 'modify',
    blockType: 'operative',
    blockId: 'op-3',
    afterBlockId: null,
    label: 'OP3',
    originalText: 'Calls upon Member States to consider measures to reduce emissions;',
    proposedText: 'Calls upon Member States to adopt measures to halve emissions by 2030;',
    justification: '',
    language: 'en',
    status: 'submitted',
    cosponsors: [],
    supports: [],
    objections: [],
    outdated: false,
    decision: null,
    submittedAt: AT,
    updatedAt: AT,
    revision: 1,
    targetDeleted: false,
    compromiseId: null,
    roundId: null,
    carriedFrom: [],
    seq: 0,
    ...overrides,
  };
}

/**
 * The `ThreadStore` contract (issue 8; the feed rules AF1–AF2, the thread record of CM1–CM8):
 * what every implementation must do, checked through the `Storage` interfaces only.
 */
export function threadStoreContract(impl: StorageUnderTest): void {
  describe(`ThreadStore contract: ${impl.name}`, () => {
    let clock: ManualClock;
    let storage: Storage;

    beforeEach(async () => {
      clock = new ManualClock(T0);
      storage = await impl.open(clock);
    });
    afterEach(() => storage.close());
    afterAll(async () => impl.cleanup?.());

    it('AF1 a saved thread is listed and found as stored, with the seq the store gave it', async () => {
      const store = storage.threads;
      expect(await store.list('declaration')).toEqual([]);
      expect(await store.get('th-1')).toBeNull();
      const given = thread({ seq: 99 });
      const stored = await store.save(given);
      expect(stored).toEqual({ ...given, seq: stored.seq });
      expect(stored.seq).toBeGreaterThan(0);
      expect(await store.get('th-1')).toEqual(stored);
      expect(await store.list('declaration')).toEqual([stored]);
      expect(await store.list('call-for-action')).toEqual([]);
    });

    it('AF1 threads are listed oldest first: a change keeps a thread in its place', async () => {
      const store = storage.threads;
      await store.save(thread());
      await store.save(documentThread());
      await store.save(
        documentThread({ id: 'th-3', comments: [comment({ id: 'c-3' })], createdAt: LATER }),
      );
      const changed = await store.save(
        thread({ comments: [comment(), comment({ id: 'c-4', createdAt: LATER })] }),
      );
      const list = await store.list('declaration');
      expect(list.map((t) => t.id)).toEqual(['th-1', 'th-2', 'th-3']);
      expect(list[0]).toEqual(changed);
    });

    it('AF2 seqs increase on every save and are shared with amendments and compromises', async () => {
      const a1 = (await storage.amendments.save({ amendments: [amendment()] })).amendments[0]!;
      const t1 = await storage.threads.save(thread());
      const a2 = (
        await storage.amendments.save({ amendments: [amendment({ id: 'am-2', number: 2 })] })
      ).amendments[0]!;
      const t2 = await storage.threads.save(documentThread({ documentId: 'call-for-action' }));
      const t1b = await storage.threads.save(
        thread({ status: 'resolved', resolved: resolution() }),
      );
      const seqs = [a1.seq, t1.seq, a2.seq, t2.seq, t1b.seq];
      for (let i = 1; i < seqs.length; i++) expect(seqs[i]!).toBeGreaterThan(seqs[i - 1]!);
      expect(await storage.threads.lastSeq('declaration')).toBe(t1b.seq);
      expect(await storage.threads.lastSeq('call-for-action')).toBe(t2.seq);
      expect(await storage.threads.lastSeq('annex')).toBe(0);
      // Each store's lastSeq counts its own records only.
      expect(await storage.amendments.lastSeq('declaration')).toBe(a2.seq);
    });

    it('AF2 changesSince gives each thread changed since a seq once, as it is now, in seq order', async () => {
      const store = storage.threads;
      const first = await store.save(thread());
      await store.save(documentThread());
      await store.save(
        documentThread({
          id: 'th-c',
          documentId: 'call-for-action',
          comments: [comment({ id: 'c-9' })],
        }),
      );
      const third = await store.save(
        documentThread({ id: 'th-3', comments: [comment({ id: 'c-3' })] }),
      );
      const second = await store.save(
        documentThread({
          comments: [comment({ id: 'c-2', text: 'Edited.', editedAt: LATER })],
          updatedAt: LATER,
        }),
      );
      expect(await store.changesSince('declaration', 0)).toEqual([first, third, second]);
      expect(await store.changesSince('declaration', first.seq)).toEqual([third, second]);
      expect(await store.changesSince('declaration', second.seq)).toEqual([]);
      expect(await store.changesSince('annex', 0)).toEqual([]);
    });

    it('CM3 a thread is found by any of its comments, as it is now', async () => {
      const store = storage.threads;
      await store.save(thread());
      await store.save(documentThread());
      const replied = await store.save(
        thread({
          comments: [comment(), comment({ id: 'c-5', personId: 'p-italy', delegationId: 'italy' })],
        }),
      );
      expect(await store.getByComment('c-1')).toEqual(replied);
      expect(await store.getByComment('c-5')).toEqual(replied);
      expect((await store.getByComment('c-2'))?.id).toBe('th-2');
      expect(await store.getByComment('c-none')).toBeNull();
    });

    it('CM3 a comment id held by another thread refuses the save, storing nothing', async () => {
      const store = storage.threads;
      await store.save(thread());
      const other = await store.save(documentThread());
      const last = await store.lastSeq('declaration');
      // A new thread, and a change to an existing one, that take thread 1's comment.
      await expect(
        store.save(documentThread({ id: 'th-3', comments: [comment({ id: 'c-1' })] })),
      ).rejects.toThrow();
      await expect(
        store.save(documentThread({ comments: [...other.comments, comment({ id: 'c-1' })] })),
      ).rejects.toThrow();
      // One comment id twice in one thread is refused too.
      await expect(
        store.save(thread({ comments: [comment(), comment({ text: 'Again.' })] })),
      ).rejects.toThrow();
      expect(await store.get('th-3')).toBeNull();
      expect(await store.get('th-2')).toEqual(other);
      expect((await store.getByComment('c-1'))?.id).toBe('th-1');
      expect(await store.lastSeq('declaration')).toBe(last);
      // The failed saves used no seq: the next save is the next one.
      const next = await storage.amendments.save({ amendments: [amendment()] });
      expect(next.amendments[0]!.seq).toBe(last + 1);
    });

    it('AF1 a thread keeps its document when saved again', async () => {
      const store = storage.threads;
      const stored = await store.save(thread());
      await expect(store.save(thread({ documentId: 'call-for-action' }))).rejects.toThrow();
      expect(await store.get('th-1')).toEqual(stored);
      expect(await store.list('call-for-action')).toEqual([]);
      expect(await store.lastSeq('call-for-action')).toBe(0);
    });

    it('AF1 an invalid thread is refused and nothing is stored', async () => {
      const store = storage.threads;
      const invalid: Thread[] = [
        thread({ comments: [] }),
        thread({ id: '' }),
        thread({ anchor: { type: 'text', from: 'not base64!', to: 'AQID', on: 'base' } }),
        thread({ visibility: 'secret' as Thread['visibility'] }),
        thread({ status: 'closed' as Thread['status'] }),
        thread({ quote: 'x'.repeat(1_001) }),
        thread({ comments: [comment({ createdAt: 'yesterday' })] }),
        thread({ updatedAt: 'now' }),
      ];
      for (const record of invalid) await expect(store.save(record)).rejects.toThrow();
      expect(await store.list('declaration')).toEqual([]);
      expect(await store.getByComment('c-1')).toBeNull();
      expect(await store.lastSeq('declaration')).toBe(0);
      // Each was refused for its one wrong field: without it, the same thread is stored.
      expect((await store.save(thread())).seq).toBe(1);
    });

    it('AF1 what was stored cannot be changed through the objects given or returned', async () => {
      const store = storage.threads;
      const given = thread();
      const saved = await store.save(given);
      given.comments.push(comment({ id: 'c-7' }));
      saved.comments[0]!.text = 'Changed.';
      const got = await store.get('th-1');
      got!.comments.push(comment({ id: 'c-8' }));
      (await store.list('declaration'))[0]!.quote = 'other words';
      (await store.changesSince('declaration', 0))[0]!.status = 'resolved';
      expect(await store.get('th-1')).toEqual({ ...thread(), seq: saved.seq });
      expect(await store.getByComment('c-7')).toBeNull();
    });

    it.skipIf(!impl.reopen)(
      'AF2 threads, their comments and the shared seq counter survive a restart',
      async () => {
        await storage.threads.save(thread());
        await storage.amendments.save({ amendments: [amendment()] });
        await storage.threads.save(documentThread());
        const list = await storage.threads.list('declaration');
        const changes = await storage.threads.changesSince('declaration', 0);
        const last = Math.max(
          await storage.threads.lastSeq('declaration'),
          await storage.amendments.lastSeq('declaration'),
        );
        storage = await impl.reopen!(storage, clock);
        const again = storage.threads;
        expect(await again.list('declaration')).toEqual(list);
        expect(await again.changesSince('declaration', 0)).toEqual(changes);
        expect(await again.getByComment('c-2')).toEqual(list[1]);
        expect(await again.lastSeq('declaration')).toBe(changes.at(-1)!.seq);
        // Seqs go on above everything stored before, from either store, in any document.
        const next = await again.save(
          documentThread({ id: 'th-x', documentId: 'annex', comments: [comment({ id: 'c-x' })] }),
        );
        expect(next.seq).toBe(last + 1);
        await expect(
          again.save(documentThread({ id: 'th-y', comments: [comment({ id: 'c-1' })] })),
        ).rejects.toThrow();
      },
    );
  });
}

/** Germany's resolution of its thread. */
function resolution(): NonNullable<Thread['resolved']> {
  return { personId: 'p-germany', delegationId: 'germany', at: LATER };
}
