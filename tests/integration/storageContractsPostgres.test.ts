import { afterAll, beforeAll } from 'vitest';
import pg from 'pg';
import { openPostgresStorage } from '../../server/src/storage/postgres/PostgresStorage.js';
import { MIGRATIONS } from '../../server/src/storage/postgres/migrations.js';
import type { Storage } from '../../server/src/storage/Storage.js';
import type { Clock } from '../../server/src/time/Clock.js';
import { amendmentStoreContract } from '../contract/amendmentStoreContract.js';
import { auditLogContract } from '../contract/auditLogContract.js';
import { directoryContract } from '../contract/directoryContract.js';
import { documentStoreContract } from '../contract/documentStoreContract.js';
import { taskStoreContract } from '../contract/taskStoreContract.js';
import { threadStoreContract } from '../contract/threadStoreContract.js';
import { roundStoreContract } from '../contract/roundStoreContract.js';
import { versionStoreContract } from '../contract/versionStoreContract.js';
import { silenceStoreContract } from '../contract/silenceStoreContract.js';
import { labelStoreContract } from '../contract/labelStoreContract.js';
import { statusStoreContract } from '../contract/statusStoreContract.js';
import type { StorageUnderTest } from '../contract/storageUnderTest.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';

// ST5: the PostgreSQL storage runs the same contract suites as SQLite and memory, on a database
// created for this run on the local server and dropped after it. Each storage gets an empty
// schema of its own: a new one migrated, or one emptied after its storage closed.

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.drop());

/** The rows the migrations seed (counters), put back when a schema is emptied for reuse. */
const SEEDED_ROWS = MIGRATIONS.flatMap((m) => m.sql.match(/INSERT INTO [^;]+;/g) ?? []);

/**
 * Empties a migrated schema as if it were fresh: every table's rows and every sequence, with
 * triggers off for this session (the audit log's and versions' append-only triggers would refuse
 * the DELETE), then the seeded rows. Far cheaper than migrating a new schema (~300 ms each).
 */
async function emptySchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const tables = await client.query<{ tablename: string }>(
      `SELECT tablename FROM pg_tables WHERE schemaname = $1 AND tablename <> 'schema_migrations'`,
      [schema],
    );
    const sequences = await client.query<{ name: string }>(
      `SELECT sequence_name AS name FROM information_schema.sequences WHERE sequence_schema = $1`,
      [schema],
    );
    await client.query(
      [
        `SET search_path = ${schema}`,
        'SET session_replication_role = replica',
        'BEGIN',
        ...tables.rows.map((t) => `DELETE FROM ${t.tablename}`),
        ...sequences.rows.map((q) => `SELECT setval('${q.name}', 1, false)`),
        ...SEEDED_ROWS,
        'COMMIT',
      ].join(';\n'),
    );
  } finally {
    await client.end();
  }
}

/**
 * PostgreSQL, an empty schema per storage: a schema whose storage was closed is emptied and
 * reused; reopening opens the same schema again with its data.
 */
function postgres(): StorageUnderTest {
  const schemas = new Map<Storage, string>();
  const free: string[] = [];
  const reopening = new Set<string>();
  let next = 0;
  const track = (storage: Storage, schema: string): Storage => {
    const tracked: Storage = {
      ...storage,
      async close() {
        await storage.close();
        if (!reopening.has(schema) && !free.includes(schema)) free.push(schema);
      },
    };
    schemas.set(tracked, schema);
    return tracked;
  };
  return {
    name: 'PostgreSQL',
    async open(clock: Clock) {
      const reused = free.pop();
      if (reused) await emptySchema(reused);
      const schema = reused ?? `contract_${next++}`;
      return track(await openPostgresStorage({ url: database.url, schema, clock, max: 4 }), schema);
    },
    async reopen(storage: Storage, clock: Clock) {
      const schema = schemas.get(storage);
      if (!schema) throw new Error('not opened here');
      reopening.add(schema);
      await storage.close();
      reopening.delete(schema);
      const reopened = await openPostgresStorage({ url: database.url, schema, clock, max: 4 });
      return track(reopened, schema);
    },
    // The database, schemas and all, is dropped after the file.
    async cleanup() {},
  };
}

const impl = postgres();
documentStoreContract(impl);
directoryContract(impl);
auditLogContract(impl);
taskStoreContract(impl);
amendmentStoreContract(impl);
threadStoreContract(impl);
roundStoreContract(impl);
versionStoreContract(impl);
silenceStoreContract(impl);
labelStoreContract(impl);
statusStoreContract(impl);
