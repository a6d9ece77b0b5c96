import { z } from 'zod';
import { isPenHolder, type AmendmentActor } from './amendment.js';
import { deadlineAt, deadlineSchema, deadlineWallTime } from './deadline.js';
import type { Delegation } from './delegation.js';
import { CONTROL_OR_LINE_BREAK } from './controlCharacters.js';

/**
 * Revision rounds (issue 9): a negotiation is an ordered list of rounds, each moving through its
 * phases once. The records and every rule about them (SPEC RD1–RD9) live here, pure, so that the
 * server applies them on every path and the tests check them without a server. Deadlines are
 * compared with the clock elsewhere (deadline.ts); here a deadline is only data.
 */

/** The phases of a round, in the only order a round goes through them (RD2). */
export const ROUND_PHASES = [
  'not-started',
  'drafting',
  'feedback',
  'consolidation',
  'published',
] as const;

/** Where a round is: before it, pen-holders drafting, feedback open, consolidation, published. */
export type RoundPhase = (typeof ROUND_PHASES)[number];

/** How a phase reads in the interface and in refusals. */
export const ROUND_PHASE_LABELS: Record<RoundPhase, string> = {
  'not-started': 'not started',
  drafting: 'drafting',
  feedback: 'open for feedback',
  consolidation: 'in consolidation',
  published: 'published',
};

/** Who may submit in a round: every delegation, or only the Reference Group (RD6). */
export const ROUND_SUBMITTERS = ['all', 'reference-group'] as const;

/** Who may submit in a round. */
export type RoundSubmitters = (typeof ROUND_SUBMITTERS)[number];

/** A reading of the text, or a silence procedure (which has its own routes). */
export const ROUND_KINDS = ['reading', 'silence'] as const;

/** What a round is. */
export type RoundKind = (typeof ROUND_KINDS)[number];

/** The longest round name: a short title ("Second reading"). */
export const ROUND_NAME_MAX = 120;
/** More rounds than this would be a mistake, not a negotiation. */
export const ROUNDS_MAX = 50;

const id = z.string().min(1).max(100);
const instant = z.iso.datetime({ offset: true });

/** True when Intl knows `zone` as a time zone ("Europe/Budapest", "UTC"). */
export function isTimeZone(zone: string): boolean {
  if (zone === '' || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** A round's name: trimmed, not empty, one line. */
export const roundNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(ROUND_NAME_MAX)
  .refine((s) => !CONTROL_OR_LINE_BREAK.test(s), 'no control characters or line breaks');

/** A round's deadline: deadline.ts's record (the instant and the zone it is shown in). */
export const roundDeadlineSchema = deadlineSchema;

/** A round's deadline (see `roundDeadlineSchema`). */
export type RoundDeadline = z.infer<typeof roundDeadlineSchema>;

/** A round, as `GET /api/rounds` lists it. */
export const roundSchema = z.object({
  id,
  name: roundNameSchema,
  /** Its place in the negotiation, from 0; `reorderRounds` and `addRound` keep them 0…n-1. */
  position: z.number().int().min(0),
  phase: z.enum(ROUND_PHASES),
  submitters: z.enum(ROUND_SUBMITTERS),
  /** Whether observer States and organisations may submit too (RD6). */
  observersMaySubmit: z.boolean(),
  /** Required to open feedback (RD2); null while none is set. */
  deadline: roundDeadlineSchema.nullable(),
  /** When it left not-started (server clock). */
  startedAt: instant.nullable(),
  /** When it was published (server clock); its version is frozen then. */
  publishedAt: instant.nullable(),
  kind: z.enum(ROUND_KINDS).optional().default('reading'),
});

/** A round record (see `roundSchema`). */
export type Round = z.infer<typeof roundSchema>;

/** Why a round change is refused: 400 bad input, 403 not this actor's to do, 409 not now. */
export interface RoundRefusal {
  refused: true;
  status: 400 | 403 | 409;
  message: string;
}

/** What may be done to one round. */
export type RoundAction =
  | { type: 'phase'; phase: RoundPhase }
  | { type: 'rename'; name: string }
  | { type: 'deadline'; deadline: RoundDeadline | null };

/** Who acts on a round: the acting delegation and its roles. */
export type RoundActor = Pick<AmendmentActor, 'delegationId' | 'roles'>;

/** The delegation asking to submit: its kind and roles decide (RD6). */
export type RoundSubmitter = Pick<Delegation, 'id' | 'kind' | 'roles'>;

const refuse = (status: RoundRefusal['status'], message: string): RoundRefusal => ({
  refused: true,
  status,
  message,
});

/** True when the result is a refusal rather than a round or a list of rounds. */
export function isRoundRefusal<T>(result: T | RoundRefusal): result is RoundRefusal {
  return typeof result === 'object' && result !== null && 'refused' in result;
}

/** The rounds a new negotiation has (RD1), all not started and without deadlines. */
export const DEFAULT_ROUNDS: readonly Round[] = (
  [
    ['zero-draft', 'Zero draft'],
    ['consolidated-draft', 'Consolidated draft'],
    ['reference-group-draft', 'Reference Group draft'],
    ['final-text', 'Final text'],
  ] as const
).map(([roundId, name], position): Round => ({
  id: roundId,
  name,
  position,
  phase: 'not-started',
  submitters: 'all',
  observersMaySubmit: true,
  deadline: null,
  startedAt: null,
  publishedAt: null,
  kind: 'reading',
}));

/**
 * RD7: only the Chair, a Co-Chair or the Secretariat plan rounds (add, reorder, rename, set
 * deadlines, change phases). Null when `actor` may; `addRound` and `reorderRounds` leave this
 * check to their caller.
 */
export function roundPlanningRefusal(actor: Pick<RoundActor, 'roles'>): RoundRefusal | null {
  return isPenHolder(actor)
    ? null
    : refuse(403, 'only the Chair, a Co-Chair or the Secretariat may plan the rounds');
}

/** "the zero draft is published": how a round's phase reads in a refusal. */
function phrase(round: Round): string {
  return `"${round.name}" is ${ROUND_PHASE_LABELS[round.phase]}`;
}

/**
 * The round after `action` by `actor` at `at` (server clock, ISO instant), or the refusal. Pure.
 * Checks run who (403), then when (409), then input (400). Only this round is judged: the caller
 * checks the whole list with `checkRoundOrder` (or uses `applyRoundTransition`).
 */
export function roundTransition(
  round: Round,
  action: RoundAction,
  actor: RoundActor,
  at: string,
): Round | RoundRefusal {
  const who = roundPlanningRefusal(actor);
  if (who) return who;
  switch (action.type) {
    case 'phase': {
      // RD2: one step forward at a time; feedback needs a deadline still ahead.
      const from = ROUND_PHASES.indexOf(round.phase);
      const to = (ROUND_PHASES as readonly string[]).indexOf(action.phase);
      if (round.phase === 'published') return refuse(409, `${phrase(round)}; it cannot change`);
      if (to === from) return refuse(409, `${phrase(round)} already`);
      if (to !== from + 1) {
        const next = ROUND_PHASES[from + 1] ?? 'published';
        if (to === -1) return refuse(400, `"phase" must be one of ${ROUND_PHASES.join(', ')}`);
        return refuse(
          409,
          `${phrase(round)}; its next phase is ${ROUND_PHASE_LABELS[next]}, phases are never skipped or undone`,
        );
      }
      const phase = action.phase;
      if (phase === 'feedback') {
        if (round.deadline === null)
          return refuse(409, `set a deadline before opening "${round.name}" for feedback`);
        if (Date.parse(round.deadline.at) <= Date.parse(at))
          return refuse(409, `the deadline of "${round.name}" has passed; set a later one first`);
      }
      return {
        ...round,
        phase,
        startedAt: phase === 'drafting' ? at : round.startedAt,
        publishedAt: phase === 'published' ? at : round.publishedAt,
      };
    }
    case 'rename': {
      // RD3: citations name the rounds that have started, so their names stay.
      if (round.phase !== 'not-started')
        return refuse(409, `${phrase(round)}; only a round not yet started can be renamed`);
      const name = roundNameSchema.safeParse(action.name);
      if (!name.success)
        return refuse(
          400,
          `"name" must be one line of 1 to ${ROUND_NAME_MAX} characters without control characters`,
        );
      return name.data === round.name ? round : { ...round, name: name.data };
    }
    case 'deadline': {
      // RD4: a published round's deadline is history; an open round keeps one.
      if (round.phase === 'published')
        return refuse(409, `${phrase(round)}; its deadline can no longer change`);
      if (action.deadline === null) {
        if (round.phase === 'feedback')
          return refuse(409, `${phrase(round)} and needs a deadline; set another one instead`);
        return { ...round, deadline: null };
      }
      const deadline = roundDeadlineSchema.safeParse(action.deadline);
      if (!deadline.success)
        return refuse(
          400,
          '"deadline" must be {"at": an ISO instant with offset, "zone": an IANA time zone}',
        );
      return { ...round, deadline: deadline.data };
    }
  }
}

/** The rounds in their order (position, then id for a stable tie). */
function ordered(rounds: readonly Round[]): Round[] {
  return [...rounds].sort((a, b) => a.position - b.position || a.id.localeCompare(b.id));
}

/**
 * RD5: null when the list is in order, else the refusal (409): at most one round is in drafting,
 * feedback or consolidation, and a round has left not-started only if every round before it is
 * published. Ids and positions are unique (400).
 */
export function checkRoundOrder(rounds: readonly Round[]): RoundRefusal | null {
  if (new Set(rounds.map((r) => r.id)).size !== rounds.length)
    return refuse(400, 'two rounds have the same id');
  if (new Set(rounds.map((r) => r.position)).size !== rounds.length)
    return refuse(400, 'two rounds have the same position');
  const list = ordered(rounds);
  const active = list.filter((r) => r.phase !== 'not-started' && r.phase !== 'published');
  if (active.length > 1)
    return refuse(
      409,
      `only one round can be under way at a time: ${active.map((r) => phrase(r)).join(', ')}`,
    );
  for (const [i, round] of list.entries()) {
    if (round.phase === 'not-started') continue;
    const before = list.slice(0, i).find((r) => r.phase !== 'published');
    if (before)
      return refuse(
        409,
        `"${round.name}" cannot start before "${before.name}" is published (${phrase(before)})`,
      );
  }
  return null;
}

/**
 * `roundTransition` on the round `roundId` of `rounds`, checked against the order of the whole
 * list (RD5). The new list, or the refusal; null when there is no such round (the caller's 404).
 */
export function applyRoundTransition(
  rounds: readonly Round[],
  roundId: string,
  action: RoundAction,
  actor: RoundActor,
  at: string,
): Round[] | RoundRefusal | null {
  const round = rounds.find((r) => r.id === roundId);
  if (!round) return null;
  const next = roundTransition(round, action, actor, at);
  if (isRoundRefusal(next)) return next;
  const list = ordered(rounds.map((r) => (r.id === roundId ? next : r)));
  return checkRoundOrder(list) ?? list;
}

/**
 * RD3: the rounds in the order of `ids` (every round once), positions 0…n-1. Only rounds not yet
 * started move: a round that has started keeps its place (409). Bad lists are 400.
 */
export function reorderRounds(
  rounds: readonly Round[],
  ids: readonly string[],
): Round[] | RoundRefusal {
  const list = ordered(rounds);
  const known = new Set(list.map((r) => r.id));
  const unknown = ids.find((i) => !known.has(i));
  if (unknown !== undefined) return refuse(400, `there is no round "${unknown}"`);
  if (new Set(ids).size !== ids.length) return refuse(400, 'a round is listed twice');
  if (ids.length !== list.length) return refuse(400, 'the new order must list every round once');
  for (const [i, round] of list.entries())
    if (round.phase !== 'not-started' && ids[i] !== round.id)
      return refuse(409, `${phrase(round)}; only rounds not yet started can move`);
  const byId = new Map(list.map((r) => [r.id, r]));
  return ids.map((roundId, position) => {
    const round = byId.get(roundId) as Round;
    return round.position === position ? round : { ...round, position };
  });
}

/**
 * RD3: the rounds with `round` inserted at its `position` (the end at most), positions 0…n-1. A
 * new round is not started, has no start or publication, and goes after every round that has
 * started (409); its record must be valid (400) and its id new (409).
 */
export function addRound(rounds: readonly Round[], round: Round): Round[] | RoundRefusal {
  const parsed = roundSchema.safeParse(round);
  if (!parsed.success)
    return refuse(400, `the round is not valid: ${parsed.error.issues[0]?.message ?? ''}`);
  const added = parsed.data;
  if (added.phase !== 'not-started' || added.startedAt !== null || added.publishedAt !== null)
    return refuse(400, 'a new round starts not started, without a start or publication time');
  if (rounds.some((r) => r.id === added.id))
    return refuse(409, `there is already a round "${added.id}"`);
  if (rounds.length >= ROUNDS_MAX)
    return refuse(409, `a negotiation has at most ${ROUNDS_MAX} rounds`);
  const list = ordered(rounds);
  if (added.position > list.length)
    return refuse(400, `"position" must be at most ${list.length}, the end of the list`);
  const lastStarted = list.findLastIndex((r) => r.phase !== 'not-started');
  if (added.position <= lastStarted)
    return refuse(409, `a new round cannot go before ${phrase(list[lastStarted] as Round)}`);
  list.splice(added.position, 0, added);
  return list.map((r, position) => (r.position === position ? r : { ...r, position }));
}

/**
 * RD6: true when `delegation` may submit, revise or withdraw amendments in `round` as far as the
 * round decides (the deadline is deadline.ts's), else the refusal: 409 when the round is not open
 * for feedback, 403 when the delegation is not among its submitters.
 */
export function maySubmitInRound(round: Round, delegation: RoundSubmitter): true | RoundRefusal {
  if (round.phase !== 'feedback')
    return refuse(
      409,
      `${phrase(round)}; amendments are submitted only while it is open for feedback`,
    );
  if (round.submitters === 'reference-group' && !delegation.roles.includes('reference-group'))
    return refuse(403, `only members of the Reference Group may submit in "${round.name}"`);
  if (delegation.kind !== 'participating-state' && !round.observersMaySubmit)
    return refuse(403, `observer States and organisations may not submit in "${round.name}"`);
  return true;
}

/** The zone of the Budapest Process's deadlines. */
export const BUDAPEST_ZONE = 'Europe/Budapest';
/** How long the seeded current round stays open for feedback. */
export const CURRENT_ROUND_DAYS = 21;

/** An instant at a wall-clock time in Budapest ("2023-12-20", "23:59"). */
const inBudapest = (date: string, time: string): string => deadlineAt(date, time, BUDAPEST_ZONE).at;

/** A past round of the Budapest calendar: started, deadline at 23:59 and published, in Budapest. */
function pastRound(
  roundId: string,
  name: string,
  position: number,
  submitters: RoundSubmitters,
  started: [string, string],
  deadline: string | null,
  published: [string, string],
): Round {
  return {
    id: roundId,
    name,
    position,
    phase: 'published',
    submitters,
    // "Written feedback from countries": the past rounds were the States'.
    observersMaySubmit: false,
    deadline: deadline === null ? null : deadlineAt(deadline, '23:59', BUDAPEST_ZONE),
    startedAt: inBudapest(...started),
    publishedAt: inBudapest(...published),
    kind: 'reading',
  };
}

/**
 * RD8: the seeded calendar of the Budapest Process 2023–2024, with its real days (the hours are
 * nominal), every round published up to the adoption; then a review round open for feedback
 * until 23:59 in Budapest three weeks after `now`, so a new user can try everything.
 */
export function budapestCalendar(now: Date): Round[] {
  const today = deadlineWallTime({ at: now.toISOString(), zone: BUDAPEST_ZONE }).date;
  // Calendar days, not 21 × 24 hours: a clock change in between must not move the 23:59.
  const due = new Date(`${today}T00:00:00Z`);
  due.setUTCDate(due.getUTCDate() + CURRENT_ROUND_DAYS);
  return [
    // Presented at the SOM in Istanbul; written feedback from countries; consolidation.
    pastRound('zero-draft', 'Zero draft', 0, 'all', ['2023-12-05', '09:00'], '2023-12-20', [
      '2024-02-15',
      '18:00',
    ]),
    // The consolidated drafts went to the Reference Group, which revised them on 7 May.
    pastRound(
      'consolidated-draft',
      'Consolidated draft',
      1,
      'reference-group',
      ['2024-02-15', '18:00'],
      '2024-03-31',
      ['2024-05-07', '18:00'],
    ),
    // Further written feedback and the second SOM in Stockholm; consolidated up to the Conference.
    pastRound(
      'reference-group-draft',
      'Reference Group draft',
      2,
      'all',
      ['2024-05-07', '18:00'],
      '2024-06-27',
      ['2024-11-11', '09:00'],
    ),
    // Adopted at the 7th Ministerial Conference, 11–12 November 2024.
    pastRound('final-text', 'Final text', 3, 'all', ['2024-11-11', '09:00'], null, [
      '2024-11-12',
      '18:00',
    ]),
    {
      id: 'review-round',
      name: 'Review round',
      position: 4,
      phase: 'feedback',
      submitters: 'all',
      observersMaySubmit: true,
      deadline: deadlineAt(due.toISOString().slice(0, 10), '23:59', BUDAPEST_ZONE),
      startedAt: now.toISOString(),
      publishedAt: null,
      kind: 'reading',
    },
  ];
}
