import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Amendment, AmendmentRevision, Compromise } from '@accord/shared';
import type { Storage } from '../../server/src/storage/Storage.js';
import { ManualClock } from '../../server/src/time/ManualClock.js';
import type { StorageUnderTest } from './storageUnderTest.js';

const T0 = Date.UTC(2024, 4, 14, 9, 0, 0);
const AT = new Date(T0).toISOString();

/** A submitted amendment of Germany to OP3 of the declaration, with `overrides`. */
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
    justification: 'A measurable commitment, in line with the agreed targets.',
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

/** The revision a submission of `a` records. */
function revisionOf(a: Amendment, personId = 'p-germany'): AmendmentRevision {
  return {
    amendmentId: a.id,
    revision: a.revision,
    originalText: a.originalText,
    proposedText: a.proposedText,
    justification: a.justification,
    language: a.language,
    personId,
    at: a.updatedAt,
  };
}

/** A compromise of the Chair (Türkiye) merging `amendmentIds` into OP3. */
function compromise(overrides: Partial<Compromise> = {}): Compromise {
  return {
    id: 'cp-1',
    documentId: 'declaration',
    blockId: 'op-3',
    amendmentIds: ['am-1', 'am-2'],
    text: 'Calls upon Member States to adopt measures to reduce emissions substantially;',
    reason: 'Brings the two proposals together.',
    by: 'turkiye',
    personId: 'p-chair',
    at: AT,
    seq: 0,
    ...overrides,
  };
}

/** An insert by France of a new paragraph after OP3. */
const insert = (overrides: Partial<Amendment> = {}): Amendment =>
  amendment({
    id: 'am-2',
    number: 2,
    delegationId: 'france',
    kind: 'insert',
    blockId: null,
    afterBlockId: 'op-3',
    label: 'OP3 bis',
    originalText: '',
    proposedText: 'Encourages regional cooperation on renewable energy;',
    justification: '',
    language: 'fr',
    ...overrides,
  });

/**
 * The `AmendmentStore` contract (issue 7, SPEC AF1–AF3): what every implementation must do,
 * checked through the interface only.
 */
export function amendmentStoreContract(impl: StorageUnderTest): void {
  describe(`AmendmentStore contract: ${impl.name}`, () => {
    let clock: ManualClock;
    let storage: Storage;

    beforeEach(async () => {
      clock = new ManualClock(T0);
      storage = await impl.open(clock);
    });
    afterEach(() => storage.close());
    afterAll(async () => impl.cleanup?.());

    it('AF1 a saved amendment is listed and found as stored, with the seq the store gave it', async () => {
      const store = storage.amendments;
      expect(await store.list('declaration')).toEqual([]);
      expect(await store.get('am-1')).toBeNull();
      const first = amendment({ seq: 99 });
      const result = await store.save({ amendments: [first], revisions: [revisionOf(first)] });
      expect(result.compromises).toEqual([]);
      expect(result.amendments).toHaveLength(1);
      const stored = result.amendments[0]!;
      expect(stored).toEqual({ ...first, seq: stored.seq });
      expect(stored.seq).toBeGreaterThan(0);
      expect(await store.get('am-1')).toEqual(stored);
      expect(await store.list('declaration')).toEqual([stored]);
      expect(await store.list('call-for-action')).toEqual([]);
    });

    it('AF1 amendments are listed by number, whatever the order they were saved in', async () => {
      const store = storage.amendments;
      await store.save({ amendments: [insert({ id: 'am-3', number: 3 })] });
      await store.save({ amendments: [amendment()] });
      await store.save({ amendments: [insert()] });
      expect((await store.list('declaration')).map((a) => a.number)).toEqual([1, 2, 3]);
    });

    it('AM7 an amendment number is unique in its document: a save that repeats one stores nothing', async () => {
      const store = storage.amendments;
      await store.save({ amendments: [amendment()] });
      const lastSeq = await store.lastSeq('declaration');
      const clash = insert({ number: 1 });
      await expect(
        store.save({
          amendments: [insert({ id: 'am-9', number: 9 }), clash],
          revisions: [revisionOf(clash)],
          compromises: [compromise()],
        }),
      ).rejects.toThrow();
      // Two new amendments with one number in one save are refused too.
      await expect(
        store.save({ amendments: [insert({ number: 5 }), amendment({ id: 'am-6', number: 5 })] }),
      ).rejects.toThrow();
      expect((await store.list('declaration')).map((a) => a.id)).toEqual(['am-1']);
      expect(await store.get('am-9')).toBeNull();
      expect(await store.revisions('am-2')).toEqual([]);
      expect(await store.compromises('declaration')).toEqual([]);
      expect(await store.lastSeq('declaration')).toBe(lastSeq);
      // The same number in another document is fine.
      await store.save({ amendments: [insert({ documentId: 'call-for-action', number: 1 })] });
      expect(await store.nextNumber('call-for-action')).toBe(2);
    });

    it('AF1 an amendment keeps its document and number when saved again', async () => {
      const store = storage.amendments;
      await store.save({ amendments: [amendment()] });
      await expect(store.save({ amendments: [amendment({ number: 4 })] })).rejects.toThrow();
      await expect(
        store.save({ amendments: [amendment({ documentId: 'call-for-action' })] }),
      ).rejects.toThrow();
      expect(await store.get('am-1')).toMatchObject({ number: 1, documentId: 'declaration' });
    });

    it('AF2 seqs increase across saves and documents, in the order given within a save', async () => {
      const store = storage.amendments;
      const a = await store.save({ amendments: [amendment(), insert()] });
      const b = await store.save({
        amendments: [amendment({ id: 'am-c1', documentId: 'call-for-action' })],
      });
      const c = await store.save({
        amendments: [amendment({ status: 'merged', compromiseId: 'cp-1' })],
        compromises: [compromise(), compromise({ id: 'cp-2', amendmentIds: ['am-2'] })],
      });
      const seqs = [
        ...a.amendments.map((x) => x.seq),
        ...b.amendments.map((x) => x.seq),
        ...c.amendments.map((x) => x.seq),
        ...c.compromises.map((x) => x.seq),
      ];
      for (let i = 1; i < seqs.length; i++) expect(seqs[i]!).toBeGreaterThan(seqs[i - 1]!);
      expect(await store.lastSeq('declaration')).toBe(seqs.at(-1));
      expect(await store.lastSeq('call-for-action')).toBe(b.amendments[0]!.seq);
      expect(await store.lastSeq('annex')).toBe(0);
    });

    it('AF3 changesSince gives each record changed since a seq once, as it is now, in seq order', async () => {
      const store = storage.amendments;
      const [first] = (await store.save({ amendments: [amendment()] })).amendments;
      const since = first!.seq;
      await store.save({ amendments: [insert()] });
      await store.save({ amendments: [amendment({ id: 'am-c1', documentId: 'call-for-action' })] });
      // am-1 changes twice after `since`: only its latest state is in the feed, at its last seq.
      await store.save({ amendments: [amendment({ supports: ['france'] })] });
      clock.advance(60_000);
      const merged = await store.save({
        amendments: [
          amendment({ supports: ['france'], status: 'merged', compromiseId: 'cp-1' }),
          insert({ status: 'merged', compromiseId: 'cp-1' }),
        ],
        compromises: [compromise()],
      });
      const [am1, am2] = merged.amendments;
      const [cp1] = merged.compromises;
      expect(await store.changesSince('declaration', since)).toEqual([
        { type: 'amendment', seq: am1!.seq, amendment: am1 },
        { type: 'amendment', seq: am2!.seq, amendment: am2 },
        { type: 'compromise', seq: cp1!.seq, compromise: cp1 },
      ]);
      expect(await store.changesSince('declaration', 0)).toEqual(
        await store.changesSince('declaration', since),
      );
      expect(await store.changesSince('declaration', am1!.seq)).toEqual([
        { type: 'amendment', seq: am2!.seq, amendment: am2 },
        { type: 'compromise', seq: cp1!.seq, compromise: cp1 },
      ]);
      expect(await store.changesSince('declaration', cp1!.seq)).toEqual([]);
      expect((await store.changesSince('call-for-action', 0)).map((e) => e.type)).toEqual([
        'amendment',
      ]);
    });

    it('AM7 nextNumber is one above the highest number of the document', async () => {
      const store = storage.amendments;
      expect(await store.nextNumber('declaration')).toBe(1);
      await store.save({ amendments: [amendment()] });
      expect(await store.nextNumber('declaration')).toBe(2);
      await store.save({ amendments: [insert({ number: 7 })] });
      expect(await store.nextNumber('declaration')).toBe(8);
      // A withdrawn amendment keeps its number.
      await store.save({ amendments: [insert({ number: 7, status: 'withdrawn' })] });
      expect(await store.nextNumber('declaration')).toBe(8);
      expect(await store.nextNumber('call-for-action')).toBe(1);
    });

    it('AM4 revisions are kept oldest first; a revision repeated or of no amendment is refused', async () => {
      const store = storage.amendments;
      const first = amendment();
      await store.save({ amendments: [first], revisions: [revisionOf(first)] });
      clock.advance(3_600_000);
      const revised = amendment({
        proposedText: 'Calls upon Member States to adopt measures to reduce emissions;',
        justification: 'Closer to the agreed language.',
        revision: 2,
        updatedAt: new Date(clock.now()).toISOString(),
      });
      await store.save({ amendments: [revised], revisions: [revisionOf(revised)] });
      expect(await store.revisions('am-1')).toEqual([revisionOf(first), revisionOf(revised)]);
      expect(await store.get('am-1')).toMatchObject({ revision: 2 });
      await expect(store.save({ revisions: [revisionOf(revised)] })).rejects.toThrow();
      await expect(
        store.save({ revisions: [revisionOf(insert({ id: 'am-none' }))] }),
      ).rejects.toThrow();
      expect(await store.revisions('am-1')).toHaveLength(2);
      expect(await store.revisions('am-none')).toEqual([]);
    });

    it('AF1 compromises are kept oldest first and found by id; an id is stored once', async () => {
      const store = storage.amendments;
      expect(await store.compromises('declaration')).toEqual([]);
      const [cp1] = (await store.save({ compromises: [compromise()] })).compromises;
      const [cp2] = (
        await store.save({ compromises: [compromise({ id: 'cp-2', blockId: 'pp-1' })] })
      ).compromises;
      expect(cp1).toEqual({ ...compromise(), seq: cp1!.seq });
      expect(await store.compromises('declaration')).toEqual([cp1, cp2]);
      expect(await store.getCompromise('cp-2')).toEqual(cp2);
      expect(await store.getCompromise('cp-9')).toBeNull();
      expect(await store.compromises('call-for-action')).toEqual([]);
      await expect(
        store.save({ compromises: [compromise({ text: 'Another text' })] }),
      ).rejects.toThrow();
      expect(await store.getCompromise('cp-1')).toEqual(cp1);
    });

    it('AF1 an invalid record refuses the whole save', async () => {
      const store = storage.amendments;
      const bad = (overrides: Partial<Amendment>) =>
        amendment({ id: 'am-x', number: 2, ...overrides });
      const invalid: Amendment[] = [
        bad({ number: 0 }),
        bad({ kind: 'modify', blockId: null }),
        bad({ kind: 'insert', afterBlockId: null }),
        bad({ language: 'English' }),
        bad({ proposedText: 'two\nlines' }),
        bad({ submittedAt: 'yesterday' }),
      ];
      for (const record of invalid)
        await expect(store.save({ amendments: [amendment(), record] })).rejects.toThrow();
      await expect(
        store.save({ amendments: [amendment()], compromises: [compromise({ amendmentIds: [] })] }),
      ).rejects.toThrow();
      await expect(
        store.save({
          amendments: [amendment()],
          revisions: [{ ...revisionOf(amendment()), revision: 0 }],
        }),
      ).rejects.toThrow();
      // The same amendment twice in one save is refused as well.
      await expect(store.save({ amendments: [amendment(), amendment()] })).rejects.toThrow();
      expect(await store.list('declaration')).toEqual([]);
      expect(await store.lastSeq('declaration')).toBe(0);
      // Each was refused for its one wrong field: without it, the same save is stored.
      await store.save({ amendments: [amendment(), bad({})] });
      expect((await store.list('declaration')).map((a) => a.id)).toEqual(['am-1', 'am-x']);
    });

    it('AF1 what was stored cannot be changed through the objects given or returned', async () => {
      const store = storage.amendments;
      const given = amendment({ cosponsors: ['france'] });
      const [saved] = (await store.save({ amendments: [given] })).amendments;
      given.cosponsors.push('italy');
      saved!.cosponsors.push('spain');
      const got = await store.get('am-1');
      got!.objections.push({ delegationId: 'spain', reason: 'no' });
      expect(await store.get('am-1')).toEqual({
        ...amendment({ cosponsors: ['france'] }),
        seq: saved!.seq,
      });
    });

    it.skipIf(!impl.reopen)(
      'AF2 amendments, revisions, compromises and the seq counter survive a restart',
      async () => {
        const store = storage.amendments;
        const first = amendment();
        await store.save({ amendments: [first, insert()], revisions: [revisionOf(first)] });
        await store.save({ compromises: [compromise()] });
        const list = await store.list('declaration');
        const changes = await store.changesSince('declaration', 0);
        const lastSeq = await store.lastSeq('declaration');
        storage = await impl.reopen!(storage, clock);
        const again = storage.amendments;
        expect(await again.list('declaration')).toEqual(list);
        expect(await again.changesSince('declaration', 0)).toEqual(changes);
        expect(await again.revisions('am-1')).toEqual([revisionOf(first)]);
        expect(await again.getCompromise('cp-1')).toEqual(
          changes.find((e) => e.type === 'compromise')?.compromise,
        );
        expect(await again.lastSeq('declaration')).toBe(lastSeq);
        expect(await again.nextNumber('declaration')).toBe(3);
        // Seqs go on above everything stored before, in any document.
        const [next] = (
          await again.save({ amendments: [amendment({ id: 'am-c1', documentId: 'annex' })] })
        ).amendments;
        expect(next!.seq).toBeGreaterThan(lastSeq);
      },
    );
  });
}
