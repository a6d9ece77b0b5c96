import {
  closesAt as deadlineClosesAt,
  countdown,
  formatDeadline,
  ROUND_PHASE_LABELS,
  ROUND_PHASES,
  type Countdown,
  type Deadline,
  type Round,
  type RoundList,
  type RoundPhase,
} from '@accord/shared';

/**
 * How the rounds read in the interface: phases, who may submit, deadlines in two zones,
 * countdowns. Pure (no React), so the banner, the rounds page and the tests share the words.
 */

const MINUTE = 60_000;

/** "Open for feedback": a phase as a heading or a table cell says it. */
export function phaseWords(phase: RoundPhase): string {
  const words = ROUND_PHASE_LABELS[phase];
  return words[0]!.toUpperCase() + words.slice(1);
}

/** What a phase means for the people in the negotiation, in one sentence. */
export const PHASE_MEANING: Record<RoundPhase, string> = {
  'not-started': 'This round has not started yet.',
  drafting: 'The Chair and the Secretariat are drafting the text; feedback opens later.',
  feedback: 'Delegations may submit amendments, take positions and comment until the deadline.',
  consolidation: 'Feedback is closed; the Chair and the Secretariat are deciding on it.',
  published: 'This round is published.',
};

/** The phase after `phase`, or null after publication (RD2: one step forward at a time). */
export function nextPhase(phase: RoundPhase): RoundPhase | null {
  const i = ROUND_PHASES.indexOf(phase);
  return ROUND_PHASES[i + 1] ?? null;
}

/** The words of the button that moves a round into `phase`. */
export const ADVANCE_WORDS: Record<RoundPhase, string> = {
  'not-started': 'Not started',
  drafting: 'Start drafting',
  feedback: 'Open for feedback',
  consolidation: 'Close feedback and consolidate',
  published: 'Publish',
};

/** "All delegations, observers included": who may submit in a round (RD6). */
export function submittersWords(round: Pick<Round, 'submitters' | 'observersMaySubmit'>): string {
  const who = round.submitters === 'all' ? 'All delegations' : 'Reference Group only';
  return `${who}, ${round.observersMaySubmit ? 'observers included' : 'not observers'}`;
}

/** The browser's own time zone ("Europe/Paris"), read from Intl. */
export function localZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** A deadline in its own zone and in the reader's: "20 December 2023, 23:59 CET". */
export function deadlineInZones(
  deadline: Deadline,
  zone: string = localZone(),
): { own: string; local: string; same: boolean } {
  const own = formatDeadline(deadline);
  const local = formatDeadline(deadline, { zone });
  return { own, local, same: own === local };
}

/** The deadline whose minute ends at `closing` (ms), shown in `zone`: an extension's end. */
export function deadlineEndingAt(closing: number, zone: string): Deadline {
  return { at: new Date(closing - MINUTE).toISOString(), zone };
}

/** The round under way, or null. */
export function currentRound(rounds: RoundList): Round | null {
  return rounds.rounds.find((r) => r.id === rounds.currentRoundId) ?? null;
}

/**
 * When the caller's submission window closes later than the round's deadline, the extension's
 * end (as a deadline in the round's zone); else null.
 */
export function ownExtension(rounds: RoundList): Deadline | null {
  const round = currentRound(rounds);
  const closing = rounds.window.closesAt;
  if (!round?.deadline || closing === null) return null;
  return closing > deadlineClosesAt(round.deadline.at)
    ? deadlineEndingAt(closing, round.deadline.zone)
    : null;
}

/**
 * Why submission closed when the caller's window reached `closing`: "Feedback closed on
 * 20 December 2023, 23:59 CET" (with the extension's end when there was one).
 */
export function closedReason(rounds: RoundList, closing: number): string {
  const round = currentRound(rounds);
  if (!round?.deadline) return 'Feedback is closed.';
  const base = `Feedback closed on ${formatDeadline(round.deadline)}`;
  if (closing <= deadlineClosesAt(round.deadline.at)) return base;
  return `${base}; your extension ended on ${formatDeadline(deadlineEndingAt(closing, round.deadline.zone))}`;
}

/** The time left until `closing` (ms) at `now` (ms), by the shared countdown rules (DL). */
export function timeLeft(closing: number, now: number): Countdown {
  return countdown(deadlineEndingAt(closing, 'UTC'), now);
}

const unit = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const two = (n: number) => String(n).padStart(2, '0');

/**
 * A countdown as the banner shows it: days and hours far away, hours and minutes within a day,
 * minutes and seconds within the last hour.
 */
export function countdownWords(c: Countdown): string {
  if (c.passed) return 'closed';
  if (c.days > 0) return `${unit(c.days, 'day', 'days')} ${c.hours} h ${two(c.minutes)} min`;
  if (c.hours > 0) return `${c.hours} h ${two(c.minutes)} min`;
  if (c.minutes > 0) return `${c.minutes} min ${two(c.seconds)} s`;
  return `${c.seconds} s`;
}

/** How long until `countdownWords` would show something else (ms, at least 50). */
export function nextChangeIn(c: Countdown): number {
  if (c.passed) return Number.POSITIVE_INFINITY;
  // Shown in seconds in the last hour, in minutes before; the shown value changes when the
  // time left crosses the next whole unit (seconds are rounded up, like `countdown`).
  const step = c.days === 0 && c.hours === 0 ? 1_000 : MINUTE;
  const within = c.totalMs % step;
  return Math.max(50, within === 0 ? step : within);
}

/**
 * What a screen reader is told about the countdown, at most a few times: when it crosses one
 * of the last minutes' marks. Null between the marks, so the live region stays quiet.
 */
export function countdownMark(c: Countdown): string | null {
  if (c.passed) return null;
  const left = c.totalMs;
  for (const minutes of [1, 5, 15]) {
    if (left <= minutes * MINUTE) return `${unit(minutes, 'minute', 'minutes')} left to submit`;
  }
  return null;
}
