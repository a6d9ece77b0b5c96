import type { ChangeOrigin, DocumentSummary } from '@accord/shared';

/** Everything needed to open a document: the latest snapshot and the updates after it. */
export interface StoredDocument {
  /** Yjs V1 state of the document up to `snapshotSeq`, or null if never compacted. */
  snapshot: Uint8Array | null;
  /** Sequence number the snapshot covers (every update with seq ≤ this is inside it). */
  snapshotSeq: number;
  /** Yjs V1 updates after the snapshot, in the order they were accepted. */
  updates: Uint8Array[];
  /** Sequence number of the last update, or `snapshotSeq` when there is none after it. */
  lastSeq: number;
  /** Which person first wrote under each Yjs client id (see `ClientIds`). */
  clientOwners: Map<number, string>;
}

/** A Yjs client id claimed by a person with the update that first uses it. */
export interface ClientClaim {
  clientId: number;
  personId: string;
}

/** What is stored with an update besides its bytes. */
export interface UpdateMeta {
  /** Who made the change; kept for ever (versions and exports attribute every change by it). */
  origin: ChangeOrigin;
  /** Client ids the update is the first to use, stored in the same transaction. */
  claims?: readonly ClientClaim[];
}

/** One accepted update as the history keeps it. */
export interface StoredUpdate {
  /** Its place in the log: increasing in the order updates were accepted. */
  seq: number;
  /** When it was committed (ms since the epoch), read from the store's clock. */
  arrivedAt: number;
  origin: ChangeOrigin;
  /** The Yjs V1 update. */
  update: Uint8Array;
}

/**
 * Durable storage of documents and their update logs. SQLite is the embedded default, an
 * in-memory store serves tests, and a PostgreSQL implementation can take their place without the
 * rooms noticing: every implementation passes the same contract suite (tests/contract). A
 * promise that resolves means the data is durable: callers acknowledge to users only after it.
 */
export interface DocumentStore {
  /**
   * True when each log's updates are numbered 1, 2, 3… by the database with no holes, in commit
   * order (PostgreSQL): seeing update N then means every update before it is durable, which lets
   * several processes share a log (CL1). Absent or false: numbers only increase (SQLite).
   */
  readonly gaplessSeqs?: boolean;
  /** The documents, in the order they were created. */
  listDocuments(): Promise<DocumentSummary[]>;
  getDocument(id: string): Promise<DocumentSummary | null>;
  /** True when no document has ever been stored (so seeding may run). */
  isEmpty(): Promise<boolean>;
  /**
   * Creates the documents (metadata only) atomically: either every one exists afterwards or
   * none, and it rejects when an id exists or repeats. Content arrives later as updates.
   */
  createDocuments(docs: readonly DocumentSummary[]): Promise<void>;
  /**
   * Creates, if it does not exist yet, the log of a delegation's own updates to its working copy
   * of `documentId` (issue 7), and returns the log's id (`workingCopyLogId`). That id then works
   * with `loadDocument`, `appendUpdate`, `compact` and `history` like a document's, but the
   * working copy is never listed, counted by `isEmpty` or found by `getDocument`. Rejects when
   * the document does not exist.
   */
  openWorkingCopy(documentId: string, delegationId: string): Promise<string>;
  /** Reads a document's snapshot and the updates after it. Rejects when there is no such document. */
  loadDocument(id: string): Promise<StoredDocument>;
  /**
   * Appends an update durably with its origin, its arrival time (the clock at commit) and the
   * client ids it claims (first claim wins), all in one transaction; returns its sequence number.
   * Rejects when the document does not exist, without affecting other appends.
   */
  appendUpdate(id: string, update: Uint8Array, meta: UpdateMeta): Promise<number>;
  /**
   * Records `state`, which must contain every update with seq ≤ `upToSeq`, as the document's
   * snapshot, so loading reads only the updates after it. The updates themselves are kept
   * (`history`); a snapshot older than the current one is ignored.
   */
  compact(id: string, state: Uint8Array, upToSeq: number): Promise<void>;
  /**
   * Every update ever accepted for the document, in seq order, with its origin and arrival time,
   * compacted or not; `afterSeq` and `limit` page through it. Rejects for an unknown document.
   */
  history(id: string, options?: { afterSeq?: number; limit?: number }): Promise<StoredUpdate[]>;
  close(): Promise<void>;
}
