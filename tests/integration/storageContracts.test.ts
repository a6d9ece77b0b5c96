import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSqliteStorage } from '../../server/src/storage/SqliteStorage.js';
import { createMemoryStorage } from '../../server/src/storage/MemoryStorage.js';
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

// ST5: every storage implementation runs the same contract suites.

/** SQLite in a fresh temporary folder per storage; reopening opens the same file. */
function sqlite(): StorageUnderTest {
  const dirs = new Map<Storage, string>();
  return {
    name: 'SQLite',
    open(clock: Clock) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-contract-'));
      const storage = openSqliteStorage(dir, { clock });
      dirs.set(storage, dir);
      return storage;
    },
    async reopen(storage: Storage, clock: Clock) {
      const dir = dirs.get(storage);
      if (!dir) throw new Error('not opened here');
      await storage.close();
      const reopened = openSqliteStorage(dir, { clock });
      dirs.set(reopened, dir);
      return reopened;
    },
    async cleanup() {
      for (const dir of new Set(dirs.values())) fs.rmSync(dir, { recursive: true, force: true });
      dirs.clear();
    },
  };
}

const memory: StorageUnderTest = {
  name: 'memory',
  open: (clock: Clock) => createMemoryStorage({ clock }),
};

for (const impl of [sqlite(), memory]) {
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
}
