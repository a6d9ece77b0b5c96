import { randomUUID } from 'node:crypto';
import type { RoundsActor } from '../rounds/RoundService.js';
import {
  breakSilence,
  brokenParagraphs,
  deadlineAt,
  decideSilence,
  isSilenceRefusal,
  isTimeZone,
  silenceEndsAt,
  silenceStartRefusal,
  withdrawSilence,
  type BlockLabel,
  type Deadline,
  type DeadlineInput,
  type NegotiationEvent,
  type Round,
  type RoundPhase,
  type SilenceBreakRequest,
  type SilenceProcedure,
} from '@accord/shared';
import type { Principal } from '../auth/Principal.js';
import { isRefusal, refusal, type Refusal, type RefusalOr } from '../auth/Refusal.js';
import type { Logger } from '../logger.js';
import type { AuditLog } from '../storage/AuditLog.js';
import type { DocumentStore } from '../storage/DocumentStore.js';
import type { SilenceStore } from '../storage/SilenceStore.js';
import { isoAt, type Clock } from '../time/Clock.js';
import type { ScheduledTask } from '../storage/TaskStore.js';
import type { NewTask } from '../storage/TaskStore.js';
import type { SharedLock } from '../cluster/SharedLock.js';
import { KeyedQueue } from '../amendments/KeyedQueue.js';

/** The scheduled task that decides a procedure at its expiry (SI6), keyed by procedure. */
export const SILENCE_EXPIRY_TASK = 'silence-expiry';

/** The task key of a procedure's expiry: one task per procedure, so scheduling it is idempotent. */
export function silenceExpiryKey(procedureId: string): string {
  return `${SILENCE_EXPIRY_TASK}:${procedureId}`;
}

/** Who changes a round (the rounds' own type): the procedure a person started, or the server. */
export type { RoundsActor } from '../rounds/RoundService.js';

/** What the service asks of the rounds (the lead's `RoundService` has exactly these). */
export interface SilenceRounds {
  /** Every round, by position, as last stored. */
  list(): readonly Round[];
  /** Sets a round's deadline (the procedure's expiry). */
  setDeadline(
    actor: RoundsActor,
    roundId: string,
    deadline: DeadlineInput,
  ): Promise<RefusalOr<Round>>;
  /** Moves a round to its next phase (RD2), running publication's hooks. */
  changePhase(actor: RoundsActor, roundId: string, phase: RoundPhase): Promise<RefusalOr<Round>>;
}

/** What the service asks of the durable scheduler (`time/Scheduler.ts`). */
export interface SilenceScheduler {
  schedule(task: NewTask): Promise<unknown>;
  cancel(idOrKey: string): Promise<boolean>;
}

/** The labels of a document's blocks now (the round's stable labels), by block id. */
export type SilenceLabels = (documentId: string) => Promise<ReadonlyMap<string, BlockLabel>>;

/** What the service needs from the server. */
export interface SilenceServiceDeps {
  /** Held across processes around each queued change (CL5); absent with one process. */
  lock?: SharedLock;
  store: SilenceStore;
  rounds: SilenceRounds;
  scheduler: SilenceScheduler;
  documents: Pick<DocumentStore, 'listDocuments' | 'getDocument'>;
  labels: SilenceLabels;
  audit: AuditLog;
  clock: Clock;
  /** Sends an event to every signed-in reader (`NegotiationFeed.publish`). */
  publish(event: NegotiationEvent): Promise<void>;
  logger: Logger;
}

/** The request that starts a procedure (`POST /api/silence`). */
export interface StartSilenceRequest {
  roundId: string;
  documentIds?: readonly string[];
  expiry: DeadlineInput;
}

/** The phase a decided or withdrawn procedure leaves its round in (SI6, SI8). */
const PHASE_AFTER: Record<Exclude<SilenceProcedure['state'], 'under-silence'>, RoundPhase> = {
  adopted: 'published',
  'not-adopted': 'consolidation',
  withdrawn: 'consolidation',
};

const PHASE_ORDER: readonly RoundPhase[] = [
  'not-started',
  'drafting',
  'feedback',
  'consolidation',
  'published',
];

/** A deadline from what a person sent, or the refusal naming what was wrong (DL1, DL2). */
function toExpiry(input: DeadlineInput): Deadline | Refusal {
  if (!isTimeZone(input.zone))
    return refusal(
      400,
      `"expiry.zone" must be a time zone such as "Europe/Budapest", not "${input.zone}"`,
    );
  if ('at' in input) return { at: new Date(Date.parse(input.at)).toISOString(), zone: input.zone };
  try {
    return deadlineAt(input.date, input.time, input.zone);
  } catch (err) {
    return refusal(400, `"expiry" is not a date and time: ${(err as Error).message}`);
  }
}

/**
 * The silence procedure on the server (issue 9, SPEC SI1–SI9). The Chair or a Co-Chair starts a
 * procedure in the last round (of kind `silence`): its deadline becomes the expiry and it opens
 * "for feedback", which here means under silence. Entitled delegations break silence until the
 * expiry; at the expiry a durable task decides — on the server's clock, with nobody connected,
 * and at start for an expiry passed while the server was down. The round is moved through the
 * rounds service, so its hooks (versions at publication) run as for any phase change. Changes
 * run one at a time; each is stored, audited and pushed on the negotiation feed.
 */
export class SilenceService {
  private readonly queue: KeyedQueue;

  constructor(private readonly deps: SilenceServiceDeps) {
    this.queue = new KeyedQueue(deps.lock ?? null, 'silence');
  }

  /** The task handler to register for `SILENCE_EXPIRY_TASK` before the scheduler starts. */
  readonly onExpiryTask = async (task: ScheduledTask): Promise<void> => {
    const payload = task.payload as { procedureId?: unknown } | null;
    if (typeof payload?.procedureId !== 'string')
      throw new Error(`silence-expiry task ${task.id} has no procedure id`);
    await this.decide(payload.procedureId);
  };

  /** Every procedure, oldest first. */
  list(): Promise<SilenceProcedure[]> {
    return this.deps.store.list();
  }

  /** One procedure, or 404. */
  async get(id: string): Promise<RefusalOr<SilenceProcedure>> {
    return (await this.deps.store.get(id)) ?? refusal(404, `there is no silence procedure "${id}"`);
  }

  /** SI1–SI3: the Chair or a Co-Chair circulates the texts under silence until the expiry. */
  start(who: Principal, request: StartSilenceRequest): Promise<RefusalOr<SilenceProcedure>> {
    return this.queue.run('silence', async () => {
      const now = this.deps.clock.now();
      const rounds = this.deps.rounds.list();
      const round = rounds.find((r) => r.id === request.roundId);
      if (!round) return refusal(404, `there is no round "${request.roundId}"`);
      const expiry = toExpiry(request.expiry);
      if (isRefusal(expiry)) return expiry;
      const procedures = await this.deps.store.list();
      const refused = silenceStartRefusal(who.delegation, round, rounds, procedures, expiry, now);
      if (refused) return refusal(refused.status, refused.message);
      const all = await this.deps.documents.listDocuments();
      const documentIds = request.documentIds
        ? [...new Set(request.documentIds)]
        : all.map((d) => d.id);
      const unknown = documentIds.filter((id) => !all.some((d) => d.id === id));
      if (unknown.length > 0)
        return refusal(
          400,
          `"documentIds" names no document: ${unknown.map((id) => `"${id}"`).join(', ')}`,
        );
      if (documentIds.length === 0)
        return refusal(409, 'there is no text to circulate under silence');
      // The round opens under silence: its deadline is the expiry, then drafting (if it had
      // not started), then feedback. Any refusal (an earlier round not yet published, RD5)
      // comes before the procedure exists.
      const actor: RoundsActor = { kind: 'silence', who };
      const set = await this.deps.rounds.setDeadline(actor, round.id, expiry);
      if (isRefusal(set)) return set;
      const open = await this.advance(actor, round.id, 'feedback');
      if (isRefusal(open)) return open;
      const procedure: SilenceProcedure = {
        id: randomUUID(),
        roundId: round.id,
        documentIds,
        expiry,
        startedBy: who.id,
        startedAt: isoAt(now),
        state: 'under-silence',
        decidedAt: null,
        decidedBy: null,
        breaks: [],
      };
      const stored = await this.deps.store.put(procedure);
      await this.deps.scheduler.schedule({
        kind: SILENCE_EXPIRY_TASK,
        key: silenceExpiryKey(stored.id),
        at: silenceEndsAt(stored),
        payload: { procedureId: stored.id },
      });
      await this.audit(who, 'silence.start', stored, {
        roundId: stored.roundId,
        documentIds: stored.documentIds,
        expiry: stored.expiry,
      });
      await this.push(stored);
      return stored;
    });
  }

  /** SI4, SI5, SI7: a delegation breaks silence on paragraphs of one text, with a reason. */
  breakSilence(
    who: Principal,
    id: string,
    request: SilenceBreakRequest,
  ): Promise<RefusalOr<SilenceProcedure>> {
    return this.queue.run('silence', async () => {
      const procedure = await this.deps.store.get(id);
      if (!procedure) return refusal(404, `there is no silence procedure "${id}"`);
      const round = this.deps.rounds.list().find((r) => r.id === procedure.roundId) ?? null;
      // Labels are read only for a text under silence: anything else is refused by the rule.
      const labels = procedure.documentIds.includes(request.documentId)
        ? await this.deps.labels(request.documentId)
        : new Map<string, BlockLabel>();
      const next = breakSilence(
        procedure,
        round,
        request,
        { delegation: who.delegation, personId: who.id },
        labels,
        this.deps.clock.now(),
      );
      if (isSilenceRefusal(next)) return refusal(next.status, next.message);
      const stored = await this.deps.store.put(next);
      const entry = stored.breaks.at(-1)!;
      await this.audit(who, 'silence.break', stored, {
        documentId: entry.documentId,
        blockIds: entry.blockIds,
        labels: entry.labels,
        reason: entry.reason,
      });
      await this.push(stored);
      return stored;
    });
  }

  /** SI8: the Chair or a Co-Chair withdraws the procedure before its expiry. */
  withdraw(who: Principal, id: string): Promise<RefusalOr<SilenceProcedure>> {
    return this.queue.run('silence', async () => {
      const procedure = await this.deps.store.get(id);
      if (!procedure) return refusal(404, `there is no silence procedure "${id}"`);
      const next = withdrawSilence(procedure, who.delegation, who.id, this.deps.clock.now());
      if (isSilenceRefusal(next)) return refusal(next.status, next.message);
      const stored = await this.deps.store.put(next);
      await this.deps.scheduler.cancel(silenceExpiryKey(stored.id));
      await this.audit(who, 'silence.withdraw', stored, { roundId: stored.roundId });
      await this.settleRound(stored, { kind: 'silence', who });
      await this.push(stored);
      return stored;
    });
  }

  /**
   * SI6: decides the procedure if its expiry has passed on the server's clock: adopted without
   * a break (the round is published and the text is final), not adopted otherwise (the round
   * goes to consolidation). Safe to run again: a decided procedure only has its round brought
   * to the phase its outcome needs, so a task retried after a failure finishes the job.
   */
  decide(id: string): Promise<SilenceProcedure | null> {
    return this.queue.run('silence', async () => {
      const procedure = await this.deps.store.get(id);
      if (!procedure) {
        this.deps.logger.warn('silence: expiry of an unknown procedure', { id });
        return null;
      }
      if (procedure.state === 'under-silence') {
        const decided = decideSilence(procedure, this.deps.clock.now());
        // Not yet expired: the task fired early (a clock moved back); it is scheduled again.
        if (!decided) {
          await this.deps.scheduler.schedule({
            kind: SILENCE_EXPIRY_TASK,
            key: silenceExpiryKey(id),
            at: silenceEndsAt(procedure),
            payload: { procedureId: id },
          });
          return procedure;
        }
        const stored = await this.deps.store.put(decided);
        await this.audit(null, `silence.${stored.state}`, stored, {
          roundId: stored.roundId,
          expiry: stored.expiry,
          breaks: stored.breaks.length,
          paragraphs: brokenParagraphs(stored).map((p) => ({
            documentId: p.documentId,
            blockId: p.blockId,
            label: p.label,
            delegations: p.delegations.map((d) => d.id),
          })),
        });
        await this.settleRound(stored, { kind: 'system', reason: 'silence-expiry' });
        await this.push(stored);
        return stored;
      }
      await this.settleRound(procedure, { kind: 'system', reason: 'silence-expiry' });
      return procedure;
    });
  }

  /** Brings the procedure's round to the phase its state calls for (SI6, SI8). */
  private async settleRound(procedure: SilenceProcedure, actor: RoundsActor): Promise<void> {
    if (procedure.state === 'under-silence') return;
    const result = await this.advance(actor, procedure.roundId, PHASE_AFTER[procedure.state]);
    // A refusal here means the rounds were changed by hand meanwhile; the decision stands.
    if (isRefusal(result))
      this.deps.logger.warn('silence: the round could not follow the decision', {
        procedureId: procedure.id,
        roundId: procedure.roundId,
        reason: result.message,
      });
  }

  /** Moves the round one phase at a time (RD2) until it reaches `target`; no step back. */
  private async advance(
    actor: RoundsActor,
    roundId: string,
    target: RoundPhase,
  ): Promise<RefusalOr<Round | null>> {
    let round: Round | null = null;
    for (;;) {
      const now = this.deps.rounds.list().find((r) => r.id === roundId);
      if (!now) return refusal(404, `there is no round "${roundId}"`);
      const at = PHASE_ORDER.indexOf(now.phase);
      if (at >= PHASE_ORDER.indexOf(target)) return round ?? now;
      const next = await this.deps.rounds.changePhase(actor, roundId, PHASE_ORDER[at + 1]!);
      if (isRefusal(next)) return next;
      round = next;
    }
  }

  private async audit(
    who: Principal | null,
    action: string,
    procedure: SilenceProcedure,
    detail: Record<string, unknown>,
  ): Promise<void> {
    await this.deps.audit.append({
      personId: who?.id ?? null,
      username: who?.username ?? null,
      delegationId: who?.delegation.id ?? null,
      action,
      target: procedure.id,
      outcome: 'ok',
      detail: who ? detail : { ...detail, by: 'silence-expiry' },
    });
  }

  /** SI9: everyone sees the procedure's new state; a feed failure never undoes the change. */
  private async push(procedure: SilenceProcedure): Promise<void> {
    try {
      await this.deps.publish({ type: 'silence', procedure });
    } catch (err) {
      this.deps.logger.error('silence: the feed failed', { id: procedure.id, error: String(err) });
    }
  }
}
