import { afterAll, beforeAll } from 'vitest';
import pg from 'pg';
import { openPostgresStorage } from '../../server/src/storage/postgres/PostgresStorage.js';
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
// created for this run on the local server and dropped after it. Each storage gets a schema of
// its own, so a fresh storage costs a migration, not a database.

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.drop());

/** PostgreSQL, a fresh schema per storage; reopening opens the same schema again. */
function postgres(): StorageUnderTest {
  const schemas = new Map<Storage, string>();
  let next = 0;
  return {
    name: 'PostgreSQL',
    open(clock: Clock) {
      const schema = `contract_${next++}`;
      return openPostgresStorage({ url: database.url, schema, clock, max: 4 }).then((storage) => {
        schemas.set(storage, schema);
        return storage;
      });
    },
    async reopen(storage: Storage, clock: Clock) {
      const schema = schemas.get(storage);
      if (!schema) throw new Error('not opened here');
      await storage.close();
      const reopened = await openPostgresStorage({ url: database.url, schema, clock, max: 4 });
      schemas.set(reopened, schema);
      return reopened;
    },
    async cleanup() {
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        for (const schema of new Set(schemas.values()))
          await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await client.end();
      }
      schemas.clear();
    },
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
