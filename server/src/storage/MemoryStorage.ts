import { systemClock } from '../time/Clock.js';
import type { Storage, StorageOptions } from './Storage.js';
import { MemoryDocumentStore } from './MemoryDocumentStore.js';
import { MemoryDirectory } from './MemoryDirectory.js';
import { MemoryAuditLog } from './MemoryAuditLog.js';
import { MemoryTaskStore } from './MemoryTaskStore.js';
import { MemoryAmendmentStore } from './MemoryAmendmentStore.js';
import { MemoryThreadStore } from './MemoryThreadStore.js';
import { MemoryRoundStore } from './MemoryRoundStore.js';
import { MemorySilenceStore } from './MemorySilenceStore.js';
import { MemoryLabelStore } from './MemoryLabelStore.js';
import { MemoryStatusStore } from './MemoryStatusStore.js';
import { SeqCounter } from './SeqCounter.js';
import { MemoryVersionStore } from './MemoryVersionStore.js';

/**
 * A whole `Storage` in memory, with the same semantics as SQLite (both pass the contract
 * suites in tests/contract): for tests that need no disk and for a throw-away server.
 */
export function createMemoryStorage(options: StorageOptions = {}): Storage {
  const clock = options.clock ?? systemClock;
  const documents = new MemoryDocumentStore(clock);
  // One feed counter for amendments and threads, so the document feed orders them together.
  const seq = new SeqCounter();
  return {
    documents,
    directory: new MemoryDirectory(clock),
    audit: new MemoryAuditLog(clock),
    tasks: new MemoryTaskStore(),
    amendments: new MemoryAmendmentStore(seq),
    threads: new MemoryThreadStore(seq),
    rounds: new MemoryRoundStore(),
    silence: new MemorySilenceStore(),
    versions: new MemoryVersionStore(),
    labels: new MemoryLabelStore(),
    statuses: new MemoryStatusStore(),
    close: () => documents.close(),
  };
}
