import type { Round } from '@accord/shared';

/**
 * What the rest of the server reads of the rounds (issue 9): the list as last stored, without
 * I/O, so the pipeline, the amendment and thread services, versions and the silence procedure
 * judge every change against the same state. `RoundService` implements it.
 */
export interface RoundsView {
  /** Every round, by position. */
  list(): readonly Round[];
  /** The round under way (drafting, feedback or consolidation), or null. */
  current(): Round | null;
  /** The latest published round, or null. */
  lastPublished(): Round | null;
  /** True when the last round of the list is published: the text is final (RD10). */
  isFinal(): boolean;
  /**
   * Calls `listener` after every stored change of the list (a phase, a deadline, an added round),
   * with the list before it. Returns the unsubscribe function.
   */
  onChange(listener: (rounds: readonly Round[], previous: readonly Round[]) => void): () => void;
}
