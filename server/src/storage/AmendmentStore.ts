import type { Amendment, AmendmentEvent, AmendmentRevision, Compromise } from '@accord/shared';

/** What one `AmendmentStore.save` writes, all or nothing. */
export interface AmendmentWrite {
  /** New or changed amendments, whole records; their `seq` is assigned by the store. */
  amendments?: readonly Amendment[];
  /** Revisions to append (a submission is revision 1). */
  revisions?: readonly AmendmentRevision[];
  /** New compromise records; their `seq` is assigned by the store. */
  compromises?: readonly Compromise[];
}

/** What a save stored: the records as kept, each with its new `seq`. */
export interface AmendmentWriteResult {
  amendments: Amendment[];
  compromises: Compromise[];
}

/**
 * The server's amendment records (issue 7): amendments, their revisions and compromise texts,
 * with a feed per document that a client resumes from the last `seq` it saw (SPEC AF1–AF3).
 * SQLite is the embedded default and memory serves tests; a PostgreSQL implementation can join
 * them by passing the same contract suite (tests/contract/amendmentStoreContract.ts). A promise
 * that resolves means the data is durable.
 */
export interface AmendmentStore {
  /** Every amendment of the document (any status), by number. */
  list(documentId: string): Promise<Amendment[]>;
  /** One amendment by id, or null. */
  get(id: string): Promise<Amendment | null>;
  /**
   * Stores the write in one transaction. Every record written gets the next `seq` (one counter
   * for the whole store, so seqs increase in the order of saves; within one save, in the order
   * given: amendments, then compromises). An amendment's `number` must be unique in its
   * document: a save that would repeat one (or any invalid record) rejects and stores nothing.
   * So does a save that changes a stored amendment's `documentId` or `number`, gives the same
   * amendment or compromise twice, repeats a stored compromise id or revision (amendment id and
   * revision number), or adds a revision to an amendment neither stored nor in the save. Records
   * are validated with their schemas from @accord/shared and kept as parsed (defaults filled).
   */
  save(write: AmendmentWrite): Promise<AmendmentWriteResult>;
  /** The next free amendment number of the document (1 for the first). */
  nextNumber(documentId: string): Promise<number>;
  /**
   * What changed in the document after `seq`: each amendment or compromise written since, once,
   * as it is now, in `seq` order. Every record has one seq of its own (its latest), so there
   * are no ties.
   */
  changesSince(documentId: string, seq: number): Promise<AmendmentEvent[]>;
  /** The highest `seq` of the document's feed (0 when nothing was ever written). */
  lastSeq(documentId: string): Promise<number>;
  /** An amendment's revisions, oldest first. */
  revisions(amendmentId: string): Promise<AmendmentRevision[]>;
  /** The document's compromises, oldest first. */
  compromises(documentId: string): Promise<Compromise[]>;
  /** One compromise by id, or null. */
  getCompromise(id: string): Promise<Compromise | null>;
}
