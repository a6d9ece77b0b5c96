import type { Version, VersionSummary } from '@accord/shared';

/** A version as stored: the record and the document's whole Yjs state at its `seq`. */
export interface StoredVersion {
  version: Version;
  /** `Y.encodeStateAsUpdate` of the document as frozen (with its history: gc is off). */
  state: Uint8Array;
}

/**
 * The documents' versions (issue 9, SPEC VR): immutable once stored, kept for ever beside the
 * exact Yjs state they froze, so a comparison attributes every change from the history. SQLite
 * and memory implement it alike (tests/contract/versionStoreContract.ts); a promise that
 * resolves means the data is durable.
 */
export interface VersionStore {
  /**
   * Stores versions, all or none, in one transaction. Rejects, storing nothing, when a record
   * fails `versionSchema` or a (document, id) pair is stored already or given twice (VR2).
   */
  add(versions: readonly StoredVersion[]): Promise<void>;
  /** The document's versions without their content, in the order they were stored. */
  list(documentId: string): Promise<VersionSummary[]>;
  /** One version of a document, or null. */
  get(documentId: string, versionId: string): Promise<Version | null>;
  /** One version with its Yjs state, or null. */
  getWithState(documentId: string, versionId: string): Promise<StoredVersion | null>;
}
