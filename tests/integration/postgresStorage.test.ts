import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { ChangeOrigin } from '@accord/shared';
import { PgDatabase } from '../../server/src/storage/postgres/PgDatabase.js';
import { MIGRATIONS, migrate } from '../../server/src/storage/postgres/migrations.js';
import { openPostgresStorage } from '../../server/src/storage/postgres/PostgresStorage.js';
import type { Storage } from '../../server/src/storage/Storage.js';
import { isoAt } from '../../server/src/time/Clock.js';
import { ManualClock } from '../../server/src/time/ManualClock.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';

// What only the PostgreSQL storage has to do: several server processes share one database.
// A "process" here is a storage with its own pool on the same schema.

const T0 = Date.UTC(2024, 4, 14, 9, 0, 0);
const chair: ChangeOrigin = { kind: 'connection', personId: 'p-chair', delegationId: 'turkiye' };
const declaration = { id: 'declaration', title: 'Declaration', kind: 'declaration' as const };
const call = { id: 'call-for-action', title: 'Call for Action', kind: 'call-for-action' as const };

let database: TestDatabase;
let nextSchema = 0;
const opened: Storage[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});
afterAll(async () => database?.drop());

/** A new schema name: one per test, shared by the "processes" of that test. */
const freshSchema = () => `multi_${nextSchema++}`;

/** Opens one storage ("process") on `schema`, closed after the test. */
async function open(schema: string): Promise<Storage> {
  const storage = await openPostgresStorage({
    url: database.url,
    schema,
    clock: new ManualClock(T0),
    max: 4,
  });
  opened.push(storage);
  return storage;
}

/** Runs `work` with a plain pg client on `schema`, as someone at a SQL prompt would. */
async function sql<T>(schema: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    await client.query(`SET search_path = ${schema}`);
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Lets the event loop turn, so the appends made so far leave as a batch of their own. */
const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('PostgreSQL storage shared by several processes', () => {
  it('PG1 two processes appending to one document get seqs 1..400, gapless, in commit order', async () => {
    const schema = freshSchema();
    const a = await open(schema);
    const b = await open(schema);
    await a.documents.createDocuments([declaration, call]);
    const calls: { process: number; i: number; seq: Promise<number> }[] = [];
    // 20 waves of 10 appends per process: many batches of each process in flight at once.
    for (let wave = 0; wave < 20; wave++) {
      for (let k = 0; k < 10; k++) {
        const i = wave * 10 + k;
        for (const [process, storage] of [a, b].entries())
          calls.push({
            process,
            i,
            seq: storage.documents.appendUpdate('declaration', Uint8Array.of(process, i), {
              origin: chair,
            }),
          });
      }
      await nextTick();
    }
    const seqs = await Promise.all(calls.map((c) => c.seq));
    expect([...seqs].sort((x, y) => x - y)).toEqual(Array.from({ length: 400 }, (_, i) => i + 1));
    // Each process's appends got increasing seqs, in the order it made them.
    for (const process of [0, 1]) {
      const own = calls.flatMap((c, n) => (c.process === process ? [seqs[n]!] : []));
      for (let n = 1; n < own.length; n++) expect(own[n]!).toBeGreaterThan(own[n - 1]!);
    }
    // The history holds all 400 in seq order, each with the bytes its append was told about.
    const history = await b.documents.history('declaration');
    expect(history.map((h) => h.seq)).toEqual(Array.from({ length: 400 }, (_, i) => i + 1));
    const bySeq = new Map(history.map((h) => [h.seq, h.update]));
    calls.forEach((c, n) => expect(bySeq.get(seqs[n]!)).toEqual(Uint8Array.of(c.process, c.i)));
    expect((await a.documents.loadDocument('declaration')).lastSeq).toBe(400);
    // Another document counts on its own.
    expect(
      await b.documents.appendUpdate('call-for-action', Uint8Array.of(1), { origin: chair }),
    ).toBe(1);
  });

  it('PG1 a refused append is refused alone and leaves no hole in the seqs', async () => {
    const schema = freshSchema();
    const a = await open(schema);
    await a.documents.createDocuments([declaration]);
    const append = (id: string, byte: number) =>
      a.documents.appendUpdate(id, Uint8Array.of(byte), { origin: chair });
    const results = await Promise.allSettled([
      append('declaration', 1),
      append('nothing', 2),
      append('declaration', 3),
    ]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : 'refused'))).toEqual([
      1,
      'refused',
      2,
    ]);
    // One the database itself refuses (PostgreSQL text cannot hold NUL) fails its batch's
    // statements; the batch is written again one by one and only that append is refused.
    const faulty = await Promise.allSettled([
      append('declaration', 4),
      a.documents.appendUpdate('declaration', Uint8Array.of(5), {
        origin: chair,
        claims: [{ clientId: 9, personId: 'p\u0000' }],
      }),
      append('declaration', 6),
    ]);
    expect(faulty.map((r) => (r.status === 'fulfilled' ? r.value : 'refused'))).toEqual([
      3,
      'refused',
      4,
    ]);
    const history = await a.documents.history('declaration');
    expect(history.map((h) => [h.seq, h.update[0]])).toEqual([
      [1, 1],
      [2, 3],
      [3, 4],
      [4, 6],
    ]);
  });

  it('ST5 two processes opening one working copy at once both get it', async () => {
    const schema = freshSchema();
    const a = await open(schema);
    const b = await open(schema);
    await a.documents.createDocuments([declaration]);
    const ids = await Promise.all([
      a.documents.openWorkingCopy('declaration', 'germany'),
      b.documents.openWorkingCopy('declaration', 'germany'),
    ]);
    expect(ids[0]).toBe(ids[1]);
    expect(await a.documents.listDocuments()).toEqual([declaration]);
  });

  it('PG2 two processes opening an empty schema at once run the migrations once', async () => {
    const schema = freshSchema();
    await Promise.all([open(schema), open(schema), open(schema)]);
    const rows = await sql(
      schema,
      async (c) =>
        (
          await c.query<{ version: number }>(
            'SELECT version FROM schema_migrations ORDER BY version',
          )
        ).rows,
    );
    expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it('PG2 a migration already applied is not run again on reopen', async () => {
    const schema = freshSchema();
    const first = await open(schema);
    await first.documents.createDocuments([declaration]);
    const applied = () =>
      sql(schema, async (c) => (await c.query('SELECT * FROM schema_migrations')).rows);
    const before = await applied();
    await first.close();
    // Migration 1 creates its tables without IF NOT EXISTS: running it again would fail.
    const again = await open(schema);
    expect(await again.documents.listDocuments()).toEqual([declaration]);
    expect(await applied()).toEqual(before);
    const db = new PgDatabase({ url: database.url, schema });
    try {
      expect(await migrate(db)).toEqual([]);
    } finally {
      await db.close();
    }
  });

  it('PG3 the audit trail refuses UPDATE, DELETE and TRUNCATE from any database client', async () => {
    const schema = freshSchema();
    const storage = await open(schema);
    const entry = await storage.audit.append({
      personId: 'p-1',
      username: 'icmpd',
      delegationId: 'icmpd',
      action: 'sign-in',
      target: null,
      outcome: 'ok',
      detail: {},
    });
    await sql(schema, async (c) => {
      await expect(c.query(`UPDATE audit_log SET action = 'nothing'`)).rejects.toThrow(
        /append-only/,
      );
      await expect(c.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
      await expect(c.query('DELETE FROM audit_log WHERE false')).rejects.toThrow(/append-only/);
      await expect(c.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
    });
    expect(await storage.audit.list()).toEqual([entry]);
  });

  it('PG4 two processes accepting one invitation at once make one account', async () => {
    const schema = freshSchema();
    const a = await open(schema);
    const b = await open(schema);
    await a.directory.createDelegations([
      { id: 'germany', name: 'Germany', kind: 'participating-state', roles: [] },
    ]);
    // Several invitations, each accepted by both processes at once.
    for (let n = 0; n < 10; n++) {
      await a.directory.createInvitation(`i-${n}`, {
        delegationId: 'germany',
        displayName: `Person ${n}`,
        createdBy: 'p-secretariat',
        createdAt: isoAt(T0),
        expiresAt: isoAt(T0 + 86_400_000),
      });
      const results = await Promise.all([
        a.directory.acceptInvitation(`i-${n}`, { username: `a${n}`, passwordHash: 'h' }),
        b.directory.acceptInvitation(`i-${n}`, { username: `b${n}`, passwordHash: 'h' }),
      ]);
      const made = results.filter((r) => typeof r !== 'string');
      expect(made).toHaveLength(1);
      expect(results.filter((r) => r === 'used')).toHaveLength(1);
      expect((await b.directory.findInvitation(`i-${n}`))!.usedBy).toBe(made[0]!.id);
    }
    expect(await a.directory.listPeople()).toHaveLength(10);
  });
});
