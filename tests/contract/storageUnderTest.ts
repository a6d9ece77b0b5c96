import type { Storage } from '../../server/src/storage/Storage.js';
import type { Clock } from '../../server/src/time/Clock.js';

/**
 * An implementation of `Storage` as the contract suites see it: they reach it only through its
 * interfaces, so SQLite, memory and the PostgreSQL store to come all run the same suites.
 */
export interface StorageUnderTest {
  /** Its name in test titles. */
  name: string;
  /** A fresh, empty storage reading time from `clock`. */
  open(clock: Clock): Storage | Promise<Storage>;
  /**
   * Closes `storage` and opens the same data again, for persistent implementations; the
   * persistence tests are skipped without it.
   */
  reopen?(storage: Storage, clock: Clock): Promise<Storage>;
  /** Removes whatever `open` created (temporary folders, databases). */
  cleanup?(): Promise<void>;
}
