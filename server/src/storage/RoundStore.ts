import type { Extension, Round } from '@accord/shared';

/**
 * The server's revision rounds and their deadline extensions (issue 9). The rounds are kept as
 * one ordered list, replaced whole, because RD5 judges the list and not a round alone: storing
 * rounds one by one could leave two rounds under way between two writes. SQLite and memory
 * implement it alike (tests/contract/roundStoreContract.ts); a promise that resolves means the
 * data is durable.
 */
export interface RoundStore {
  /** Every round, by position (empty until the rounds are first stored). */
  list(): Promise<Round[]>;
  /** One round by id, or null. */
  get(id: string): Promise<Round | null>;
  /**
   * Stores `rounds` as the whole list, in one transaction, and returns it as stored (schema
   * defaults filled in, by position). Rejects, keeping the previous list, when a record fails
   * `roundSchema` or the list fails `checkRoundOrder` (RD5).
   */
  replaceAll(rounds: readonly Round[]): Promise<Round[]>;
  /**
   * The extensions granted in the round, oldest grant first: a later grant to the same
   * delegation (or to all) is added, not overwritten, so the history of grants is kept.
   */
  extensions(roundId: string): Promise<Extension[]>;
  /** Records one extension; rejects, storing nothing, when it fails `extensionSchema`. */
  grantExtension(ext: Extension): Promise<void>;
}
