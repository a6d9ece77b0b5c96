import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DEFAULT_ROUNDS, type Amendment, type ChangeOrigin, type Thread } from '@accord/shared';
import { openSqliteStorage } from '../../server/src/storage/SqliteStorage.js';
import { SqliteAmendmentStore } from '../../server/src/storage/SqliteAmendmentStore.js';
import { SqliteThreadStore } from '../../server/src/storage/SqliteThreadStore.js';
import type { Storage } from '../../server/src/storage/Storage.js';
import { ManualClock } from '../../server/src/time/ManualClock.js';

// What only the SQLite store has: a database from before origins were kept must still open.

/** The document tables as they were before issue 6 (origin-less, ISO `created_at`). */
const OLD_SCHEMA = `
CREATE TABLE documents (id TEXT PRIMARY KEY, title TEXT NOT NULL, kind TEXT NOT NULL,
  position INTEGER NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE snapshots (doc_id TEXT PRIMARY KEY REFERENCES documents(id), seq INTEGER NOT NULL,
  state BLOB NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE updates (seq INTEGER PRIMARY KEY AUTOINCREMENT, doc_id TEXT NOT NULL REFERENCES documents(id),
  data BLOB NOT NULL, created_at TEXT NOT NULL);
CREATE INDEX updates_doc_seq ON updates(doc_id, seq);
CREATE TABLE client_ids (doc_id TEXT NOT NULL REFERENCES documents(id), client_id INTEGER NOT NULL,
  person_id TEXT NOT NULL, PRIMARY KEY (doc_id, client_id));
`;

const MIGRATED: ChangeOrigin = { kind: 'system', reason: 'migration' };
const chair: ChangeOrigin = { kind: 'connection', personId: 'p-chair', delegationId: 'turkiye' };

/** Yjs updates typing `words` one after the other, and the state after each. */
function typing(words: string[]): { updates: Uint8Array[]; states: Uint8Array[]; doc: Y.Doc } {
  const doc = new Y.Doc({ gc: false });
  const updates: Uint8Array[] = [];
  const states: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  for (const w of words) {
    doc.getText('t').insert(doc.getText('t').length, w);
    states.push(Y.encodeStateAsUpdate(doc));
  }
  return { updates, states, doc };
}

describe('SQLite storage: migration of a database from before origins were kept', () => {
  const dirs: string[] = [];
  let storage: Storage | null = null;
  afterEach(async () => {
    await storage?.close();
    storage = null;
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  /**
   * An old database: 8 updates of the declaration at known ISO times, compacted (the old way,
   * deleting rows) up to `compactedTo`.
   */
  function oldDatabase(compactedTo: number) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-migrate-'));
    dirs.push(dir);
    const { updates, states, doc } = typing(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
    const times = updates.map((_, i) => Date.UTC(2024, 3, 2, 10, 0, i, 7 * i));
    const db = new Database(path.join(dir, 'accord.sqlite'));
    db.exec(OLD_SCHEMA);
    db.prepare("INSERT INTO documents VALUES ('declaration', 'D', 'declaration', 1, ?)").run(
      new Date(times[0]!).toISOString(),
    );
    updates.forEach((u, i) =>
      db
        .prepare("INSERT INTO updates (doc_id, data, created_at) VALUES ('declaration', ?, ?)")
        .run(Buffer.from(u), new Date(times[i]!).toISOString()),
    );
    db.prepare("INSERT INTO client_ids VALUES ('declaration', ?, 'p-chair')").run(doc.clientID);
    db.prepare(
      "INSERT INTO snapshots VALUES ('declaration', ?, ?, '2024-04-02T11:00:00.000Z')",
    ).run(compactedTo, Buffer.from(states[compactedTo - 1]!));
    db.prepare('DELETE FROM updates WHERE seq <= ?').run(compactedTo);
    db.close();
    return { dir, updates, times, doc };
  }

  it('ST6 old updates keep their arrival time and get the migration origin', async () => {
    const old = oldDatabase(5);
    storage = openSqliteStorage(old.dir, { clock: new ManualClock(Date.UTC(2024, 5, 1)) });
    expect(await storage.documents.history('declaration')).toEqual(
      [5, 6, 7].map((i) => ({
        seq: i + 1,
        arrivedAt: old.times[i],
        origin: MIGRATED,
        update: old.updates[i],
      })),
    );
    const loaded = await storage.documents.loadDocument('declaration');
    expect(loaded).toMatchObject({ snapshotSeq: 5, lastSeq: 8 });
    expect(loaded.clientOwners).toEqual(new Map([[old.doc.clientID, 'p-chair']]));
    const rebuilt = new Y.Doc({ gc: false });
    Y.applyUpdate(rebuilt, loaded.snapshot!);
    for (const u of loaded.updates) Y.applyUpdate(rebuilt, u);
    expect(rebuilt.getText('t').toString()).toBe('abcdefgh');
  });

  it('ST6 a migrated database whose log was compacted away numbers new updates after its snapshot', async () => {
    const old = oldDatabase(8);
    const clock = new ManualClock(Date.UTC(2024, 5, 1));
    storage = openSqliteStorage(old.dir, { clock });
    expect(await storage.documents.history('declaration')).toEqual([]);
    const seq = await storage.documents.appendUpdate('declaration', Uint8Array.of(1), {
      origin: chair,
    });
    expect(seq).toBe(9);
    const loaded = await storage.documents.loadDocument('declaration');
    expect(loaded).toMatchObject({ snapshotSeq: 8, lastSeq: 9, updates: [Uint8Array.of(1)] });
    // Opening again migrates nothing twice.
    await storage.close();
    storage = openSqliteStorage(old.dir, { clock });
    expect(await storage.documents.history('declaration')).toEqual([
      { seq: 9, arrivedAt: Date.UTC(2024, 5, 1), origin: chair, update: Uint8Array.of(1) },
    ]);
  });

  it('WC1 a database from before working copies keeps its documents and opens working copies', async () => {
    const old = oldDatabase(5);
    const clock = new ManualClock(Date.UTC(2024, 5, 1));
    storage = openSqliteStorage(old.dir, { clock });
    const id = await storage.documents.openWorkingCopy('declaration', 'germany');
    await storage.documents.appendUpdate(id, Uint8Array.of(1), { origin: chair });
    expect(await storage.documents.listDocuments()).toEqual([
      { id: 'declaration', title: 'D', kind: 'declaration' },
    ]);
    // Opening again adds no column twice and keeps the working copy.
    await storage.close();
    storage = openSqliteStorage(old.dir, { clock });
    expect(await storage.documents.openWorkingCopy('declaration', 'germany')).toBe(id);
    expect((await storage.documents.loadDocument(id)).updates).toEqual([Uint8Array.of(1)]);
    expect((await storage.documents.loadDocument('declaration')).lastSeq).toBe(8);
  });

  it('ST6 an origin that does not match the schema is refused when read back', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-migrate-'));
    dirs.push(dir);
    storage = openSqliteStorage(dir);
    await storage.documents.createDocuments([{ id: 'd', title: 'D', kind: 'declaration' }]);
    await storage.documents.appendUpdate('d', Uint8Array.of(1), { origin: chair });
    await storage.close();
    const db = new Database(path.join(dir, 'accord.sqlite'));
    db.prepare(`UPDATE updates SET origin = '{"kind":"robot"}'`).run();
    db.close();
    storage = openSqliteStorage(dir);
    await expect(storage.documents.history('d')).rejects.toThrow();
  });
});

/** A minimal valid thread with one comment `c-<id>`. */
function thread(id: string, documentId = 'declaration'): Thread {
  const at = '2024-05-14T09:00:00.000Z';
  return {
    id,
    documentId,
    anchor: { type: 'document' },
    visibility: 'public',
    delegationId: 'germany',
    quote: '',
    status: 'open',
    resolved: null,
    comments: [
      {
        id: `c-${id}`,
        personId: 'p-germany',
        authorName: 'Germany',
        delegationId: 'germany',
        text: 'A question.',
        createdAt: at,
        editedAt: null,
        deleted: false,
      },
    ],
    createdAt: at,
    updatedAt: at,
    seq: 0,
  };
}

/** A minimal valid amendment numbered `number`. */
function amendment(number: number): Amendment {
  const at = '2024-05-14T09:00:00.000Z';
  return {
    id: `am-${number}`,
    number,
    documentId: 'declaration',
    delegationId: 'germany',
    kind: 'modify',
    blockType: 'operative',
    blockId: 'op-3',
    afterBlockId: null,
    label: 'OP3',
    originalText: 'Old words;',
    proposedText: 'New words;',
    justification: '',
    language: 'en',
    status: 'submitted',
    cosponsors: [],
    supports: [],
    objections: [],
    outdated: false,
    decision: null,
    submittedAt: at,
    updatedAt: at,
    revision: 1,
    targetDeleted: false,
    compromiseId: null,
    roundId: null,
    carriedFrom: [],
    seq: 0,
  };
}

describe("SQLite storage: threads on the amendments' feed counter", () => {
  const dirs: string[] = [];
  const dbs: Database.Database[] = [];
  let storage: Storage | null = null;
  afterEach(async () => {
    await storage?.close();
    storage = null;
    for (const db of dbs.splice(0)) db.close();
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  function tempDir(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-threads-'));
    dirs.push(dir);
    return dir;
  }

  it('AF2 the thread and amendment tables may be created in either order, on one counter', async () => {
    for (const threadsFirst of [true, false]) {
      const db = new Database(path.join(tempDir(), 'accord.sqlite'));
      dbs.push(db);
      const threads = threadsFirst ? new SqliteThreadStore(db) : null;
      const amendments = new SqliteAmendmentStore(db);
      const store = threads ?? new SqliteThreadStore(db);
      const a = (await amendments.save({ amendments: [amendment(1)] })).amendments[0]!;
      const t = await store.save(thread('th-1'));
      const b = (await amendments.save({ amendments: [amendment(2)] })).amendments[0]!;
      expect([a.seq, t.seq, b.seq]).toEqual([1, 2, 3]);
    }
  });

  it('AF2 a database from before threads keeps its amendments; threads take seqs above them', async () => {
    const dir = tempDir();
    storage = openSqliteStorage(dir);
    await storage.amendments.save({ amendments: [amendment(1), amendment(2)] });
    await storage.close();
    const db = new Database(path.join(dir, 'accord.sqlite'));
    db.exec('DROP TABLE thread_comments; DROP TABLE threads;');
    db.close();
    storage = openSqliteStorage(dir);
    expect(await storage.threads.list('declaration')).toEqual([]);
    expect((await storage.threads.save(thread('th-1'))).seq).toBe(3);
    expect((await storage.amendments.list('declaration')).map((x) => x.id)).toEqual([
      'am-1',
      'am-2',
    ]);
  });

  it('AF1 a stored thread that does not match the schema is refused when read back', async () => {
    const dir = tempDir();
    storage = openSqliteStorage(dir);
    await storage.threads.save(thread('th-1'));
    await storage.close();
    const db = new Database(path.join(dir, 'accord.sqlite'));
    db.prepare(`UPDATE threads SET record = json_set(record, '$.status', 'closed')`).run();
    db.close();
    storage = openSqliteStorage(dir);
    await expect(storage.threads.get('th-1')).rejects.toThrow();
    await expect(storage.threads.getByComment('c-th-1')).rejects.toThrow();
  });
});

describe('SQLite storage: rounds', () => {
  const dirs: string[] = [];
  let storage: Storage | null = null;
  afterEach(async () => {
    await storage?.close();
    storage = null;
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  function tempDir(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-rounds-'));
    dirs.push(dir);
    return dir;
  }

  it('RD1 a database from before rounds keeps its threads and starts with no rounds', async () => {
    const dir = tempDir();
    storage = openSqliteStorage(dir);
    const stored = await storage.threads.save(thread('th-1'));
    await storage.close();
    const db = new Database(path.join(dir, 'accord.sqlite'));
    db.exec('DROP TABLE round_extensions; DROP TABLE rounds;');
    db.close();
    storage = openSqliteStorage(dir);
    expect(await storage.rounds.list()).toEqual([]);
    expect(await storage.threads.get('th-1')).toEqual(stored);
    expect(await storage.rounds.replaceAll(DEFAULT_ROUNDS)).toEqual(DEFAULT_ROUNDS);
  });

  it('RD1 DL6 a stored round or extension that does not match the schema is refused when read back', async () => {
    const dir = tempDir();
    storage = openSqliteStorage(dir);
    await storage.rounds.replaceAll(DEFAULT_ROUNDS);
    await storage.rounds.grantExtension({
      roundId: 'zero-draft',
      delegationId: null,
      until: '2024-06-02T21:59:00.000Z',
      grantedBy: 'p-chair',
      at: '2024-05-14T09:00:00.000Z',
    });
    await storage.close();
    const db = new Database(path.join(dir, 'accord.sqlite'));
    db.prepare(`UPDATE rounds SET record = json_set(record, '$.phase', 'closed')`).run();
    db.prepare(`UPDATE round_extensions SET record = json_set(record, '$.until', 'soon')`).run();
    db.close();
    storage = openSqliteStorage(dir);
    await expect(storage.rounds.list()).rejects.toThrow();
    await expect(storage.rounds.get('zero-draft')).rejects.toThrow();
    await expect(storage.rounds.extensions('zero-draft')).rejects.toThrow();
  });
});
