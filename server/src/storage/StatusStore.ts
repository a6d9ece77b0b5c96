import type { ParagraphStatus } from '@accord/shared';

/**
 * The paragraphs' negotiation statuses (SPEC NS1), one per block of a document: a new status
 * replaces the block's previous one (the audit trail keeps the history). SQLite and memory
 * implement it alike (tests/contract/statusStoreContract.ts); a promise that resolves means the
 * data is durable.
 */
export interface StatusStore {
  /** The document's statuses, in the order they were last set (empty when none). */
  list(documentId: string): Promise<ParagraphStatus[]>;
  /** Sets the status of `status.blockId`, replacing the one it had. */
  put(status: ParagraphStatus): Promise<void>;
  /** Clears the block's status; nothing happens when it had none. */
  remove(documentId: string, blockId: string): Promise<void>;
}
