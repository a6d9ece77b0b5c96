import {
  versionSchema,
  versionSummarySchema,
  type Version,
  type VersionSummary,
} from '@accord/shared';
import type { StoredVersion, VersionStore } from '../VersionStore.js';
import { parseVersionWrite } from '../parseVersionWrite.js';
import type { PgDatabase } from './PgDatabase.js';
import { recordReader, type RecordRow } from './pgWorkflowRows.js';

const readVersion = recordReader(versionSchema);

/**
 * Versions in PostgreSQL (opened by `openPostgresStorage`), as `SqliteVersionStore` keeps them:
 * the record as JSON text, its summary in a column of its own (the list reads no blocks), the
 * frozen Yjs state as BYTEA. `add` inserts in one transaction, so a version whose id exists
 * leaves none of the others stored; triggers refuse UPDATE, DELETE and TRUNCATE (VR2).
 */
export class PgVersionStore implements VersionStore {
  constructor(private readonly db: PgDatabase) {}

  async add(versions: readonly StoredVersion[]): Promise<void> {
    const parsed = parseVersionWrite(versions);
    await this.db.transaction(async (client) => {
      for (const { version, state } of parsed) {
        const { blocks: _blocks, amendments: _amendments, ...summary } = version;
        await client.query(
          'INSERT INTO versions (document_id, id, summary, record, state) VALUES ($1, $2, $3, $4, $5)',
          [
            version.documentId,
            version.id,
            JSON.stringify(summary),
            JSON.stringify(version),
            Buffer.from(state),
          ],
        );
      }
    });
  }

  async list(documentId: string): Promise<VersionSummary[]> {
    const { rows } = await this.db.query<{ summary: string }>(
      'SELECT summary FROM versions WHERE document_id = $1 ORDER BY stored',
      [documentId],
    );
    return rows.map((r) => versionSummarySchema.parse(JSON.parse(r.summary)));
  }

  async get(documentId: string, versionId: string): Promise<Version | null> {
    const { rows } = await this.db.query<RecordRow>(
      'SELECT record FROM versions WHERE document_id = $1 AND id = $2',
      [documentId, versionId],
    );
    return rows[0] ? readVersion(rows[0]) : null;
  }

  async getWithState(documentId: string, versionId: string): Promise<StoredVersion | null> {
    const { rows } = await this.db.query<RecordRow & { state: Buffer }>(
      'SELECT record, state FROM versions WHERE document_id = $1 AND id = $2',
      [documentId, versionId],
    );
    const row = rows[0];
    if (!row) return null;
    return { version: readVersion(row), state: new Uint8Array(row.state) };
  }
}
