import type { BlockLabel } from '@accord/shared';

/**
 * The labels given during a round to blocks added in it (SPEC SL5, SL8), per round and document.
 * They are kept so that a label once shown ("OP4 bis") does not move to another block after a
 * restart or a later insertion. A kept label is never changed or removed: a block deleted later
 * keeps its label reserved for the rest of the round (SL4). SQLite and memory implement it alike
 * (tests/contract/labelStoreContract.ts); a promise that resolves means the data is durable.
 */
export interface LabelStore {
  /** The labels kept in `roundId` for `documentId`'s blocks, by block id (empty when none). */
  kept(roundId: string, documentId: string): Promise<Map<string, BlockLabel>>;
  /**
   * Keeps `labels` for blocks that have none kept in the round yet; a block that already has one
   * keeps it (first given wins), so two servers racing cannot move a label.
   */
  keep(roundId: string, documentId: string, labels: ReadonlyMap<string, BlockLabel>): Promise<void>;
}
