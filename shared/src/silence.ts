import { z } from 'zod';
import { CONTROL_CHARACTER } from './controlCharacters.js';
import { closesAt, deadlineSchema, formatDeadline, hasPassed, type Deadline } from './deadline.js';
import type { Delegation } from './delegation.js';
import type { Round } from './round.js';

/**
 * The silence procedure (issue 9, SPEC SI1–SI9): the Chair circulates the text under silence
 * until an exact expiry; until then an entitled delegation may break silence on paragraphs with
 * a written reason; at expiry the server decides alone. The record and every rule about it are
 * here, pure, so the server applies them on every path and the client shows the same answers.
 */

/** Where a procedure stands: under silence until its expiry, then decided or withdrawn. */
export const SILENCE_STATES = ['under-silence', 'adopted', 'not-adopted', 'withdrawn'] as const;

/** Where a procedure stands (see `SILENCE_STATES`). */
export type SilenceState = (typeof SILENCE_STATES)[number];

/** How a state reads in the interface and in refusals. */
export const SILENCE_STATE_LABELS: Record<SilenceState, string> = {
  'under-silence': 'under silence',
  adopted: 'adopted',
  'not-adopted': 'not adopted',
  withdrawn: 'withdrawn',
};

/** The longest reason for breaking silence. */
export const SILENCE_REASON_MAX = 4000;
/** The most paragraphs one break of silence names (more would be a rejection of the text). */
export const SILENCE_BLOCKS_MAX = 200;

const id = z.string().min(1).max(100);
const instant = z.iso.datetime({ offset: true });

/** One delegation's break of silence: the paragraphs it objects to and why (SI4, SI5). */
export const silenceBreakSchema = z.object({
  delegationId: id,
  /** The delegation's name when it broke silence, so the record reads alone. */
  delegationName: z.string().min(1).max(200),
  /** The person who sent it. */
  personId: id,
  documentId: id,
  /** The paragraphs (block ids), in the order given. */
  blockIds: z.array(id).min(1).max(SILENCE_BLOCKS_MAX),
  /** Their labels at that moment ("OP4"), one per block id, as negotiators cite them. */
  labels: z.array(z.string().max(100)),
  reason: z.string().min(1).max(SILENCE_REASON_MAX),
  /** When it arrived (server clock). */
  at: instant,
});

/** One break of silence (see `silenceBreakSchema`). */
export type SilenceBreak = z.infer<typeof silenceBreakSchema>;

/** A silence procedure, as `GET /api/silence` lists it. */
export const silenceProcedureSchema = z.object({
  id,
  /** The round of kind `silence` it runs in (the last round of the list, SI1). */
  roundId: id,
  /** The texts under silence. */
  documentIds: z.array(id).min(1),
  /** The exact expiry: an instant with the zone it was set in (DL1); DL5's end-of-minute rule. */
  expiry: deadlineSchema,
  /** The person (Chair or Co-Chair) who circulated the text. */
  startedBy: id,
  startedAt: instant,
  state: z.enum(SILENCE_STATES),
  /** When it was decided at expiry or withdrawn (server clock); null while under silence. */
  decidedAt: instant.nullable(),
  /** Who withdrew it; null while under silence and when the server decided it at expiry. */
  decidedBy: id.nullable().default(null),
  /** Every break of silence, in the order received. */
  breaks: z.array(silenceBreakSchema),
});

/** A silence procedure (see `silenceProcedureSchema`). */
export type SilenceProcedure = z.infer<typeof silenceProcedureSchema>;

/** Why a silence action is refused: 400 bad input, 403 not this actor's to do, 409 not now. */
export interface SilenceRefusal {
  refused: true;
  status: 400 | 403 | 404 | 409;
  message: string;
}

/** The delegation acting: its id, name, kind and roles decide. */
export type SilenceActor = Pick<Delegation, 'id' | 'name' | 'kind' | 'roles'>;

const refuse = (status: SilenceRefusal['status'], message: string): SilenceRefusal => ({
  refused: true,
  status,
  message,
});

/** True when the result is a refusal rather than a procedure. */
export function isSilenceRefusal<T>(result: T | SilenceRefusal): result is SilenceRefusal {
  return typeof result === 'object' && result !== null && 'refused' in result;
}

/**
 * SI2: only the Chair or a Co-Chair circulates a text under silence and withdraws it; the
 * Secretariat prepares, but the procedure is the Chair's.
 */
export function mayConductSilence(actor: Pick<SilenceActor, 'roles'>): boolean {
  return actor.roles.includes('chair') || actor.roles.includes('co-chair');
}

/**
 * SI4: who may break silence: participating States only, and not the delegations that hold the
 * pen (Chair, Co-Chair, Secretariat), which circulated the text and may withdraw it instead.
 * In a Reference Group round only its members.
 */
export function silenceBreakerRefusal(
  actor: SilenceActor,
  round: Pick<Round, 'name' | 'submitters'> | null,
): SilenceRefusal | null {
  if (actor.kind !== 'participating-state')
    return refuse(
      403,
      'only participating States may break silence; observers and organisations may not',
    );
  if (actor.roles.some((r) => r === 'chair' || r === 'co-chair' || r === 'secretariat'))
    return refuse(
      403,
      'the Chair, the Co-Chairs and the Secretariat circulate the text; they withdraw it rather than break silence',
    );
  if (round?.submitters === 'reference-group' && !actor.roles.includes('reference-group'))
    return refuse(403, `only members of the Reference Group take part in "${round.name}"`);
  return null;
}

/** True when a delegation may break silence at all (the client hides the form otherwise). */
export function mayBreakSilence(
  actor: SilenceActor,
  round: Pick<Round, 'name' | 'submitters'> | null,
): boolean {
  return silenceBreakerRefusal(actor, round) === null;
}

/** The first instant (ms) the procedure's expiry has passed: the end of its minute (DL5). */
export function silenceEndsAt(procedure: Pick<SilenceProcedure, 'expiry'>): number {
  return closesAt(procedure.expiry.at);
}

/** True when the expiry has passed at `nowMs` (server clock), end of minute included (DL5). */
export function silenceExpired(
  procedure: Pick<SilenceProcedure, 'expiry'>,
  nowMs: number,
): boolean {
  return hasPassed(procedure.expiry, nowMs);
}

/** "the procedure on "Silence" is adopted": how a state reads in a refusal. */
function statePhrase(procedure: SilenceProcedure): string {
  return `the silence procedure is ${SILENCE_STATE_LABELS[procedure.state]}`;
}

/** SI7: "silence expired on 12 November 2024, 18:00 CET", in the expiry's own zone. */
export function expiryPhrase(expiry: Deadline): string {
  return `silence expired on ${formatDeadline(expiry)}`;
}

/**
 * SI1, SI3: null when `round` may run a new silence procedure ending at `expiry`, else the
 * refusal. The round must be of kind `silence`, the last of the list, not yet under way past
 * drafting, with no other procedure under silence, and the expiry must be ahead of `nowMs`.
 * The actor is judged first (403).
 */
export function silenceStartRefusal(
  actor: Pick<SilenceActor, 'roles'>,
  round: Round,
  rounds: readonly Round[],
  procedures: readonly SilenceProcedure[],
  expiry: Deadline,
  nowMs: number,
): SilenceRefusal | null {
  if (!mayConductSilence(actor))
    return refuse(403, 'only the Chair or a Co-Chair may circulate a text under silence');
  if (round.kind !== 'silence')
    return refuse(409, `"${round.name}" is a reading, not a round of kind "silence"`);
  const last = [...rounds].sort((a, b) => b.position - a.position)[0];
  if (last?.id !== round.id)
    return refuse(
      409,
      `"${round.name}" is not the last round; a silence procedure adopts the final text, so it runs in the last round`,
    );
  if (round.phase !== 'not-started' && round.phase !== 'drafting')
    return refuse(
      409,
      `"${round.name}" is past drafting; a text goes under silence from a round not started or in drafting`,
    );
  const open = procedures.find((p) => p.state === 'under-silence');
  if (open)
    return refuse(
      409,
      `a silence procedure is already under way (until ${formatDeadline(open.expiry)})`,
    );
  if (hasPassed(expiry, nowMs))
    return refuse(409, `the expiry ${formatDeadline(expiry)} has passed; choose a later one`);
  return null;
}

/** What a delegation sends to break silence. */
export interface SilenceBreakRequest {
  documentId: string;
  blockIds: readonly string[];
  reason: string;
}

/** Who breaks silence, as recorded. */
export interface SilenceBreaker {
  delegation: SilenceActor;
  personId: string;
}

/**
 * SI4–SI7: the procedure with `request` recorded as a break of silence at `nowMs`, or the
 * refusal. Checks run who (403), then when (409: not under silence, or expired — naming the
 * expiry in its zone), then input (400). `labels` gives the label of every block of the
 * document now; a block it does not know is refused. Pure.
 */
export function breakSilence(
  procedure: SilenceProcedure,
  round: Pick<Round, 'name' | 'submitters'> | null,
  request: SilenceBreakRequest,
  breaker: SilenceBreaker,
  labels: ReadonlyMap<string, { short: string }>,
  nowMs: number,
): SilenceProcedure | SilenceRefusal {
  const who = silenceBreakerRefusal(breaker.delegation, round);
  if (who) return who;
  // Once the expiry has passed it is what a late delegation is told, decided or not yet (SI7).
  if (procedure.state !== 'withdrawn' && silenceExpired(procedure, nowMs))
    return refuse(409, `${expiryPhrase(procedure.expiry)}; it can no longer be broken`);
  if (procedure.state !== 'under-silence')
    return refuse(409, `${statePhrase(procedure)}; silence can no longer be broken`);
  if (!procedure.documentIds.includes(request.documentId))
    return refuse(400, `the document "${request.documentId}" is not under silence`);
  const blockIds = [...new Set(request.blockIds)];
  if (blockIds.length === 0)
    return refuse(400, '"blockIds" must name at least one paragraph on which silence is broken');
  if (blockIds.length > SILENCE_BLOCKS_MAX)
    return refuse(400, `"blockIds" must name at most ${SILENCE_BLOCKS_MAX} paragraphs`);
  const unknown = blockIds.filter((b) => !labels.has(b));
  if (unknown.length > 0)
    return refuse(
      400,
      `no paragraph ${unknown.map((b) => `"${b}"`).join(', ')} in "${request.documentId}"`,
    );
  const reason = request.reason.trim();
  if (reason === '') return refuse(400, 'breaking silence needs a written reason ("reason")');
  if (reason.length > SILENCE_REASON_MAX)
    return refuse(400, `"reason" must be at most ${SILENCE_REASON_MAX} characters long`);
  if (CONTROL_CHARACTER.test(reason))
    return refuse(400, '"reason" must not contain control characters');
  const entry: SilenceBreak = {
    delegationId: breaker.delegation.id,
    delegationName: breaker.delegation.name,
    personId: breaker.personId,
    documentId: request.documentId,
    blockIds,
    labels: blockIds.map((b) => labels.get(b)?.short ?? ''),
    reason,
    at: new Date(nowMs).toISOString(),
  };
  return { ...procedure, breaks: [...procedure.breaks, entry] };
}

/**
 * SI8: the procedure withdrawn by `actor` (`personId`) at `nowMs`, or the refusal: only the
 * Chair or a Co-Chair (403), only under silence and before the expiry (409; after it the server
 * decides).
 */
export function withdrawSilence(
  procedure: SilenceProcedure,
  actor: Pick<SilenceActor, 'roles'>,
  personId: string,
  nowMs: number,
): SilenceProcedure | SilenceRefusal {
  if (!mayConductSilence(actor))
    return refuse(403, 'only the Chair or a Co-Chair may withdraw a silence procedure');
  if (procedure.state !== 'under-silence')
    return refuse(409, `${statePhrase(procedure)}; it can no longer be withdrawn`);
  if (silenceExpired(procedure, nowMs))
    return refuse(409, `${expiryPhrase(procedure.expiry)}; the outcome is decided, not withdrawn`);
  return {
    ...procedure,
    state: 'withdrawn',
    decidedAt: new Date(nowMs).toISOString(),
    decidedBy: personId,
  };
}

/** SI6: what expiry decides: adopted without a break of silence, not adopted with any. */
export function silenceOutcome(
  procedure: Pick<SilenceProcedure, 'breaks'>,
): 'adopted' | 'not-adopted' {
  return procedure.breaks.length === 0 ? 'adopted' : 'not-adopted';
}

/**
 * SI6: the procedure decided at `nowMs`, or null while it is not under silence or its expiry
 * has not passed (nothing to decide). The server calls it at expiry, and again at start for a
 * procedure whose expiry passed while it was down: the outcome is the same whenever it runs,
 * since no break is accepted after the expiry.
 */
export function decideSilence(procedure: SilenceProcedure, nowMs: number): SilenceProcedure | null {
  if (procedure.state !== 'under-silence' || !silenceExpired(procedure, nowMs)) return null;
  return {
    ...procedure,
    state: silenceOutcome(procedure),
    decidedAt: new Date(nowMs).toISOString(),
    decidedBy: null,
  };
}

/** One paragraph on which silence was broken, and by whom (SI6's list). */
export interface BrokenParagraph {
  documentId: string;
  blockId: string;
  /** The label the first break gave it. */
  label: string;
  /** The delegations that broke silence on it, in the order they did, each once. */
  delegations: { id: string; name: string }[];
}

/**
 * SI6: the paragraphs on which silence was broken, in the order first named, each with the
 * delegations that broke silence on it.
 */
export function brokenParagraphs(procedure: Pick<SilenceProcedure, 'breaks'>): BrokenParagraph[] {
  const byKey = new Map<string, BrokenParagraph>();
  for (const b of procedure.breaks) {
    b.blockIds.forEach((blockId, i) => {
      const key = `${b.documentId}\u0000${blockId}`;
      let entry = byKey.get(key);
      if (!entry) {
        entry = { documentId: b.documentId, blockId, label: b.labels[i] ?? '', delegations: [] };
        byKey.set(key, entry);
      }
      if (!entry.delegations.some((d) => d.id === b.delegationId))
        entry.delegations.push({ id: b.delegationId, name: b.delegationName });
    });
  }
  return [...byKey.values()];
}
