import type Database from 'better-sqlite3';
import { threadSchema, type Thread } from '@accord/shared';
import type { ThreadStore } from './ThreadStore.js';
import { parseThreadWrite } from './parseThreadWrite.js';
import { ensureThreadSchema } from './sqliteThreadSchema.js';

interface RecordRow {
  record: string;
}

// Read back through the schema, as amendments are: a row that does not match is an error.
const readThread = (r: RecordRow): Thread => threadSchema.parse(JSON.parse(r.record));

/**
 * Comment threads in the server's SQLite database (opened by `openSqliteStorage`). A save is one
 * transaction that also advances the feed's counter shared with `SqliteAmendmentStore`, so a
 * rejected save leaves no record and no gap in the seqs, and the feed orders both together.
 */
export class SqliteThreadStore implements ThreadStore {
  constructor(private readonly db: Database.Database) {
    ensureThreadSchema(db);
  }

  async list(documentId: string): Promise<Thread[]> {
    const rows = this.db
      .prepare('SELECT record FROM threads WHERE document_id = ? ORDER BY first_seq')
      .all(documentId) as RecordRow[];
    return rows.map(readThread);
  }

  async get(id: string): Promise<Thread | null> {
    const row = this.db.prepare('SELECT record FROM threads WHERE id = ?').get(id) as
      RecordRow | undefined;
    return row ? readThread(row) : null;
  }

  async getByComment(commentId: string): Promise<Thread | null> {
    const row = this.db
      .prepare(
        `SELECT t.record FROM thread_comments c JOIN threads t ON t.id = c.thread_id
         WHERE c.comment_id = ?`,
      )
      .get(commentId) as RecordRow | undefined;
    return row ? readThread(row) : null;
  }

  async save(thread: Thread): Promise<Thread> {
    const parsed = parseThreadWrite(thread);
    const existing = this.db.prepare('SELECT document_id FROM threads WHERE id = ?');
    const holder = this.db.prepare('SELECT thread_id FROM thread_comments WHERE comment_id = ?');
    const upsert = this.db.prepare(
      `INSERT INTO threads (id, document_id, first_seq, seq, record) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, record = excluded.record`,
    );
    const clearComments = this.db.prepare('DELETE FROM thread_comments WHERE thread_id = ?');
    const insertComment = this.db.prepare(
      'INSERT INTO thread_comments (comment_id, thread_id) VALUES (?, ?)',
    );
    return this.db.transaction((): Thread => {
      const before = existing.get(parsed.id) as { document_id: string } | undefined;
      if (before && before.document_id !== parsed.documentId)
        throw new Error(`thread ${parsed.id} keeps its document`);
      for (const c of parsed.comments) {
        const held = holder.get(c.id) as { thread_id: string } | undefined;
        if (held && held.thread_id !== parsed.id)
          throw new Error(`comment ${c.id} belongs to thread ${held.thread_id}`);
      }
      const seq =
        (this.db.prepare('SELECT value FROM amendment_seq WHERE id = 1').get() as { value: number })
          .value + 1;
      const stored: Thread = { ...parsed, seq };
      upsert.run(parsed.id, parsed.documentId, seq, seq, JSON.stringify(stored));
      // The index follows the thread as it is now, so a comment it no longer holds is free.
      clearComments.run(parsed.id);
      for (const c of parsed.comments) insertComment.run(c.id, parsed.id);
      this.db.prepare('UPDATE amendment_seq SET value = ? WHERE id = 1').run(seq);
      return stored;
    })();
  }

  async changesSince(documentId: string, seq: number): Promise<Thread[]> {
    const rows = this.db
      .prepare('SELECT record FROM threads WHERE document_id = ? AND seq > ? ORDER BY seq')
      .all(documentId, seq) as RecordRow[];
    return rows.map(readThread);
  }

  async lastSeq(documentId: string): Promise<number> {
    const row = this.db
      .prepare('SELECT COALESCE(MAX(seq), 0) AS last FROM threads WHERE document_id = ?')
      .get(documentId) as { last: number };
    return row.last;
  }
}
