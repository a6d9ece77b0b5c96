import type Database from 'better-sqlite3';
import {
  amendmentRevisionSchema,
  amendmentSchema,
  compromiseSchema,
  type Amendment,
  type AmendmentEvent,
  type AmendmentRevision,
  type Compromise,
} from '@accord/shared';
import type { AmendmentStore, AmendmentWrite, AmendmentWriteResult } from './AmendmentStore.js';
import { parseAmendmentWrite } from './parseAmendmentWrite.js';
import { ensureAmendmentSchema } from './sqliteAmendmentSchema.js';

interface RecordRow {
  record: string;
}

// Records are read back through their schemas, as origins are: a row that does not match is an
// error, not a record handed on.
const readAmendment = (r: RecordRow): Amendment => amendmentSchema.parse(JSON.parse(r.record));
const readCompromise = (r: RecordRow): Compromise => compromiseSchema.parse(JSON.parse(r.record));
const readRevision = (r: RecordRow): AmendmentRevision =>
  amendmentRevisionSchema.parse(JSON.parse(r.record));

/**
 * Amendments, revisions and compromises in the server's SQLite database (opened by
 * `openSqliteStorage`). A save is one transaction that also advances the feed's counter, so a
 * rejected save leaves no record and no gap in the seqs.
 */
export class SqliteAmendmentStore implements AmendmentStore {
  constructor(private readonly db: Database.Database) {
    ensureAmendmentSchema(db);
  }

  async list(documentId: string): Promise<Amendment[]> {
    const rows = this.db
      .prepare('SELECT record FROM amendments WHERE document_id = ? ORDER BY number')
      .all(documentId) as RecordRow[];
    return rows.map(readAmendment);
  }

  async get(id: string): Promise<Amendment | null> {
    const row = this.db.prepare('SELECT record FROM amendments WHERE id = ?').get(id) as
      RecordRow | undefined;
    return row ? readAmendment(row) : null;
  }

  async save(write: AmendmentWrite): Promise<AmendmentWriteResult> {
    const parsed = parseAmendmentWrite(write);
    const existing = this.db.prepare('SELECT document_id, number FROM amendments WHERE id = ?');
    const upsert = this.db.prepare(
      `INSERT INTO amendments (id, document_id, number, seq, record) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, record = excluded.record`,
    );
    const insertRevision = this.db.prepare(
      'INSERT INTO amendment_revisions (amendment_id, revision, record) VALUES (?, ?, ?)',
    );
    const insertCompromise = this.db.prepare(
      'INSERT INTO compromises (id, document_id, seq, record) VALUES (?, ?, ?, ?)',
    );
    return this.db.transaction((): AmendmentWriteResult => {
      let seq = (
        this.db.prepare('SELECT value FROM amendment_seq WHERE id = 1').get() as {
          value: number;
        }
      ).value;
      const amendments = parsed.amendments.map((a) => {
        const before = existing.get(a.id) as { document_id: string; number: number } | undefined;
        if (before && (before.document_id !== a.documentId || before.number !== a.number))
          throw new Error(`amendment ${a.id} keeps its document and number`);
        const stored = { ...a, seq: ++seq };
        upsert.run(a.id, a.documentId, a.number, stored.seq, JSON.stringify(stored));
        return stored;
      });
      for (const r of parsed.revisions) {
        // Checked here too, not only by the foreign key, which holds only with foreign_keys on.
        if (!existing.get(r.amendmentId)) throw new Error(`no amendment ${r.amendmentId}`);
        insertRevision.run(r.amendmentId, r.revision, JSON.stringify(r));
      }
      const compromises = parsed.compromises.map((c) => {
        const stored = { ...c, seq: ++seq };
        insertCompromise.run(c.id, c.documentId, stored.seq, JSON.stringify(stored));
        return stored;
      });
      this.db.prepare('UPDATE amendment_seq SET value = ? WHERE id = 1').run(seq);
      return { amendments, compromises };
    })();
  }

  async nextNumber(documentId: string): Promise<number> {
    const row = this.db
      .prepare('SELECT COALESCE(MAX(number), 0) + 1 AS next FROM amendments WHERE document_id = ?')
      .get(documentId) as { next: number };
    return row.next;
  }

  async changesSince(documentId: string, seq: number): Promise<AmendmentEvent[]> {
    const rows = this.db
      .prepare(
        `SELECT 'amendment' AS type, seq, record FROM amendments WHERE document_id = ? AND seq > ?
         UNION ALL
         SELECT 'compromise' AS type, seq, record FROM compromises WHERE document_id = ? AND seq > ?
         ORDER BY seq`,
      )
      .all(documentId, seq, documentId, seq) as (RecordRow & {
      type: 'amendment' | 'compromise';
      seq: number;
    })[];
    return rows.map((r) =>
      r.type === 'amendment'
        ? { type: 'amendment', seq: r.seq, amendment: readAmendment(r) }
        : { type: 'compromise', seq: r.seq, compromise: readCompromise(r) },
    );
  }

  async lastSeq(documentId: string): Promise<number> {
    const row = this.db
      .prepare(
        `SELECT MAX(
           (SELECT COALESCE(MAX(seq), 0) FROM amendments WHERE document_id = ?),
           (SELECT COALESCE(MAX(seq), 0) FROM compromises WHERE document_id = ?)
         ) AS last`,
      )
      .get(documentId, documentId) as { last: number };
    return row.last;
  }

  async revisions(amendmentId: string): Promise<AmendmentRevision[]> {
    const rows = this.db
      .prepare('SELECT record FROM amendment_revisions WHERE amendment_id = ? ORDER BY revision')
      .all(amendmentId) as RecordRow[];
    return rows.map(readRevision);
  }

  async compromises(documentId: string): Promise<Compromise[]> {
    const rows = this.db
      .prepare('SELECT record FROM compromises WHERE document_id = ? ORDER BY seq')
      .all(documentId) as RecordRow[];
    return rows.map(readCompromise);
  }

  async getCompromise(id: string): Promise<Compromise | null> {
    const row = this.db.prepare('SELECT record FROM compromises WHERE id = ?').get(id) as
      RecordRow | undefined;
    return row ? readCompromise(row) : null;
  }
}
