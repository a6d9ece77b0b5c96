import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { DocumentStore } from './DocumentStore.js';
import type { Directory } from './Directory.js';
import type { AuditLog } from './AuditLog.js';
import { SqliteStore } from './SqliteStore.js';
import { SqliteDirectory } from './SqliteDirectory.js';
import { SqliteAuditLog } from './SqliteAuditLog.js';

/** Everything the server keeps: documents, participants and the audit trail. */
export interface Storage {
  documents: DocumentStore;
  directory: Directory;
  audit: AuditLog;
  /** Flushes pending writes and closes. */
  close(): Promise<void>;
}

/**
 * Opens (creating if needed) `accord.sqlite` in `dataDir`: one database, in WAL mode with full
 * fsync, so an acknowledged write survives a crash of the process or of the machine.
 */
export function openSqliteStorage(dataDir: string): Storage {
  fs.mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, 'accord.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  const documents = new SqliteStore(db);
  const directory = new SqliteDirectory(db);
  const audit = new SqliteAuditLog(db);
  let closed = false;
  return {
    documents,
    directory,
    audit,
    async close() {
      if (closed) return;
      closed = true;
      await documents.close();
      db.close();
    },
  };
}
