import type { Thread } from '@accord/shared';

/**
 * The server's comment threads (issue 8), each stored whole with its comments. A thread's
 * `seq` comes from the same counter as the amendment store's, so the document's feed orders
 * amendments and threads together (AF2). SQLite and memory implement it alike
 * (tests/contract/threadStoreContract.ts); a promise that resolves means the data is durable.
 */
export interface ThreadStore {
  /** Every thread of the document, whatever its visibility, oldest first. */
  list(documentId: string): Promise<Thread[]>;
  /** One thread by id, or null. */
  get(id: string): Promise<Thread | null>;
  /** The thread holding the comment with this id, or null. */
  getByComment(commentId: string): Promise<Thread | null>;
  /**
   * Stores the thread (new or changed) in one transaction with the next feed `seq`, which the
   * returned record carries. Rejects, storing nothing, for an invalid record, a comment id that
   * another thread already holds, or a changed `documentId`.
   */
  save(thread: Thread): Promise<Thread>;
  /** The document's threads written after `seq`, each once as it is now, in `seq` order. */
  changesSince(documentId: string, seq: number): Promise<Thread[]>;
  /** The highest `seq` of the document's threads (0 when none). */
  lastSeq(documentId: string): Promise<number>;
}
