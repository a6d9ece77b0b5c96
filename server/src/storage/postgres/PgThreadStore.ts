import { threadSchema, type Thread } from '@accord/shared';
import type { ThreadStore } from '../ThreadStore.js';
import { parseThreadWrite } from '../parseThreadWrite.js';
import type { PgDatabase } from './PgDatabase.js';
import { allocateFeedSeqs, recordReader, type RecordRow } from './pgWorkflowRows.js';

const readThread = recordReader(threadSchema);

/**
 * Comment threads in PostgreSQL (opened by `openPostgresStorage`), as `SqliteThreadStore` keeps
 * them. A save is one transaction: a rejected save stores nothing and leaves no gap in the seqs.
 *
 * A thread's seq comes from the `feed_counter` row it shares with `PgAmendmentStore`, updated
 * inside the save's transaction (`allocateFeedSeqs`), not from a SEQUENCE: the row lock makes
 * saves from different processes serialize, so seq order is commit order and a client resuming
 * its feed after seq N can never miss a thread committed later with a smaller seq.
 */
export class PgThreadStore implements ThreadStore {
  constructor(private readonly db: PgDatabase) {}

  async list(documentId: string): Promise<Thread[]> {
    const { rows } = await this.db.query<RecordRow>(
      'SELECT record FROM threads WHERE document_id = $1 ORDER BY first_seq',
      [documentId],
    );
    return rows.map(readThread);
  }

  async get(id: string): Promise<Thread | null> {
    const { rows } = await this.db.query<RecordRow>('SELECT record FROM threads WHERE id = $1', [
      id,
    ]);
    return rows[0] ? readThread(rows[0]) : null;
  }

  async getByComment(commentId: string): Promise<Thread | null> {
    const { rows } = await this.db.query<RecordRow>(
      `SELECT t.record FROM thread_comments c JOIN threads t ON t.id = c.thread_id
       WHERE c.comment_id = $1`,
      [commentId],
    );
    return rows[0] ? readThread(rows[0]) : null;
  }

  async save(thread: Thread): Promise<Thread> {
    const parsed = parseThreadWrite(thread);
    return this.db.transaction(async (client) => {
      // First, so the checks below read what the previous save (of any process) committed.
      const seq = (await allocateFeedSeqs(client, 1)) + 1;
      const before = (
        await client.query<{ document_id: string }>(
          'SELECT document_id FROM threads WHERE id = $1',
          [parsed.id],
        )
      ).rows[0];
      if (before && before.document_id !== parsed.documentId)
        throw new Error(`thread ${parsed.id} keeps its document`);
      const commentIds = parsed.comments.map((c) => c.id);
      const held = (
        await client.query<{ comment_id: string; thread_id: string }>(
          `SELECT comment_id, thread_id FROM thread_comments
           WHERE comment_id = ANY($1::text[]) AND thread_id <> $2 LIMIT 1`,
          [commentIds, parsed.id],
        )
      ).rows[0];
      if (held) throw new Error(`comment ${held.comment_id} belongs to thread ${held.thread_id}`);
      const stored: Thread = { ...parsed, seq };
      await client.query(
        `INSERT INTO threads (id, document_id, first_seq, seq, record) VALUES ($1, $2, $3, $3, $4)
         ON CONFLICT (id) DO UPDATE SET seq = EXCLUDED.seq, record = EXCLUDED.record`,
        [parsed.id, parsed.documentId, seq, JSON.stringify(stored)],
      );
      // The index follows the thread as it is now, so a comment it no longer holds is free.
      await client.query('DELETE FROM thread_comments WHERE thread_id = $1', [parsed.id]);
      if (commentIds.length > 0)
        await client.query(
          'INSERT INTO thread_comments (comment_id, thread_id) SELECT unnest($1::text[]), $2',
          [commentIds, parsed.id],
        );
      return stored;
    });
  }

  async changesSince(documentId: string, seq: number): Promise<Thread[]> {
    const { rows } = await this.db.query<RecordRow>(
      'SELECT record FROM threads WHERE document_id = $1 AND seq > $2 ORDER BY seq',
      [documentId, seq],
    );
    return rows.map(readThread);
  }

  async lastSeq(documentId: string): Promise<number> {
    const { rows } = await this.db.query<{ last: number }>(
      'SELECT COALESCE(MAX(seq), 0) AS last FROM threads WHERE document_id = $1',
      [documentId],
    );
    return rows[0]?.last ?? 0;
  }
}
