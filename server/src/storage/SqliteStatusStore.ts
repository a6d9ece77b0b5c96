import { statusOf, type StatusRow } from './statusRow.js';
import type Database from 'better-sqlite3';
import type { ParagraphStatus } from '@accord/shared';
import type { StatusStore } from './StatusStore.js';

// One row per block with a status; REPLACE gives a re-set block a new rowid, so `list` returns
// the statuses in the order they were last set. Who set it is kept as JSON, read back by schema.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS paragraph_statuses (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  document_id TEXT NOT NULL,
  block_id TEXT NOT NULL,
  status TEXT NOT NULL,
  waiting_for TEXT,
  set_by TEXT NOT NULL,
  set_at TEXT NOT NULL,
  UNIQUE (document_id, block_id)
);
`;

/** Paragraph statuses in the server's SQLite database (opened by `openSqliteStorage`). */
export class SqliteStatusStore implements StatusStore {
  constructor(private readonly db: Database.Database) {
    db.exec(SCHEMA);
  }

  async list(documentId: string): Promise<ParagraphStatus[]> {
    const rows = this.db
      .prepare(
        'SELECT document_id, block_id, status, waiting_for, set_by, set_at FROM paragraph_statuses WHERE document_id = ? ORDER BY seq',
      )
      .all(documentId) as StatusRow[];
    return rows.map(statusOf);
  }

  async put(status: ParagraphStatus): Promise<void> {
    this.db
      .prepare(
        'INSERT OR REPLACE INTO paragraph_statuses (document_id, block_id, status, waiting_for, set_by, set_at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(
        status.documentId,
        status.blockId,
        status.status,
        status.waitingFor,
        JSON.stringify(status.setBy),
        status.setAt,
      );
  }

  async remove(documentId: string, blockId: string): Promise<void> {
    this.db
      .prepare('DELETE FROM paragraph_statuses WHERE document_id = ? AND block_id = ?')
      .run(documentId, blockId);
  }
}
