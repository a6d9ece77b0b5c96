import type Database from 'better-sqlite3';
import {
  versionSchema,
  versionSummarySchema,
  type Version,
  type VersionSummary,
} from '@accord/shared';
import type { StoredVersion, VersionStore } from './VersionStore.js';
import { parseVersionWrite } from './parseVersionWrite.js';

// A version is kept whole as JSON (`versionSchema` is its definition) beside the Yjs state it
// froze; the summary is a column of its own so the list reads no blocks. `stored` orders the
// list. Triggers refuse UPDATE and DELETE: a version is immutable (VR2), as the audit trail is.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS versions (
  stored INTEGER PRIMARY KEY AUTOINCREMENT,
  document_id TEXT NOT NULL,
  id TEXT NOT NULL,
  summary TEXT NOT NULL,
  record TEXT NOT NULL,
  state BLOB NOT NULL,
  UNIQUE (document_id, id)
);
CREATE TRIGGER IF NOT EXISTS versions_no_update BEFORE UPDATE ON versions
  BEGIN SELECT RAISE(ABORT, 'versions are immutable'); END;
CREATE TRIGGER IF NOT EXISTS versions_no_delete BEFORE DELETE ON versions
  BEGIN SELECT RAISE(ABORT, 'versions are immutable'); END;
`;

interface SummaryRow {
  summary: string;
}

interface VersionRow {
  record: string;
  state: Buffer;
}

/**
 * Versions in the server's SQLite database (opened by `openSqliteStorage`). `add` inserts in
 * one transaction, so a version whose id exists leaves none of the others stored.
 */
export class SqliteVersionStore implements VersionStore {
  constructor(private readonly db: Database.Database) {
    db.exec(SCHEMA);
  }

  async add(versions: readonly StoredVersion[]): Promise<void> {
    const parsed = parseVersionWrite(versions);
    const insert = this.db.prepare(
      'INSERT INTO versions (document_id, id, summary, record, state) VALUES (?, ?, ?, ?, ?)',
    );
    this.db.transaction(() => {
      for (const { version, state } of parsed) {
        const { blocks: _blocks, amendments: _amendments, ...summary } = version;
        insert.run(
          version.documentId,
          version.id,
          JSON.stringify(summary),
          JSON.stringify(version),
          Buffer.from(state),
        );
      }
    })();
  }

  async list(documentId: string): Promise<VersionSummary[]> {
    const rows = this.db
      .prepare('SELECT summary FROM versions WHERE document_id = ? ORDER BY stored')
      .all(documentId) as SummaryRow[];
    return rows.map((r) => versionSummarySchema.parse(JSON.parse(r.summary)));
  }

  async get(documentId: string, versionId: string): Promise<Version | null> {
    const row = this.db
      .prepare('SELECT record FROM versions WHERE document_id = ? AND id = ?')
      .get(documentId, versionId) as Pick<VersionRow, 'record'> | undefined;
    return row ? versionSchema.parse(JSON.parse(row.record)) : null;
  }

  async getWithState(documentId: string, versionId: string): Promise<StoredVersion | null> {
    const row = this.db
      .prepare('SELECT record, state FROM versions WHERE document_id = ? AND id = ?')
      .get(documentId, versionId) as VersionRow | undefined;
    if (!row) return null;
    return {
      version: versionSchema.parse(JSON.parse(row.record)),
      state: new Uint8Array(row.state),
    };
  }
}
