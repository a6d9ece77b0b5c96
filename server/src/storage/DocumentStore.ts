import type { DocumentSummary } from '@accord/shared';

/** Everything stored for one document: the latest snapshot and the updates after it. */
export interface StoredDocument {
  /** Yjs V1 state of the document up to `snapshotSeq`, or null if never compacted. */
  snapshot: Uint8Array | null;
  /** Sequence number the snapshot covers (every update with seq ≤ this is inside it). */
  snapshotSeq: number;
  /** Yjs V1 updates after the snapshot, in the order they were accepted. */
  updates: Uint8Array[];
  /** Sequence number of the last update, or `snapshotSeq` when there is none. */
  lastSeq: number;
  /** Which person first wrote under each Yjs client id (see `ClientIds`). */
  clientOwners: Map<number, string>;
}

/** A Yjs client id claimed by a person with the update that first uses it. */
export interface ClientClaim {
  clientId: number;
  personId: string;
}

/** A new document with its initial content, as seeding or an import creates it. */
export interface NewDocument {
  summary: DocumentSummary;
  /** Yjs V1 state of the initial content. */
  initialState: Uint8Array;
}

/**
 * Durable storage of documents and their update logs. SQLite is the embedded default; a
 * PostgreSQL implementation can take its place without the rooms noticing. A promise that
 * resolves means the data is on disk: callers acknowledge to users only after it resolves.
 */
export interface DocumentStore {
  /** The documents, in the order they were created. */
  listDocuments(): Promise<DocumentSummary[]>;
  getDocument(id: string): Promise<DocumentSummary | null>;
  /** True when no document has ever been stored (so seeding may run). */
  isEmpty(): Promise<boolean>;
  /** Creates all the documents atomically: either every one exists afterwards or none. */
  createDocuments(docs: NewDocument[]): Promise<void>;
  /** Reads a document's snapshot and update log. Throws when the document does not exist. */
  loadDocument(id: string): Promise<StoredDocument>;
  /**
   * Appends an update durably, with the client ids it claims (in the same transaction), and
   * returns its sequence number.
   */
  appendUpdate(id: string, update: Uint8Array, claims?: readonly ClientClaim[]): Promise<number>;
  /**
   * Replaces the updates with seq ≤ `upToSeq` by `state`, which must contain all of them.
   * History is kept: the state comes from a Y.Doc without garbage collection.
   */
  compact(id: string, state: Uint8Array, upToSeq: number): Promise<void>;
  close(): Promise<void>;
}
