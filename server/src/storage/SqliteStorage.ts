import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { systemClock } from '../time/Clock.js';
import type { Storage, StorageOptions } from './Storage.js';
import { SqliteStore } from './SqliteStore.js';
import { SqliteDirectory } from './SqliteDirectory.js';
import { SqliteAuditLog } from './SqliteAuditLog.js';
import { SqliteTaskStore } from './SqliteTaskStore.js';
import { SqliteAmendmentStore } from './SqliteAmendmentStore.js';
import { SqliteThreadStore } from './SqliteThreadStore.js';
import { SqliteRoundStore } from './SqliteRoundStore.js';
import { SqliteSilenceStore } from './SqliteSilenceStore.js';
import { SqliteVersionStore } from './SqliteVersionStore.js';
import { SqliteLabelStore } from './SqliteLabelStore.js';
import { SqliteStatusStore } from './SqliteStatusStore.js';

export type { Storage, StorageOptions } from './Storage.js';

/**
 * Opens (creating or migrating if needed) `accord.sqlite` in `dataDir`: one database, in WAL
 * mode with full fsync, so an acknowledged write survives a crash of the process or the machine.
 */
export function openSqliteStorage(dataDir: string, options: StorageOptions = {}): Storage {
  const clock = options.clock ?? systemClock;
  fs.mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, 'accord.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  const documents = new SqliteStore(db, clock);
  const directory = new SqliteDirectory(db, clock);
  const audit = new SqliteAuditLog(db, clock);
  const tasks = new SqliteTaskStore(db);
  const amendments = new SqliteAmendmentStore(db);
  // Shares the `amendment_seq` counter with the amendments, in the same database.
  const threads = new SqliteThreadStore(db);
  const rounds = new SqliteRoundStore(db);
  const silence = new SqliteSilenceStore(db);
  const versions = new SqliteVersionStore(db);
  const labels = new SqliteLabelStore(db);
  const statuses = new SqliteStatusStore(db);
  let closed = false;
  return {
    documents,
    directory,
    audit,
    tasks,
    amendments,
    threads,
    rounds,
    silence,
    versions,
    labels,
    statuses,
    async close() {
      if (closed) return;
      closed = true;
      await documents.close();
      db.close();
    },
  };
}
