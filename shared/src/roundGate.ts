import { isPenHolder } from './amendment.js';
import type { Delegation } from './delegation.js';
import { closesAt, deadlineRefusal, formatDeadline } from './deadline.js';
import type { Extension } from './extension.js';
import { maySubmitInRound, ROUND_PHASE_LABELS, type Round, type RoundRefusal } from './round.js';

/**
 * What the rounds allow right now (SPEC RD9–RD13): the one judgement every path asks before it
 * changes anything — the base-text socket, the working-copy socket, the server's own changes,
 * amendments, positions, decisions and comments — so they cannot disagree. Pure: the caller
 * passes the rounds as stored and the server clock's reading.
 */

/** The rounds and the extensions granted in the round under way. */
export interface RoundState {
  rounds: readonly Round[];
  /** Extensions of the round under way (others do not matter). */
  extensions: readonly Extension[];
}

/** A refusal of the gate: 403 not this delegation's to do in this round, 409 not now. */
export type GateRefusal = RoundRefusal;

const refuse = (status: 403 | 409, message: string): GateRefusal => ({
  refused: true,
  status,
  message,
});

/** The rounds in order. */
function ordered(rounds: readonly Round[]): Round[] {
  return [...rounds].sort((a, b) => a.position - b.position || a.id.localeCompare(b.id));
}

/** The round under way (drafting, feedback or consolidation), or null. */
export function currentRound(rounds: readonly Round[]): Round | null {
  return (
    rounds.find(
      (r) => r.phase === 'drafting' || r.phase === 'feedback' || r.phase === 'consolidation',
    ) ?? null
  );
}

/** RD10: the text is final once the last round of the list is published. */
export function isFinalText(rounds: readonly Round[]): boolean {
  const last = ordered(rounds).at(-1);
  return last !== undefined && last.phase === 'published';
}

const FINAL = 'the text is final: it was adopted and can no longer change';

/** Why nothing is under way, for refusals: what comes next and who starts it. */
function nothingUnderWay(rounds: readonly Round[], what: string): GateRefusal {
  const next = ordered(rounds).find((r) => r.phase === 'not-started');
  return refuse(
    409,
    next
      ? `no round is under way; ${what} once the Secretariat starts "${next.name}"`
      : `no round is under way; ${what} once the Secretariat adds and starts a round`,
  );
}

/**
 * RD9, RD11: may the text itself change (a pen-holder's edit, an import, a reset)? Always when
 * the negotiation has no rounds (an ever-open text); otherwise only while the round under way is
 * in drafting or consolidation — while it is open for feedback every delegation comments on the
 * same text. Never once final (RD10). The caller checks first that the person may edit at all.
 */
export function baseEditRefusal(state: RoundState): GateRefusal | null {
  if (state.rounds.length === 0) return null;
  if (isFinalText(state.rounds)) return refuse(409, FINAL);
  const round = currentRound(state.rounds);
  if (!round) return nothingUnderWay(state.rounds, 'the text can be edited');
  if (round.phase === 'feedback')
    return refuse(
      409,
      `"${round.name}" is open for feedback: the text is edited again in consolidation`,
    );
  return null;
}

/**
 * RD11: may a pen-holder decide amendments or merge them? When the text may be edited: a
 * decision changes the text (or could, when undone).
 */
export function decisionRefusal(state: RoundState): GateRefusal | null {
  if (state.rounds.length === 0) return null;
  if (isFinalText(state.rounds)) return refuse(409, FINAL);
  const round = currentRound(state.rounds);
  if (!round) return nothingUnderWay(state.rounds, 'amendments can be decided');
  if (round.phase === 'feedback')
    return refuse(
      409,
      `"${round.name}" is open for feedback: amendments are decided again in consolidation`,
    );
  return null;
}

/** The latest end of the extensions that apply to `delegationId` (its own, or to all), or null. */
export function extensionFor(
  extensions: readonly Extension[],
  delegationId: string,
): string | null {
  let best: string | null = null;
  for (const e of extensions) {
    if (e.delegationId !== null && e.delegationId !== delegationId) continue;
    if (best === null || Date.parse(e.until) > Date.parse(best)) best = e.until;
  }
  return best;
}

/** Who asks to submit: the delegation as the directory has it now. */
export type Submitter = Pick<Delegation, 'id' | 'kind' | 'roles'>;

/**
 * RD6, RD12, DL5, DL6: may `delegation` submit, revise or withdraw amendments, take positions, or
 * comment where every participant reads, at `nowMs` on the server's clock? With no rounds, always.
 * Otherwise only while the round under way is open for feedback, if the round lets this
 * delegation submit, and before the deadline — or the end of an extension granted to it or to all.
 * A request is judged by when it reaches the server, never by when it was written (offline work
 * sent after the deadline is late). Pen-holders are judged like everyone for amendments; for
 * comments the caller lets them through (they consolidate).
 */
export function submissionRefusal(
  state: RoundState,
  delegation: Submitter,
  nowMs: number,
): GateRefusal | null {
  if (state.rounds.length === 0) return null;
  if (isFinalText(state.rounds)) return refuse(409, FINAL);
  const round = currentRound(state.rounds);
  if (!round) return nothingUnderWay(state.rounds, 'feedback opens');
  // SI: under silence the text is no longer amended; the only objection is breaking silence.
  if (round.kind === 'silence')
    return refuse(
      409,
      `"${round.name}" is a silence procedure: the text is no longer amended or commented; a delegation that objects breaks silence on the paragraphs concerned`,
    );
  const may = maySubmitInRound(round, delegation);
  if (may !== true) return refuse(may.status === 403 ? 403 : 409, may.message);
  if (!round.deadline) return null;
  const late = deadlineRefusal(round.deadline, nowMs, {
    what: `the feedback deadline of "${round.name}"`,
    extensionUntil: extensionFor(state.extensions, delegation.id),
  });
  return late ? refuse(409, late) : null;
}

/** When submission closes for `delegation` in the round under way (ms), or null if it does not. */
export function submissionClosesAt(state: RoundState, delegationId: string): number | null {
  const round = currentRound(state.rounds);
  if (!round || round.phase !== 'feedback' || !round.deadline) return null;
  const own = closesAt(round.deadline.at);
  const ext = extensionFor(state.extensions, delegationId);
  return ext ? Math.max(own, closesAt(ext)) : own;
}

/**
 * RD13: may a delegation write in its working copy? Private drafting goes on between rounds and
 * after a deadline (it prepares the next submission); only the final text closes it.
 */
export function workingCopyRefusal(state: RoundState): GateRefusal | null {
  return isFinalText(state.rounds) ? refuse(409, FINAL) : null;
}

/**
 * CM9: may this delegation start or answer a thread every participant reads? Pen-holders always
 * (until the text is final); others as for submitting (RD12). Internal threads, a delegation's
 * own drafting, are never closed by the rounds.
 */
export function sharedCommentRefusal(
  state: RoundState,
  delegation: Submitter,
  nowMs: number,
): GateRefusal | null {
  if (isPenHolder(delegation)) return isFinalText(state.rounds) ? refuse(409, FINAL) : null;
  return submissionRefusal(state, delegation, nowMs);
}

/** How the round under way reads in one line ("Review round, open for feedback until …"). */
export function roundSummary(state: RoundState): string {
  if (state.rounds.length === 0) return 'The text is open.';
  if (isFinalText(state.rounds)) return 'Final text.';
  const round = currentRound(state.rounds);
  if (!round) return 'No round is under way.';
  const phase = ROUND_PHASE_LABELS[round.phase];
  return round.phase === 'feedback' && round.deadline
    ? `${round.name}, ${phase} until ${formatDeadline(round.deadline)}.`
    : `${round.name}, ${phase}.`;
}
