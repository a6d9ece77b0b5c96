import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Amendment, AmendmentRevision, Compromise, Thread } from '@accord/shared';
import { openPostgresStorage } from '../../server/src/storage/postgres/PostgresStorage.js';
import type { Storage } from '../../server/src/storage/Storage.js';
import { ManualClock } from '../../server/src/time/ManualClock.js';
import { Scheduler } from '../../server/src/time/Scheduler.js';
import { PgAdvisoryLock } from '../../server/src/cluster/SharedLock.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';
import { amendment as amendmentRecord } from '../unit/amendmentRecord.js';

// What only PostgreSQL needs of the workflow stores: several processes share one database. Two
// storages opened on the same url and schema stand for two server processes (two pools, so two
// sets of connections and transactions).

const T0 = Date.UTC(2024, 4, 14, 9, 0, 0);
const AT = new Date(T0).toISOString();
const DOC = 'declaration';

/** A submitted amendment to OP3 of the declaration (the unit tests' whole record). */
function amendment(id: string, number: number): Amendment {
  return amendmentRecord(number, 'OP3', 0, {
    id,
    documentId: DOC,
    blockId: 'op-3',
    submittedAt: AT,
    updatedAt: AT,
  });
}

/** The revision a submission of `a` records. */
function revisionOf(a: Amendment): AmendmentRevision {
  const { originalText, proposedText, justification, language } = a;
  return {
    amendmentId: a.id,
    revision: 1,
    ...{ originalText, proposedText, justification, language },
    personId: 'p-germany',
    at: AT,
  };
}

/** A compromise of the Chair on OP3. */
function compromise(id: string, amendmentIds: string[]): Compromise {
  return {
    id,
    documentId: DOC,
    blockId: 'op-3',
    amendmentIds,
    text: 'Calls upon Member States to adopt measures to reduce emissions substantially;',
    reason: 'Brings the proposals together.',
    by: 'turkiye',
    personId: 'p-chair',
    at: AT,
    seq: 0,
  };
}

/** A public thread on the whole document with one comment. */
function thread(id: string): Thread {
  return {
    id,
    documentId: DOC,
    anchor: { type: 'document' },
    visibility: 'public',
    delegationId: 'france',
    quote: '',
    status: 'open',
    resolved: null,
    comments: [
      {
        id: `c-${id}`,
        personId: 'p-france',
        authorName: 'Marie Dubois (France)',
        delegationId: 'france',
        text: 'A question on the whole text.',
        createdAt: AT,
        editedAt: null,
        deleted: false,
      },
    ],
    createdAt: AT,
    updatedAt: AT,
    seq: 0,
  };
}

let database: TestDatabase;
const opened: Storage[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await Promise.all(opened.map((s) => s.close()));
  await database?.drop();
});

/** `count` storages on one schema, opened together as processes starting at once would. */
async function processes(schema: string, count: number): Promise<Storage[]> {
  const open = () =>
    openPostgresStorage({ url: database.url, schema, clock: new ManualClock(T0), max: 8 });
  const all = await Promise.all(Array.from({ length: count }, open));
  opened.push(...all);
  return all;
}

/**
 * A feed reader of one store: resumes from the highest seq it has seen, as a client does, and
 * also rereads from 0 to catch a record that appears below what it had already seen.
 */
class Reader {
  cursor = 0;
  polls = 0;
  readonly seen = new Map<string, number>();
  readonly late: string[] = [];
  private known = new Set<string>();

  constructor(private readonly read: (after: number) => Promise<{ key: string; seq: number }[]>) {}

  async poll(): Promise<void> {
    this.polls += 1;
    for (const r of await this.read(this.cursor)) {
      if (r.seq <= this.cursor) this.late.push(`${r.key} at ${r.seq} after ${this.cursor}`);
      this.seen.set(r.key, r.seq);
      this.cursor = Math.max(this.cursor, r.seq);
    }
    const all = await this.read(0);
    for (const r of all)
      if (!this.known.has(r.key) && r.seq <= this.cursor && !this.seen.has(r.key))
        this.late.push(`${r.key} at ${r.seq} appeared below ${this.cursor}`);
    this.known = new Set(all.map((r) => r.key));
  }
}

describe('PostgreSQL workflow stores shared by processes', () => {
  it('PG5 the feed seq of two processes saving at once is distinct, in commit order, and no reader misses a record', async () => {
    // Two writing processes, and a third whose pool the writers' queued saves do not hold up.
    const [a, b, reader] = (await processes('pg5', 3)) as [Storage, Storage, Storage];
    const amendmentsFeed = new Reader(async (after) =>
      (await reader.amendments.changesSince(DOC, after)).map((e) => ({
        key:
          e.type === 'amendment'
            ? e.amendment.id
            : e.type === 'compromise'
              ? e.compromise.id
              : e.thread.id,
        seq: e.seq,
      })),
    );
    const threadsFeed = new Reader(async (after) =>
      (await reader.threads.changesSince(DOC, after)).map((t) => ({ key: t.id, seq: t.seq })),
    );
    // Each process makes 50 saves: amendments (every fifth with a compromise) and threads.
    const saves = (storage: Storage, from: number) =>
      Array.from({ length: 50 }, async (_, i) => {
        const k = from + i;
        if (k % 2 === 1) return void (await storage.threads.save(thread(`th-${k}`)));
        const am = amendment(`am-${k}`, k + 1);
        const compromises = k % 5 === 0 ? [compromise(`cp-${k}`, [am.id])] : [];
        await storage.amendments.save({
          amendments: [am],
          revisions: [revisionOf(am)],
          compromises,
        });
      });
    let saving = true;
    const reading = (async () => {
      while (saving) await Promise.all([amendmentsFeed.poll(), threadsFeed.poll()]);
    })();
    await Promise.all([...saves(a, 0), ...saves(b, 50)]);
    saving = false;
    await reading;
    await Promise.all([amendmentsFeed.poll(), threadsFeed.poll()]);

    const amendments = await a.amendments.list(DOC);
    const compromises = await a.amendments.compromises(DOC);
    const threads = await b.threads.list(DOC);
    expect(amendments).toHaveLength(50);
    expect(compromises).toHaveLength(10);
    expect(threads).toHaveLength(50);
    // One counter for both stores and both processes: every seq once, no gap.
    const seqs = [...amendments, ...compromises, ...threads]
      .map((r) => r.seq)
      .sort((x, y) => x - y);
    expect(seqs).toEqual(Array.from({ length: 110 }, (_, i) => i + 1));
    // Monotone: nothing ever appeared at or below a seq a reader had already seen ...
    expect(amendmentsFeed.late).toEqual([]);
    expect(threadsFeed.late).toEqual([]);
    // ... and complete: resuming from the last seq seen collected every record.
    expect(new Map(amendmentsFeed.seen)).toEqual(
      new Map([...amendments, ...compromises].map((r) => [r.id, r.seq])),
    );
    expect(new Map(threadsFeed.seen)).toEqual(new Map(threads.map((t) => [t.id, t.seq])));
    // The readers polled while the saves went on, not only after them.
    expect(amendmentsFeed.polls).toBeGreaterThan(2);
    expect(threadsFeed.polls).toBeGreaterThan(2);
    expect(await a.amendments.lastSeq(DOC)).toBe(
      Math.max(...[...amendments, ...compromises].map((r) => r.seq)),
    );
  });

  it('PG6 two processes racing to save amendment number N: exactly one wins, the other stores nothing', async () => {
    const [a, b] = (await processes('pg6', 2)) as [Storage, Storage];
    const save = (storage: Storage, id: string, number: number) => {
      const am = amendment(id, number);
      return storage.amendments.save({
        amendments: [am],
        revisions: [revisionOf(am)],
        compromises: [compromise(`cp-${id}`, [id])],
      });
    };
    for (let n = 1; n <= 20; n++) {
      const results = await Promise.allSettled([save(a, `a-${n}`, n), save(b, `b-${n}`, n)]);
      const won = results.filter((r) => r.status === 'fulfilled');
      expect(won, `number ${n}`).toHaveLength(1);
      const [winner, loser] = results[0].status === 'fulfilled' ? ['a', 'b'] : ['b', 'a'];
      const numbered = (await a.amendments.list(DOC)).filter((x) => x.number === n);
      expect(numbered.map((x) => x.id)).toEqual([`${winner}-${n}`]);
      expect(await b.amendments.get(`${loser}-${n}`)).toBeNull();
      expect(await b.amendments.revisions(`${loser}-${n}`)).toEqual([]);
      expect(await b.amendments.getCompromise(`cp-${loser}-${n}`)).toBeNull();
      expect(await a.amendments.nextNumber(DOC)).toBe(n + 1);
    }
    // The refused saves took no seq: 20 amendments and 20 compromises numbered 1 … 40.
    const amendments = await b.amendments.list(DOC);
    const compromises = await b.amendments.compromises(DOC);
    expect(amendments).toHaveLength(20);
    const seqs = [...amendments, ...compromises].map((r) => r.seq).sort((x, y) => x - y);
    expect(seqs).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it('TM3 PG7 two processes with every task due run each once, under the advisory lock', async () => {
    const [a, b] = (await processes('pg7', 2)) as [Storage, Storage];
    const clock = new ManualClock(T0);
    const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
    const ran: string[] = [];
    const locks = [a, b].map(() => new PgAdvisoryLock(database.url, 'pg7'));
    const schedulers = [a, b].map((storage, i) => {
      const scheduler = new Scheduler(storage.tasks, clock, silent, { lock: locks[i] });
      scheduler.handle('deadline', async (task) => {
        // A handler that reads the database, as the rounds' deadline handler does.
        await storage.tasks.get(task.id);
        ran.push(`${'AB'[i]}:${task.key}`);
      });
      return scheduler;
    });
    const keys = Array.from({ length: 30 }, (_, i) => `round-${i}`);
    for (const key of keys) await a.tasks.schedule({ kind: 'deadline', at: T0 + 100, key });
    await Promise.all(schedulers.map((s) => s.start()));
    clock.advance(100);
    await Promise.all(schedulers.map((s) => s.idle()));
    expect(ran.map((r) => r.slice(2)).sort()).toEqual([...keys].sort());
    expect(await b.tasks.pending()).toEqual([]);
    await Promise.all(schedulers.map((s) => s.stop()));
    await Promise.all(locks.map((l) => l.close()));
  });
});
