import {
  amendmentRevisionSchema,
  amendmentSchema,
  compromiseSchema,
  type Amendment,
  type AmendmentEvent,
  type AmendmentRevision,
  type Compromise,
} from '@accord/shared';
import type { AmendmentStore, AmendmentWrite, AmendmentWriteResult } from '../AmendmentStore.js';
import { parseAmendmentWrite } from '../parseAmendmentWrite.js';
import type { PgDatabase } from './PgDatabase.js';
import { allocateFeedSeqs, recordReader, type RecordRow } from './pgWorkflowRows.js';

const readAmendment = recordReader(amendmentSchema);
const readCompromise = recordReader(compromiseSchema);
const readRevision = recordReader(amendmentRevisionSchema);

/**
 * Amendments, revisions and compromises in PostgreSQL (opened by `openPostgresStorage`), as
 * `SqliteAmendmentStore` keeps them. A save is one transaction: a rejected save (a repeated
 * amendment number, which the unique index on (document_id, number) refuses even between
 * processes, or any other refusal) stores nothing and leaves no gap in the seqs.
 *
 * The feed's seqs come from the `feed_counter` row, shared with `PgThreadStore` and updated
 * inside the save's transaction (`allocateFeedSeqs`), not from a SEQUENCE: the row lock makes
 * saves from different processes serialize, so seq order is commit order and a client resuming
 * its feed after seq N can never miss a record committed later with a smaller seq.
 */
export class PgAmendmentStore implements AmendmentStore {
  constructor(private readonly db: PgDatabase) {}

  async list(documentId: string): Promise<Amendment[]> {
    const { rows } = await this.db.query<RecordRow>(
      'SELECT record FROM amendments WHERE document_id = $1 ORDER BY number',
      [documentId],
    );
    return rows.map(readAmendment);
  }

  async get(id: string): Promise<Amendment | null> {
    const { rows } = await this.db.query<RecordRow>('SELECT record FROM amendments WHERE id = $1', [
      id,
    ]);
    return rows[0] ? readAmendment(rows[0]) : null;
  }

  async save(write: AmendmentWrite): Promise<AmendmentWriteResult> {
    const parsed = parseAmendmentWrite(write);
    return this.db.transaction(async (client) => {
      // First, so the checks below read what the previous save (of any process) committed.
      let seq = await allocateFeedSeqs(
        client,
        parsed.amendments.length + parsed.compromises.length,
      );
      const existing = async (id: string) =>
        (
          await client.query<{ document_id: string; number: number }>(
            'SELECT document_id, number FROM amendments WHERE id = $1',
            [id],
          )
        ).rows[0];
      const amendments: Amendment[] = [];
      for (const a of parsed.amendments) {
        const before = await existing(a.id);
        if (before && (before.document_id !== a.documentId || before.number !== a.number))
          throw new Error(`amendment ${a.id} keeps its document and number`);
        const stored = { ...a, seq: ++seq };
        await client.query(
          `INSERT INTO amendments (id, document_id, number, seq, record) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (id) DO UPDATE SET seq = EXCLUDED.seq, record = EXCLUDED.record`,
          [a.id, a.documentId, a.number, stored.seq, JSON.stringify(stored)],
        );
        amendments.push(stored);
      }
      for (const r of parsed.revisions) {
        if (!(await existing(r.amendmentId))) throw new Error(`no amendment ${r.amendmentId}`);
        await client.query(
          'INSERT INTO amendment_revisions (amendment_id, revision, record) VALUES ($1, $2, $3)',
          [r.amendmentId, r.revision, JSON.stringify(r)],
        );
      }
      const compromises: Compromise[] = [];
      for (const c of parsed.compromises) {
        const stored = { ...c, seq: ++seq };
        await client.query(
          'INSERT INTO compromises (id, document_id, seq, record) VALUES ($1, $2, $3, $4)',
          [c.id, c.documentId, stored.seq, JSON.stringify(stored)],
        );
        compromises.push(stored);
      }
      return { amendments, compromises };
    });
  }

  async nextNumber(documentId: string): Promise<number> {
    const { rows } = await this.db.query<{ next: number }>(
      'SELECT COALESCE(MAX(number), 0) + 1 AS next FROM amendments WHERE document_id = $1',
      [documentId],
    );
    return rows[0]?.next ?? 1;
  }

  async changesSince(documentId: string, seq: number): Promise<AmendmentEvent[]> {
    // One statement, so one snapshot: both tables are read as of the same commit.
    const { rows } = await this.db.query<
      RecordRow & { type: 'amendment' | 'compromise'; seq: number }
    >(
      `SELECT 'amendment' AS type, seq, record FROM amendments WHERE document_id = $1 AND seq > $2
       UNION ALL
       SELECT 'compromise' AS type, seq, record FROM compromises WHERE document_id = $1 AND seq > $2
       ORDER BY seq`,
      [documentId, seq],
    );
    return rows.map((r) =>
      r.type === 'amendment'
        ? { type: 'amendment', seq: r.seq, amendment: readAmendment(r) }
        : { type: 'compromise', seq: r.seq, compromise: readCompromise(r) },
    );
  }

  async lastSeq(documentId: string): Promise<number> {
    const { rows } = await this.db.query<{ last: number }>(
      `SELECT GREATEST(
         (SELECT COALESCE(MAX(seq), 0) FROM amendments WHERE document_id = $1),
         (SELECT COALESCE(MAX(seq), 0) FROM compromises WHERE document_id = $1)
       ) AS last`,
      [documentId],
    );
    return rows[0]?.last ?? 0;
  }

  async revisions(amendmentId: string): Promise<AmendmentRevision[]> {
    const { rows } = await this.db.query<RecordRow>(
      'SELECT record FROM amendment_revisions WHERE amendment_id = $1 ORDER BY revision',
      [amendmentId],
    );
    return rows.map(readRevision);
  }

  async compromises(documentId: string): Promise<Compromise[]> {
    const { rows } = await this.db.query<RecordRow>(
      'SELECT record FROM compromises WHERE document_id = $1 ORDER BY seq',
      [documentId],
    );
    return rows.map(readCompromise);
  }

  async getCompromise(id: string): Promise<Compromise | null> {
    const { rows } = await this.db.query<RecordRow>(
      'SELECT record FROM compromises WHERE id = $1',
      [id],
    );
    return rows[0] ? readCompromise(rows[0]) : null;
  }
}
