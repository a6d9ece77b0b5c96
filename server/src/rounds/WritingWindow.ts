import {
  baseEditRefusal,
  decisionRefusal,
  sharedCommentRefusal,
  submissionRefusal,
  workingCopyRefusal,
  type ChangeOrigin,
  type RoundState,
  type Submitter,
} from '@accord/shared';
import type { Refusal } from '../auth/Refusal.js';
import type { Clock } from '../time/Clock.js';

/**
 * The rounds' gate (shared/roundGate.ts, SPEC RD9–RD13) bound to the server's state and clock:
 * the one place the sockets, the pipeline and the services ask whether a change may happen now.
 * The instant judged is the server's when the request or update arrives, never a client's.
 */
export class WritingWindow {
  constructor(
    private readonly rounds: { state(): RoundState },
    private readonly clock: Clock,
  ) {}

  /** A window that never closes: a server part used without rounds (unit tests). */
  static open(): WritingWindow {
    return new WritingWindow(
      { state: () => ({ rounds: [], extensions: [] }) },
      { now: () => 0, at: () => () => undefined },
    );
  }

  /** RD9, RD11: may the text itself be edited now (by a pen-holder, an import, a reset)? */
  baseEdit(): Refusal | null {
    return baseEditRefusal(this.rounds.state());
  }

  /** RD11: may amendments be decided or merged now? */
  decision(): Refusal | null {
    return decisionRefusal(this.rounds.state());
  }

  /** RD12: may `delegation` submit, revise, withdraw or take a position now? */
  submission(delegation: Submitter): Refusal | null {
    return submissionRefusal(this.rounds.state(), delegation, this.clock.now());
  }

  /** CM9: may `delegation` start or answer a thread everyone reads now? */
  sharedComment(delegation: Submitter): Refusal | null {
    return sharedCommentRefusal(this.rounds.state(), delegation, this.clock.now());
  }

  /** RD13: may delegations write in their working copies now? */
  workingCopy(): Refusal | null {
    return workingCopyRefusal(this.rounds.state());
  }

  /**
   * Why a document may not take a change by `origin` now, or null. The system's own repairs
   * always pass; in a working copy only its delegation's typing is judged (the server's reset
   * after an accept follows the base); in a base text an accepted amendment is a decision and
   * everything else an edit.
   */
  writeRefusal(origin: ChangeOrigin, workingCopy: boolean): Refusal | null {
    if (origin.kind === 'system') return null;
    if (workingCopy) return origin.kind === 'connection' ? this.workingCopy() : null;
    return origin.kind === 'amendment' ? this.decision() : this.baseEdit();
  }
}
