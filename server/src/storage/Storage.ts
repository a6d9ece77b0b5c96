import type { Clock } from '../time/Clock.js';
import type { AmendmentStore } from './AmendmentStore.js';
import type { ThreadStore } from './ThreadStore.js';
import type { RoundStore } from './RoundStore.js';
import type { SilenceStore } from './SilenceStore.js';
import type { LabelStore } from './LabelStore.js';
import type { StatusStore } from './StatusStore.js';
import type { AuditLog } from './AuditLog.js';
import type { Directory } from './Directory.js';
import type { DocumentStore } from './DocumentStore.js';
import type { TaskStore } from './TaskStore.js';
import type { VersionStore } from './VersionStore.js';

/**
 * Everything the server keeps: documents, participants, the audit trail, scheduled tasks,
 * amendments, comment threads and rounds.
 * SQLite (`openSqliteStorage`) and memory (`createMemoryStorage`) implement it alike.
 */
export interface Storage {
  documents: DocumentStore;
  directory: Directory;
  audit: AuditLog;
  tasks: TaskStore;
  /** Amendments, their revisions and compromises (issue 7). */
  amendments: AmendmentStore;
  /** Comment threads (issue 8), on the same feed counter as the amendments. */
  threads: ThreadStore;
  /** Revision rounds and their deadline extensions (issue 9). */
  rounds: RoundStore;
  /** Silence procedures (issue 9). */
  silence: SilenceStore;
  /** The documents' versions, frozen at each publication (issue 9). */
  versions: VersionStore;
  /** Labels given during a round to blocks added in it (SL8). */
  labels: LabelStore;
  /** The paragraphs' negotiation statuses (issue 10, NS1). */
  statuses: StatusStore;
  /** Flushes pending writes and closes. */
  close(): Promise<void>;
}

/** How to open a storage. */
export interface StorageOptions {
  /** Every time the storage reads (arrivals, audit, expiry); the system clock by default. */
  clock?: Clock;
}
