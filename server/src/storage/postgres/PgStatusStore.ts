import { statusOf, type StatusRow } from '../statusRow.js';
import type { ParagraphStatus } from '@accord/shared';
import type { StatusStore } from '../StatusStore.js';
import type { PgDatabase } from './PgDatabase.js';

/**
 * Paragraph statuses in PostgreSQL (opened by `openPostgresStorage`), as `SqliteStatusStore`
 * keeps them. Setting a block's status again takes the new row's `seq` (as SQLite's REPLACE
 * takes a new rowid), so `list` returns the statuses in the order they were last set.
 */
export class PgStatusStore implements StatusStore {
  constructor(private readonly db: PgDatabase) {}

  async list(documentId: string): Promise<ParagraphStatus[]> {
    const { rows } = await this.db.query<StatusRow>(
      `SELECT document_id, block_id, status, waiting_for, set_by, set_at
       FROM paragraph_statuses WHERE document_id = $1 ORDER BY seq`,
      [documentId],
    );
    return rows.map(statusOf);
  }

  async put(status: ParagraphStatus): Promise<void> {
    // DEFAULT draws the identity's next value, so a re-set block moves last.
    await this.db.query(
      `INSERT INTO paragraph_statuses (document_id, block_id, status, waiting_for, set_by, set_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (document_id, block_id) DO UPDATE SET seq = DEFAULT,
         status = EXCLUDED.status, waiting_for = EXCLUDED.waiting_for,
         set_by = EXCLUDED.set_by, set_at = EXCLUDED.set_at`,
      [
        status.documentId,
        status.blockId,
        status.status,
        status.waitingFor,
        JSON.stringify(status.setBy),
        status.setAt,
      ],
    );
  }

  async remove(documentId: string, blockId: string): Promise<void> {
    await this.db.query('DELETE FROM paragraph_statuses WHERE document_id = $1 AND block_id = $2', [
      documentId,
      blockId,
    ]);
  }
}
