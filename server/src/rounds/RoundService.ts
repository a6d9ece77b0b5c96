import {
  addRound,
  applyRoundTransition,
  budapestCalendar,
  closesAt,
  currentRound,
  isFinalText,
  reorderRounds,
  roundNameSchema,
  roundPlanningRefusal,
  submissionClosesAt,
  submissionRefusal,
  type DeadlineInput,
  type Extension,
  type Round,
  type RoundAction,
  type RoundActor,
  type RoundList,
  type RoundPhase,
  type RoundState,
  type RoundView,
} from '@accord/shared';
import { randomUUID } from 'node:crypto';
import type { Principal } from '../auth/Principal.js';
import { isRefusal, refusal, type RefusalOr } from '../auth/Refusal.js';
import type { Logger } from '../logger.js';
import type { AuditLog } from '../storage/AuditLog.js';
import type { Directory } from '../storage/Directory.js';
import type { RoundStore } from '../storage/RoundStore.js';
import { isoAt, type Clock } from '../time/Clock.js';
import type { Scheduler } from '../time/Scheduler.js';
import type { SharedLock } from '../cluster/SharedLock.js';
import { KeyedQueue } from '../amendments/KeyedQueue.js';
import type { NegotiationFeed } from './NegotiationFeed.js';
import type { RoundsView } from './RoundsView.js';
import { personOf, type RoundsActor } from './RoundsActor.js';
import { nameMessage, slug, toDeadline, type NewRound, type RoundUpdate } from './roundInput.js';

export type { RoundsActor } from './RoundsActor.js';
export type { NewRound, RoundUpdate } from './roundInput.js';

/** The scheduled task that tells every client a deadline or an extension has ended. */
export const ROUND_CLOSES_TASK = 'round-closes';

/** What happens around a phase change, registered by the parts that depend on the rounds. */
export interface RoundHooks {
  /**
   * A round leaves not-started (drafting, or feedback at once): the text it starts from is
   * frozen if no version of it exists yet. Runs before the phase is stored.
   */
  beforeStart?(round: Round, at: string): Promise<void>;
  /**
   * A round is about to be published: versions are frozen. Runs before the phase is stored; if
   * it throws, the round stays unpublished and the error reaches the caller.
   */
  beforePublish?(round: Round, at: string, by: string | null): Promise<void>;
  /** A round was published: pending amendments are carried into `next` (null: none follows). */
  afterPublish?(round: Round, next: Round | null, at: string): Promise<void>;
}

/** What the service needs from the server. */
export interface RoundServiceDeps {
  /** Held across processes around each queued change (CL5); absent with one process. */
  lock?: SharedLock;
  /** Told after each change this process made is sent to its clients (for the others, CL5). */
  relayed?: () => void;
  store: RoundStore;
  audit: AuditLog;
  clock: Clock;
  scheduler: Scheduler;
  feed: NegotiationFeed;
  directory: Directory;
  logger: Logger;
}

/** The server acts with the Secretariat's planning right (RD7) when it changes a round itself. */
const SYSTEM_ACTOR: RoundActor = { delegationId: 'system', roles: ['secretariat'] };

/**
 * The revision rounds of the negotiation (issue 9, SPEC RD1–RD14): the list as stored, kept in
 * memory so every path judges changes against it without I/O (`RoundsView`), the extensions of
 * the round under way, and every change to them — planned by the Chair, a Co-Chair or the
 * Secretariat, or made by the server itself. Changes run one at a time, are stored, audited and
 * sent to every client; a deadline or extension ending is sent too, at its instant, by a durable
 * task, so clients switch state even if their own clock is wrong.
 */
export class RoundService implements RoundsView {
  private rounds: Round[] = [];
  private extensionsOfCurrent: Extension[] = [];
  private readonly queue: KeyedQueue;
  private readonly listeners = new Set<
    (rounds: readonly Round[], previous: readonly Round[]) => void
  >();
  private readonly hooks: RoundHooks[] = [];

  constructor(private readonly deps: RoundServiceDeps) {
    this.queue = new KeyedQueue(deps.lock ?? null, 'rounds');
  }

  /** Reads the rounds from the store (at start) and registers the deadline task's handler. */
  async load(): Promise<void> {
    this.rounds = await this.deps.store.list();
    await this.loadExtensions();
    this.deps.scheduler.handle(ROUND_CLOSES_TASK, () => this.broadcast());
  }

  /** Registers what runs around phase changes (versions, carried-over amendments). */
  addHooks(hooks: RoundHooks): void {
    this.hooks.push(hooks);
  }

  /**
   * RD8: stores the Budapest calendar when the negotiation has no rounds yet (a fresh start with
   * the seeds), its current round started from the seeded text. Returns whether it did.
   */
  async seedCalendar(): Promise<boolean> {
    return this.serial(async () => {
      if ((await this.deps.store.list()).length > 0) return false;
      const now = this.deps.clock.now();
      const calendar = budapestCalendar(new Date(now));
      const current = currentRound(calendar);
      if (current) for (const h of this.hooks) await h.beforeStart?.(current, isoAt(now));
      await this.store(calendar);
      await this.deps.audit.append({
        personId: null,
        username: null,
        delegationId: null,
        action: 'round.seed',
        target: 'rounds',
        outcome: 'ok',
        detail: { rounds: calendar.map((r) => r.id) },
      });
      return true;
    });
  }

  list(): readonly Round[] {
    return this.rounds;
  }

  current(): Round | null {
    return currentRound(this.rounds);
  }

  lastPublished(): Round | null {
    return this.rounds.findLast((r) => r.phase === 'published') ?? null;
  }

  isFinal(): boolean {
    return isFinalText(this.rounds);
  }

  onChange(listener: (rounds: readonly Round[], previous: readonly Round[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The rounds and the current round's extensions, for the gate (roundGate.ts). */
  state(): RoundState {
    return { rounds: this.rounds, extensions: this.extensionsOfCurrent };
  }

  /** `GET /api/rounds` for `who`: every round with its extensions, and `who`'s window. */
  async view(who: Principal): Promise<RoundList> {
    const rounds: RoundView[] = await Promise.all(
      this.rounds.map(async (r) => ({
        ...r,
        extensions:
          r.id === this.current()?.id
            ? this.extensionsOfCurrent
            : await this.deps.store.extensions(r.id),
      })),
    );
    const now = this.deps.clock.now();
    const refused = submissionRefusal(this.state(), who.delegation, now);
    return {
      now: isoAt(now),
      currentRoundId: this.current()?.id ?? null,
      final: this.isFinal(),
      rounds,
      window: {
        maySubmit: refused === null,
        reason: refused?.message ?? null,
        closesAt: submissionClosesAt(this.state(), who.delegation.id),
      },
    };
  }

  /** Adds a round (RD3), not started, at `position` or the end. */
  create(actor: RoundsActor, input: NewRound): Promise<RefusalOr<Round>> {
    return this.serial(async () => {
      const who = this.planner(actor);
      if (isRefusal(who)) return who;
      // RD10: the adopted text is the negotiation's last word.
      if (this.isFinal())
        return refusal(409, 'the text is final: no round can follow its adoption');
      const name = roundNameSchema.safeParse(input.name);
      if (!name.success) return refusal(400, nameMessage);
      const deadline = input.deadline === null ? null : toDeadline(input.deadline);
      if (isRefusal(deadline)) return deadline;
      const round: Round = {
        id: `${slug(name.data)}-${randomUUID().slice(0, 8)}`,
        name: name.data,
        position: input.position ?? this.rounds.length,
        phase: 'not-started',
        submitters: input.submitters,
        observersMaySubmit: input.observersMaySubmit,
        deadline,
        startedAt: null,
        publishedAt: null,
        kind: input.kind,
      };
      const next = addRound(this.rounds, round);
      if (isRefusal(next)) return next;
      await this.store(next);
      await this.audit(actor, 'round.create', round.id, {
        name: round.name,
        position: round.position,
      });
      return this.rounds.find((r) => r.id === round.id)!;
    });
  }

  /** Renames, sets the deadline, changes who may submit, or moves a round (RD3, RD4, RD6). */
  update(actor: RoundsActor, roundId: string, input: RoundUpdate): Promise<RefusalOr<Round>> {
    return this.serial(async () => {
      const who = this.planner(actor);
      if (isRefusal(who)) return who;
      let list: Round[] = this.rounds;
      const round = list.find((r) => r.id === roundId);
      if (!round) return refusal(404, `there is no round "${roundId}"`);
      const changed: Record<string, unknown> = {};
      if (input.name !== undefined) {
        const next = this.transition(list, roundId, { type: 'rename', name: input.name }, who);
        if (isRefusal(next)) return next;
        list = next;
        changed.name = input.name.trim();
      }
      if (input.deadline !== undefined) {
        const deadline = input.deadline === null ? null : toDeadline(input.deadline);
        if (isRefusal(deadline)) return deadline;
        const next = this.transition(list, roundId, { type: 'deadline', deadline }, who);
        if (isRefusal(next)) return next;
        list = next;
        changed.deadline = deadline;
      }
      if (input.submitters !== undefined || input.observersMaySubmit !== undefined) {
        // RD6: who may submit is settled before feedback opens, never changed under it.
        const current = list.find((r) => r.id === roundId)!;
        if (current.phase !== 'not-started' && current.phase !== 'drafting')
          return refusal(
            409,
            `"${current.name}" is past drafting; who may submit is settled before feedback opens`,
          );
        list = list.map((r) =>
          r.id === roundId
            ? {
                ...r,
                submitters: input.submitters ?? r.submitters,
                observersMaySubmit: input.observersMaySubmit ?? r.observersMaySubmit,
              }
            : r,
        );
        changed.submitters = input.submitters;
        changed.observersMaySubmit = input.observersMaySubmit;
      }
      if (input.position !== undefined) {
        const ids = list.map((r) => r.id).filter((i) => i !== roundId);
        if (input.position > ids.length)
          return refusal(400, `"position" must be at most ${ids.length}, the end of the list`);
        ids.splice(input.position, 0, roundId);
        const next = reorderRounds(list, ids);
        if (isRefusal(next)) return next;
        list = next;
        changed.position = input.position;
      }
      if (list !== this.rounds) await this.store(list);
      await this.audit(actor, 'round.update', roundId, changed);
      if (changed.deadline !== undefined) await this.scheduleClosing();
      return this.rounds.find((r) => r.id === roundId)!;
    });
  }

  /**
   * Moves a round to its next phase (RD2), running the hooks: a round's start freezes the text
   * it starts from, publication freezes the versions before it is stored and carries pending
   * amendments over after. Connections are re-checked by the `onChange` listeners.
   */
  changePhase(actor: RoundsActor, roundId: string, phase: RoundPhase): Promise<RefusalOr<Round>> {
    return this.serial(async () => {
      const who = this.planner(actor);
      if (isRefusal(who)) return who;
      const silence = this.rounds.find((r) => r.id === roundId && r.kind === 'silence');
      // SI: a silence procedure opens and ends its round itself, by its expiry or withdrawal.
      if (
        silence &&
        actor.kind === 'person' &&
        (phase === 'feedback' || silence.phase === 'feedback')
      )
        return refusal(
          409,
          silence.phase === 'feedback'
            ? `"${silence.name}" is under silence until its expiry; the Chair may withdraw the procedure instead`
            : `"${silence.name}" is a silence procedure: circulate the text under silence (POST /api/silence) to open it`,
        );
      const next = this.transition(this.rounds, roundId, { type: 'phase', phase }, who);
      if (isRefusal(next)) return next;
      const round = next.find((r) => r.id === roundId)!;
      const at = isoAt(this.deps.clock.now());
      const by = personOf(actor)?.id ?? null;
      const was = this.rounds.find((r) => r.id === roundId)!;
      if (was.phase === 'not-started') for (const h of this.hooks) await h.beforeStart?.(round, at);
      if (phase === 'published') for (const h of this.hooks) await h.beforePublish?.(round, at, by);
      await this.store(next);
      await this.audit(actor, 'round.phase', roundId, { from: was.phase, to: phase });
      if (phase === 'published') {
        const following = next.find((r) => r.position > round.position) ?? null;
        for (const h of this.hooks) await h.afterPublish?.(round, following, at);
      }
      if (phase === 'feedback') await this.scheduleClosing();
      return round;
    });
  }

  /** Sets a round's deadline as the server (a silence procedure's expiry). */
  setDeadline(
    actor: RoundsActor,
    roundId: string,
    deadline: DeadlineInput,
  ): Promise<RefusalOr<Round>> {
    return this.update(actor, roundId, { deadline });
  }

  /**
   * DL6: extends the deadline of the round under way for one delegation or for all. The round
   * must be open for feedback; the new end must follow the deadline; the delegation must exist.
   */
  grantExtension(
    actor: RoundsActor,
    roundId: string,
    input: { delegationId: string; until: string | DeadlineInput },
  ): Promise<RefusalOr<Extension>> {
    return this.serial(async () => {
      const who = this.planner(actor);
      if (isRefusal(who)) return who;
      const round = this.rounds.find((r) => r.id === roundId);
      if (!round) return refusal(404, `there is no round "${roundId}"`);
      if (round.phase !== 'feedback' || !round.deadline)
        return refusal(
          409,
          `"${round.name}" is not open for feedback; only its deadline can be extended`,
        );
      const until =
        typeof input.until === 'string'
          ? { at: input.until, zone: round.deadline.zone }
          : toDeadline(input.until);
      if (isRefusal(until)) return until;
      if (closesAt(until.at) <= closesAt(round.deadline.at))
        return refusal(400, '"until" must be after the round\'s deadline');
      let delegationId: string | null = null;
      if (input.delegationId !== 'all') {
        const delegations = await this.deps.directory.listDelegations();
        if (!delegations.some((d) => d.id === input.delegationId))
          return refusal(400, `"delegationId" names no delegation: "${input.delegationId}"`);
        delegationId = input.delegationId;
      }
      const ext: Extension = {
        roundId,
        delegationId,
        until: new Date(Date.parse(until.at)).toISOString(),
        grantedBy: personOf(actor)?.id ?? 'system',
        at: isoAt(this.deps.clock.now()),
      };
      await this.deps.store.grantExtension(ext);
      await this.loadExtensions();
      await this.audit(actor, 'round.extension', roundId, {
        delegationId: ext.delegationId ?? 'all',
        until: ext.until,
      });
      await this.scheduleClosing();
      await this.broadcast();
      return ext;
    });
  }

  /** The extensions granted in a round, oldest first. */
  extensions(roundId: string): Promise<Extension[]> {
    return this.deps.store.extensions(roundId);
  }

  /** Sends every client its view of the rounds (after a change, and when a deadline ends). */
  async broadcast(): Promise<void> {
    await this.sendToClients();
    this.deps.relayed?.();
  }

  /**
   * Another process changed the rounds or saw a deadline pass (CL5): the rounds are read again,
   * the listeners told if they changed, and this process's clients sent their view.
   */
  reload(): Promise<void> {
    return this.queue.run('rounds', async () => {
      const previous = this.rounds;
      if (await this.refresh()) this.tellListeners(previous);
      await this.sendToClients();
    });
  }

  private async sendToClients(): Promise<void> {
    await this.deps.feed.publish((who) => this.view(who).then((v) => ({ type: 'rounds', ...v })));
  }

  /**
   * Runs a change one at a time, in this process and (with a shared lock) across processes;
   * with other processes writing too, it starts from the rounds as stored, not as last heard.
   */
  private serial<T>(change: () => Promise<T>): Promise<T> {
    return this.queue.run('rounds', async () => {
      if (this.deps.lock) {
        const previous = this.rounds;
        if (await this.refresh()) this.tellListeners(previous);
      }
      return change();
    });
  }

  /** Reads the rounds and the current extensions again; true when the rounds changed. */
  private async refresh(): Promise<boolean> {
    const stored = await this.deps.store.list();
    const changed = JSON.stringify(stored) !== JSON.stringify(this.rounds);
    this.rounds = stored;
    await this.loadExtensions();
    return changed;
  }

  private planner(actor: RoundsActor): RoundActor | ReturnType<typeof refusal> {
    if (actor.kind === 'system') return SYSTEM_ACTOR;
    const who: RoundActor = {
      delegationId: actor.who.delegation.id,
      roles: actor.who.delegation.roles,
    };
    return roundPlanningRefusal(who) ?? who;
  }

  private transition(
    list: readonly Round[],
    roundId: string,
    action: RoundAction,
    actor: RoundActor,
  ): Round[] | ReturnType<typeof refusal> {
    const next = applyRoundTransition(list, roundId, action, actor, isoAt(this.deps.clock.now()));
    if (next === null) return refusal(404, `there is no round "${roundId}"`);
    return next;
  }

  /** Stores the list, then tells the listeners and every client. */
  private async store(list: readonly Round[]): Promise<void> {
    const previous = this.rounds;
    this.rounds = await this.deps.store.replaceAll(list);
    if (this.current()?.id !== currentRound(previous)?.id) await this.loadExtensions();
    this.tellListeners(previous);
    await this.broadcast();
  }

  private tellListeners(previous: readonly Round[]): void {
    for (const l of this.listeners) {
      try {
        l(this.rounds, previous);
      } catch (err) {
        this.deps.logger.error('a rounds listener failed', { error: String(err) });
      }
    }
  }

  private async loadExtensions(): Promise<void> {
    const current = this.current();
    this.extensionsOfCurrent = current ? await this.deps.store.extensions(current.id) : [];
  }

  /** Schedules, durably, a broadcast at the deadline of the round under way and each extension's end. */
  private async scheduleClosing(): Promise<void> {
    const round = this.current();
    if (!round || round.phase !== 'feedback' || !round.deadline) return;
    const instants = new Set([closesAt(round.deadline.at)]);
    for (const e of this.extensionsOfCurrent) instants.add(closesAt(e.until));
    for (const at of instants)
      if (at > this.deps.clock.now())
        await this.deps.scheduler.schedule({
          kind: ROUND_CLOSES_TASK,
          key: `${ROUND_CLOSES_TASK}:${round.id}:${at}`,
          at,
          payload: { roundId: round.id },
        });
  }

  private async audit(
    actor: RoundsActor,
    action: string,
    target: string,
    detail: Record<string, unknown>,
  ): Promise<void> {
    const who = personOf(actor);
    await this.deps.audit.append({
      personId: who?.id ?? null,
      username: who?.username ?? null,
      delegationId: who?.delegation.id ?? null,
      action,
      target,
      outcome: 'ok',
      detail:
        actor.kind === 'system'
          ? { ...detail, by: actor.reason }
          : actor.kind === 'silence'
            ? { ...detail, by: 'silence procedure' }
            : detail,
    });
  }
}
