import type { SilenceProcedure } from '@accord/shared';

/**
 * The silence procedures (issue 9, SI1–SI9), each kept whole: a procedure is small (its breaks
 * are the only thing that grows) and always read and written as one record, one at a time by
 * `SilenceService`. SQLite and memory implement it alike (tests/contract/silenceStoreContract.ts);
 * a promise that resolves means the data is durable.
 */
export interface SilenceStore {
  /** Every procedure, oldest first (by start, then id). */
  list(): Promise<SilenceProcedure[]>;
  /** One procedure by id, or null. */
  get(id: string): Promise<SilenceProcedure | null>;
  /**
   * Stores `procedure` (a new one, or the new state of one stored before) and returns it as
   * stored. Rejects, storing nothing, when it fails `silenceProcedureSchema`.
   */
  put(procedure: SilenceProcedure): Promise<SilenceProcedure>;
}
