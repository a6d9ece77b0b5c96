import { beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_ROUNDS,
  applyRoundTransition,
  isRoundRefusal,
  type DelegationKind,
  type NegotiationEvent,
  type Role,
  type Round,
  type RoundPhase,
} from '@accord/shared';
import type { Principal } from '../../server/src/auth/Principal.js';
import { isRefusal, refusal, type RefusalOr } from '../../server/src/auth/Refusal.js';
import { silentLogger } from '../../server/src/index.js';
import {
  SILENCE_EXPIRY_TASK,
  SilenceService,
  type RoundsActor,
  type SilenceRounds,
} from '../../server/src/silence/SilenceService.js';
import { MemoryAuditLog } from '../../server/src/storage/MemoryAuditLog.js';
import { MemorySilenceStore } from '../../server/src/storage/MemorySilenceStore.js';
import type { NewTask } from '../../server/src/storage/TaskStore.js';
import { ManualClock } from '../../server/src/time/ManualClock.js';

// The silence service with the rounds, scheduler and feed replaced by fakes that keep what they
// are asked: the rounds follow the pure round rules, as RoundService does.

const T0 = Date.UTC(2024, 10, 1, 9, 0);
const EXPIRY = { date: '2024-11-12', time: '18:00', zone: 'Europe/Budapest' };
const ENDS = Date.parse('2024-11-12T17:01:00.000Z');

/** Rounds kept in memory, changed by the pure rules (RD2, RD5, RD7), as the lead's service does. */
class FakeRounds implements SilenceRounds {
  rounds: Round[];
  readonly phases: RoundPhase[] = [];
  constructor(private readonly clock: ManualClock) {
    const published = DEFAULT_ROUNDS.map((r) => ({
      ...r,
      phase: 'published' as const,
      startedAt: '2024-01-01T00:00:00.000Z',
      publishedAt: '2024-02-01T00:00:00.000Z',
    }));
    this.rounds = [
      ...published,
      { ...DEFAULT_ROUNDS[0]!, id: 'silence', name: 'Silence', position: 4, kind: 'silence' },
    ];
  }
  list(): readonly Round[] {
    return this.rounds;
  }
  async setDeadline(actor: RoundsActor, roundId: string, deadline: { at: string; zone: string }) {
    return this.apply(actor, roundId, { type: 'deadline', deadline });
  }
  async changePhase(actor: RoundsActor, roundId: string, phase: RoundPhase) {
    const r = this.apply(actor, roundId, { type: 'phase', phase });
    if (!isRefusal(r)) this.phases.push(phase);
    return r;
  }
  private apply(
    actor: RoundsActor,
    roundId: string,
    action: Parameters<typeof applyRoundTransition>[2],
  ): RefusalOr<Round> {
    const roles: Role[] = actor.kind === 'system' ? ['secretariat'] : actor.who.delegation.roles;
    const next = applyRoundTransition(
      this.rounds,
      roundId,
      action,
      { delegationId: 'x', roles },
      new Date(this.clock.now()).toISOString(),
    );
    if (next === null) return refusal(404, 'no round');
    if (isRoundRefusal(next)) return refusal(next.status, next.message);
    this.rounds = next;
    return next.find((r) => r.id === roundId)!;
  }
}

const person = (
  id: string,
  kind: DelegationKind = 'participating-state',
  roles: Role[] = [],
): Principal => ({
  id: `p-${id}`,
  username: id,
  name: `Delegate of ${id}`,
  delegation: { id, name: id[0]!.toUpperCase() + id.slice(1), kind, roles },
  color: '#123456',
});
const chair = person('turkiye', 'participating-state', ['chair']);
const germany = person('germany');
const pakistan = person('pakistan');

describe('SilenceService', () => {
  let clock: ManualClock;
  let rounds: FakeRounds;
  let tasks: NewTask[];
  let cancelled: string[];
  let events: NegotiationEvent[];
  let audit: MemoryAuditLog;
  let store: MemorySilenceStore;
  let service: SilenceService;

  beforeEach(() => {
    clock = new ManualClock(T0);
    rounds = new FakeRounds(clock);
    tasks = [];
    cancelled = [];
    events = [];
    audit = new MemoryAuditLog(clock);
    store = new MemorySilenceStore();
    service = new SilenceService({
      store,
      rounds,
      scheduler: {
        schedule: async (t) => tasks.push(t),
        cancel: async (key) => cancelled.push(key) > 0,
      },
      documents: {
        listDocuments: async () => [
          { id: 'declaration', title: 'Declaration', kind: 'declaration' },
        ],
        getDocument: async () => null,
      } as never,
      labels: async () =>
        new Map([
          ['b1', { short: 'OP1', long: 'Operative paragraph 1' }],
          ['b2', { short: 'OP2', long: 'Operative paragraph 2' }],
        ]),
      audit,
      clock,
      publish: async (e) => void events.push(e),
      logger: silentLogger,
    });
  });

  async function started() {
    const p = await service.start(chair, { roundId: 'silence', expiry: EXPIRY });
    if (isRefusal(p)) throw new Error(p.message);
    return p;
  }

  it('SI1 SI2 SI6 starting sets the deadline, opens the round under silence and schedules the expiry', async () => {
    const p = await started();
    expect(p).toMatchObject({
      state: 'under-silence',
      documentIds: ['declaration'],
      startedBy: 'p-turkiye',
    });
    expect(p.expiry).toEqual({ at: '2024-11-12T17:00:00.000Z', zone: 'Europe/Budapest' });
    expect(rounds.rounds.at(-1)).toMatchObject({ phase: 'feedback', deadline: p.expiry });
    expect(rounds.phases).toEqual(['drafting', 'feedback']);
    expect(tasks).toEqual([
      {
        kind: SILENCE_EXPIRY_TASK,
        key: `silence-expiry:${p.id}`,
        at: ENDS,
        payload: { procedureId: p.id },
      },
    ]);
    expect(events).toEqual([{ type: 'silence', procedure: p }]);
    expect((await audit.list({ limit: 10 })).map((e) => e.action)).toContain('silence.start');
  });

  it('SI2 a delegation that does not conduct the procedure cannot start it; nothing changes', async () => {
    const refused = await service.start(germany, { roundId: 'silence', expiry: EXPIRY });
    expect(refused).toMatchObject({ refused: true, status: 403 });
    expect(rounds.phases).toEqual([]);
    expect(await store.list()).toEqual([]);
  });

  it('SI6 expiry without a break adopts: the round is published', async () => {
    const p = await started();
    clock.set(ENDS - 1);
    expect((await service.decide(p.id))?.state).toBe('under-silence');
    clock.set(ENDS);
    const decided = await service.decide(p.id);
    expect(decided).toMatchObject({
      state: 'adopted',
      decidedAt: new Date(ENDS).toISOString(),
      decidedBy: null,
    });
    expect(rounds.rounds.at(-1)!.phase).toBe('published');
    expect(events.at(-1)).toEqual({ type: 'silence', procedure: decided });
    // Running again (a retried task) changes nothing.
    expect(await service.decide(p.id)).toEqual(decided);
  });

  it('SI6 expiry after breaks does not adopt: the round goes to consolidation', async () => {
    const p = await started();
    const broken = await service.breakSilence(germany, p.id, {
      documentId: 'declaration',
      blockIds: ['b1', 'b2'],
      reason: 'No.',
    });
    expect(isRefusal(broken)).toBe(false);
    await service.breakSilence(pakistan, p.id, {
      documentId: 'declaration',
      blockIds: ['b2'],
      reason: 'Neither.',
    });
    clock.set(ENDS);
    const decided = await service.onExpiryTask({
      id: 't',
      kind: SILENCE_EXPIRY_TASK,
      at: ENDS,
      dueAt: ENDS,
      payload: { procedureId: p.id },
      key: null,
      status: 'pending',
      attempts: 0,
      lastError: null,
      revision: 1,
    });
    expect(decided).toBeUndefined();
    const stored = await store.get(p.id);
    expect(stored?.state).toBe('not-adopted');
    expect(stored?.breaks.map((b) => [b.delegationId, b.labels])).toEqual([
      ['germany', ['OP1', 'OP2']],
      ['pakistan', ['OP2']],
    ]);
    expect(rounds.rounds.at(-1)!.phase).toBe('consolidation');
    const entries = (await audit.list({ limit: 20 })).map((e) => e.action);
    expect(entries).toEqual(expect.arrayContaining(['silence.break', 'silence.not-adopted']));
  });

  it('SI8 withdrawal cancels the expiry and takes the round to consolidation', async () => {
    const p = await started();
    const withdrawn = await service.withdraw(chair, p.id);
    expect(withdrawn).toMatchObject({ state: 'withdrawn', decidedBy: 'p-turkiye' });
    expect(cancelled).toEqual([`silence-expiry:${p.id}`]);
    expect(rounds.rounds.at(-1)!.phase).toBe('consolidation');
    clock.set(ENDS);
    expect((await service.decide(p.id))?.state).toBe('withdrawn');
  });

  it('SI4 SI5 refusals reach the caller with their status', async () => {
    const p = await started();
    const observer = person('canada', 'observer-state');
    expect(
      await service.breakSilence(observer, p.id, {
        documentId: 'declaration',
        blockIds: ['b1'],
        reason: 'x',
      }),
    ).toMatchObject({ status: 403 });
    expect(
      await service.breakSilence(germany, p.id, {
        documentId: 'declaration',
        blockIds: ['zz'],
        reason: 'x',
      }),
    ).toMatchObject({ status: 400 });
    expect(
      await service.breakSilence(germany, 'nope', {
        documentId: 'declaration',
        blockIds: ['b1'],
        reason: 'x',
      }),
    ).toMatchObject({ status: 404 });
  });
});
