import { systemClock } from '../../time/Clock.js';
import type { Storage, StorageOptions } from '../Storage.js';
import { PgDatabase, type PgDatabaseOptions } from './PgDatabase.js';
import { migrate } from './migrations.js';
import { PgDocumentStore } from './PgDocumentStore.js';
import { PgDirectory } from './PgDirectory.js';
import { PgAuditLog } from './PgAuditLog.js';
import { PgTaskStore } from './PgTaskStore.js';
import { PgAmendmentStore } from './PgAmendmentStore.js';
import { PgThreadStore } from './PgThreadStore.js';
import { PgRoundStore } from './PgRoundStore.js';
import { PgSilenceStore } from './PgSilenceStore.js';
import { PgVersionStore } from './PgVersionStore.js';
import { PgLabelStore } from './PgLabelStore.js';
import { PgStatusStore } from './PgStatusStore.js';

/** How to open a PostgreSQL storage. */
export interface PostgresStorageOptions extends StorageOptions, PgDatabaseOptions {}

/**
 * Opens the storage in PostgreSQL (ACCORD_DATABASE_URL), running the schema's migrations first.
 * Several server processes may open the same database at once: sequence numbers are allocated
 * by the database and every multi-row write is one transaction.
 */
export async function openPostgresStorage(options: PostgresStorageOptions): Promise<Storage> {
  const clock = options.clock ?? systemClock;
  const db = new PgDatabase(options);
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  const documents = new PgDocumentStore(db, clock);
  let closed = false;
  return {
    documents,
    directory: new PgDirectory(db, clock),
    audit: new PgAuditLog(db, clock),
    tasks: new PgTaskStore(db),
    amendments: new PgAmendmentStore(db),
    threads: new PgThreadStore(db),
    rounds: new PgRoundStore(db),
    silence: new PgSilenceStore(db),
    versions: new PgVersionStore(db),
    labels: new PgLabelStore(db),
    statuses: new PgStatusStore(db),
    async close() {
      if (closed) return;
      closed = true;
      await documents.close();
      await db.close();
    },
  };
}
