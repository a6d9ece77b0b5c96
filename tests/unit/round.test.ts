import { describe, expect, it } from 'vitest';
import {
  addRound,
  applyRoundTransition,
  budapestCalendar,
  checkRoundOrder,
  DEFAULT_ROUNDS,
  isRoundRefusal,
  maySubmitInRound,
  reorderRounds,
  ROUND_PHASES,
  roundSchema,
  roundTransition,
  type DelegationKind,
  type Role,
  type Round,
  type RoundAction,
  type RoundPhase,
  type RoundRefusal,
} from '@accord/shared';

// The round rules (shared/src/round.ts), without a server.

const NOW = '2026-11-30T10:00:00.000Z';
const LATER = { at: '2026-12-21T22:59:00.000Z', zone: 'Europe/Budapest' };
const PAST = { at: '2026-11-01T22:59:00.000Z', zone: 'Europe/Budapest' };

/** A round in `phase`, with any fields overridden. */
function round(phase: RoundPhase = 'not-started', more: Partial<Round> = {}): Round {
  return {
    id: 'r1',
    name: 'Zero draft',
    position: 0,
    phase,
    submitters: 'all',
    observersMaySubmit: true,
    deadline: LATER,
    startedAt: phase === 'not-started' ? null : '2026-11-01T09:00:00.000Z',
    publishedAt: phase === 'published' ? '2026-11-20T09:00:00.000Z' : null,
    kind: 'reading',
    ...more,
  };
}

/** Rounds a, b, c, … in these phases, at positions 0, 1, 2, … */
const rounds = (...phases: RoundPhase[]): Round[] =>
  phases.map((phase, i) =>
    round(phase, { id: String.fromCharCode(97 + i), name: `Round ${i + 1}`, position: i }),
  );

const actor = (delegationId: string, ...roles: Role[]) => ({ delegationId, roles });
const chair = actor('turkiye', 'chair');
const coChair = actor('uk', 'co-chair');
const secretariat = actor('icmpd', 'secretariat');
const germany = actor('germany');
const rgMember = actor('hungary', 'reference-group');

function refusal(result: unknown): RoundRefusal {
  if (!isRoundRefusal(result)) throw new Error(`expected a refusal, got ${JSON.stringify(result)}`);
  return result;
}
function accepted<T>(result: T | RoundRefusal | null): T {
  if (result === null) throw new Error('no such round');
  if (isRoundRefusal(result)) throw new Error(`refused: ${result.message}`);
  return result;
}

describe('round records', () => {
  it('RD1 a new negotiation has the zero draft, consolidated draft, Reference Group draft and final text, not started', () => {
    expect(DEFAULT_ROUNDS.map((r) => r.name)).toEqual([
      'Zero draft',
      'Consolidated draft',
      'Reference Group draft',
      'Final text',
    ]);
    expect(DEFAULT_ROUNDS.map((r) => r.position)).toEqual([0, 1, 2, 3]);
    for (const r of DEFAULT_ROUNDS) {
      expect(r.phase).toBe('not-started');
      expect(roundSchema.parse(r)).toEqual(r);
    }
    expect(checkRoundOrder(DEFAULT_ROUNDS)).toBeNull();
  });

  it('RD1 the schema reads kind as reading by default and refuses a zone Intl does not know', () => {
    const { kind: _kind, ...rest } = round();
    expect(roundSchema.parse(rest).kind).toBe('reading');
    expect(roundSchema.parse(round('not-started', { kind: 'silence' })).kind).toBe('silence');
    expect(
      roundSchema.safeParse(round('feedback', { deadline: { at: LATER.at, zone: 'Mars/Olympus' } }))
        .success,
    ).toBe(false);
    expect(
      roundSchema.safeParse(round('feedback', { deadline: { at: '20 Dec 2023', zone: 'UTC' } }))
        .success,
    ).toBe(false);
    expect(roundSchema.safeParse(round('drafting', { phase: 'open' as RoundPhase })).success).toBe(
      false,
    );
  });
});

describe('phase transitions', () => {
  // Every (from, to) pair: only the next phase is allowed.
  const pairs = ROUND_PHASES.flatMap((from) => ROUND_PHASES.map((to) => [from, to] as const));

  it.each(pairs)('RD2 %s → %s by the Chair: only the next phase in order', (from, to) => {
    const result = roundTransition(round(from), { type: 'phase', phase: to }, chair, NOW);
    const allowed = ROUND_PHASES.indexOf(to) === ROUND_PHASES.indexOf(from) + 1;
    if (allowed) {
      const next = accepted(result);
      expect(next.phase).toBe(to);
    } else {
      const r = refusal(result);
      expect(r.status).toBe(409);
      expect(r.message).toContain('"Zero draft"');
    }
  });

  it('RD2 starting records startedAt and publishing records publishedAt, from the given clock', () => {
    const started = accepted(
      roundTransition(round(), { type: 'phase', phase: 'drafting' }, chair, NOW),
    );
    expect(started.startedAt).toBe(NOW);
    expect(started.publishedAt).toBeNull();
    const published = accepted(
      roundTransition(round('consolidation'), { type: 'phase', phase: 'published' }, chair, NOW),
    );
    expect(published.publishedAt).toBe(NOW);
    expect(published.startedAt).toBe('2026-11-01T09:00:00.000Z');
  });

  it('RD2 the input round is never changed', () => {
    const before = round();
    const copy = structuredClone(before);
    roundTransition(before, { type: 'phase', phase: 'drafting' }, chair, NOW);
    expect(before).toEqual(copy);
  });

  it('RD2 feedback opens only with a deadline still ahead', () => {
    const none = refusal(
      roundTransition(
        round('drafting', { deadline: null }),
        { type: 'phase', phase: 'feedback' },
        chair,
        NOW,
      ),
    );
    expect(none).toMatchObject({ status: 409, message: expect.stringContaining('deadline') });
    const past = refusal(
      roundTransition(
        round('drafting', { deadline: PAST }),
        { type: 'phase', phase: 'feedback' },
        chair,
        NOW,
      ),
    );
    expect(past).toMatchObject({ status: 409, message: expect.stringContaining('passed') });
    expect(
      accepted(roundTransition(round('drafting'), { type: 'phase', phase: 'feedback' }, chair, NOW))
        .phase,
    ).toBe('feedback');
  });

  it('RD2 an unknown phase is bad input (400)', () => {
    const r = refusal(
      roundTransition(round(), { type: 'phase', phase: 'open' as RoundPhase }, chair, NOW),
    );
    expect(r.status).toBe(400);
  });

  const actions: RoundAction[] = [
    { type: 'phase', phase: 'drafting' },
    { type: 'rename', name: 'Second reading' },
    { type: 'deadline', deadline: LATER },
  ];

  it.each(actions)(
    'RD7 only pen-holders may $type (403 for a State or the Reference Group)',
    (a) => {
      for (const who of [chair, coChair, secretariat])
        expect(isRoundRefusal(roundTransition(round(), a, who, NOW))).toBe(false);
      for (const who of [germany, rgMember]) {
        const r = refusal(roundTransition(round(), a, who, NOW));
        expect(r.status).toBe(403);
        expect(r.message).toMatch(/Chair.*Secretariat/);
      }
    },
  );

  it('RD7 who is checked before when: a State is refused 403 on a published round', () => {
    const r = refusal(
      roundTransition(round('published'), { type: 'rename', name: 'x' }, germany, NOW),
    );
    expect(r.status).toBe(403);
  });
});

describe('rename and deadline', () => {
  it.each(ROUND_PHASES)('RD3 renaming a round in %s', (phase) => {
    const result = roundTransition(
      round(phase),
      { type: 'rename', name: '  Second reading ' },
      chair,
      NOW,
    );
    if (phase === 'not-started') expect(accepted(result).name).toBe('Second reading');
    else expect(refusal(result).status).toBe(409);
  });

  it.each(['', '   ', 'a\nb', 'x'.repeat(121)])('RD3 the name %j is refused (400)', (name) => {
    expect(refusal(roundTransition(round(), { type: 'rename', name }, chair, NOW)).status).toBe(
      400,
    );
  });

  it.each(ROUND_PHASES)('RD4 setting the deadline of a round in %s', (phase) => {
    const deadline = { at: '2027-01-10T22:59:00.000Z', zone: 'America/New_York' };
    const result = roundTransition(round(phase), { type: 'deadline', deadline }, chair, NOW);
    if (phase === 'published') expect(refusal(result).status).toBe(409);
    else expect(accepted(result).deadline).toEqual(deadline);
  });

  it('RD4 a round open for feedback keeps a deadline; others may drop theirs', () => {
    const open = refusal(
      roundTransition(round('feedback'), { type: 'deadline', deadline: null }, chair, NOW),
    );
    expect(open.status).toBe(409);
    for (const phase of ['not-started', 'drafting', 'consolidation'] as const)
      expect(
        accepted(roundTransition(round(phase), { type: 'deadline', deadline: null }, chair, NOW))
          .deadline,
      ).toBeNull();
  });

  it.each([
    { at: 'tomorrow', zone: 'Europe/Budapest' },
    { at: '2027-01-10T22:59:00', zone: 'Europe/Budapest' },
    { at: '2027-01-10T22:59:00Z', zone: 'CET+1' },
    { at: '2027-01-10T22:59:00Z', zone: '' },
  ])('RD4 the deadline %j is refused (400)', (deadline) => {
    const r = refusal(roundTransition(round(), { type: 'deadline', deadline }, chair, NOW));
    expect(r.status).toBe(400);
  });
});

describe('order of rounds', () => {
  it.each([
    [['not-started', 'not-started']],
    [['drafting', 'not-started']],
    [['published', 'feedback', 'not-started']],
    [['published', 'published', 'consolidation']],
    [['published', 'published']],
  ] as RoundPhase[][][])('RD5 %j is in order', (phases) => {
    expect(checkRoundOrder(rounds(...phases))).toBeNull();
  });

  it.each([
    [['drafting', 'feedback']],
    [['feedback', 'consolidation']],
    [['not-started', 'drafting']],
    [['not-started', 'published']],
    [['published', 'not-started', 'feedback']],
    [['consolidation', 'published']],
  ] as RoundPhase[][][])('RD5 %j is refused (409)', (phases) => {
    expect(refusal(checkRoundOrder(rounds(...phases))).status).toBe(409);
  });

  it('RD5 the order is by position, not by place in the list', () => {
    const [a, b] = rounds('published', 'feedback');
    expect(checkRoundOrder([b as Round, a as Round])).toBeNull();
  });

  it('RD5 repeated ids or positions are refused (400)', () => {
    const [a, b] = rounds('not-started', 'not-started') as [Round, Round];
    expect(refusal(checkRoundOrder([a, { ...b, id: 'a' }])).status).toBe(400);
    expect(refusal(checkRoundOrder([a, { ...b, position: 0 }])).status).toBe(400);
  });

  it('RD5 a round cannot start while the one before is not published, through the list', () => {
    const list = rounds('consolidation', 'not-started');
    const r = refusal(
      applyRoundTransition(list, 'b', { type: 'phase', phase: 'drafting' }, chair, NOW),
    );
    expect(r).toMatchObject({ status: 409, message: expect.stringContaining('"Round 1"') });
    const published = accepted(
      applyRoundTransition(list, 'a', { type: 'phase', phase: 'published' }, chair, NOW),
    );
    const next = accepted(
      applyRoundTransition(published, 'b', { type: 'phase', phase: 'drafting' }, chair, NOW),
    );
    expect(next.map((x) => x.phase)).toEqual(['published', 'drafting']);
    expect(
      applyRoundTransition(list, 'zz', { type: 'phase', phase: 'drafting' }, chair, NOW),
    ).toBeNull();
  });
});

describe('reorder and add', () => {
  it('RD3 rounds not yet started move; positions become 0…n-1', () => {
    const list = rounds('published', 'feedback', 'not-started', 'not-started');
    const next = accepted(reorderRounds(list, ['a', 'b', 'd', 'c']));
    expect(next.map((r) => [r.id, r.position])).toEqual([
      ['a', 0],
      ['b', 1],
      ['d', 2],
      ['c', 3],
    ]);
  });

  it.each([
    [['b', 'a', 'c', 'd'], 409],
    [['a', 'c', 'b', 'd'], 409],
    [['a', 'b', 'c'], 400],
    [['a', 'b', 'c', 'c'], 400],
    [['a', 'b', 'c', 'd', 'e'], 400],
    [['a', 'b', 'c', 'x'], 400],
  ] as const)('RD3 the order %j is refused (%i)', (ids, status) => {
    const list = rounds('published', 'feedback', 'not-started', 'not-started');
    expect(refusal(reorderRounds(list, ids)).status).toBe(status);
  });

  it('RD3 a second reading is added after the round under way, and the rest shift', () => {
    const list = rounds('published', 'feedback', 'not-started');
    const added = round('not-started', { id: 'second', name: 'Second reading', position: 2 });
    const next = accepted(addRound(list, added));
    expect(next.map((r) => [r.id, r.position])).toEqual([
      ['a', 0],
      ['b', 1],
      ['second', 2],
      ['c', 3],
    ]);
    expect(checkRoundOrder(next)).toBeNull();
    const silence = accepted(
      addRound(
        next,
        round('not-started', { id: 's', name: 'Silence', position: 4, kind: 'silence' }),
      ),
    );
    expect(silence.at(-1)).toMatchObject({ id: 's', position: 4, kind: 'silence' });
  });

  it('RD3 adding refuses a round before one that has started (409), a used id (409), bad records (400)', () => {
    const list = rounds('published', 'feedback', 'not-started');
    const add = (more: Partial<Round>) =>
      refusal(addRound(list, round('not-started', { id: 'n', position: 3, ...more }))).status;
    expect(add({ position: 1 })).toBe(409);
    expect(add({ position: 0 })).toBe(409);
    expect(add({ id: 'c' })).toBe(409);
    expect(add({ position: 4 })).toBe(400);
    expect(add({ phase: 'drafting' })).toBe(400);
    expect(add({ publishedAt: NOW })).toBe(400);
    expect(add({ name: '' })).toBe(400);
  });
});

describe('who may submit in a round', () => {
  const delegation = (id: string, kind: DelegationKind, ...roles: Role[]) => ({ id, kind, roles });
  const state = delegation('germany', 'participating-state');
  const rgState = delegation('hungary', 'participating-state', 'reference-group');
  const observer = delegation('holy-see', 'observer-state');
  const organisation = delegation('iom', 'organisation');
  const rgOrganisation = delegation('unhcr', 'organisation', 'reference-group');

  it.each(ROUND_PHASES.filter((p) => p !== 'feedback'))(
    'RD6 nobody submits in a round that is %s (409)',
    (phase) => {
      const r = refusal(maySubmitInRound(round(phase), rgState));
      expect(r).toMatchObject({ status: 409, message: expect.stringContaining('"Zero draft"') });
    },
  );

  it.each([
    // submitters, observersMaySubmit, delegation, may submit
    ['all', true, state, true],
    ['all', true, observer, true],
    ['all', true, organisation, true],
    ['all', false, state, true],
    ['all', false, observer, false],
    ['all', false, organisation, false],
    ['reference-group', true, rgState, true],
    ['reference-group', true, state, false],
    ['reference-group', true, organisation, false],
    ['reference-group', true, rgOrganisation, true],
    ['reference-group', false, rgOrganisation, false],
    ['reference-group', false, rgState, true],
  ] as const)(
    'RD6 in a feedback round for %s (observers %s), %o may submit: %s',
    (submitters, observersMaySubmit, who, expected) => {
      const result = maySubmitInRound(round('feedback', { submitters, observersMaySubmit }), who);
      if (expected) expect(result).toBe(true);
      else expect(refusal(result).status).toBe(403);
    },
  );

  it('RD6 the refusals say why', () => {
    expect(
      refusal(maySubmitInRound(round('feedback', { submitters: 'reference-group' }), state))
        .message,
    ).toContain('Reference Group');
    expect(
      refusal(maySubmitInRound(round('feedback', { observersMaySubmit: false }), observer)).message,
    ).toContain('observer States and organisations');
  });
});

describe('the Budapest calendar', () => {
  /** The wall-clock date and time of an instant in Budapest, "2023-12-20 23:59". */
  const budapest = (iso: string) => {
    const parts = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Europe/Budapest',
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    }).formatToParts(new Date(iso));
    const p = (t: string) => parts.find((x) => x.type === t)?.value;
    return `${p('year')}-${p('month')}-${p('day')} ${p('hour')}:${p('minute')}`;
  };

  it('RD8 past rounds are published with their real days; the current round is open for feedback', () => {
    const now = new Date('2026-11-30T10:00:00.000Z');
    const list = budapestCalendar(now);
    for (const r of list) expect(roundSchema.parse(r)).toEqual(r);
    expect(checkRoundOrder(list)).toBeNull();
    expect(list.map((r) => r.position)).toEqual([0, 1, 2, 3, 4]);
    const past = list.slice(0, -1);
    expect(past.map((r) => r.phase)).toEqual(['published', 'published', 'published', 'published']);
    expect(past.map((r) => r.name)).toEqual(DEFAULT_ROUNDS.map((r) => r.name));
    expect(past.map((r) => r.deadline && budapest(r.deadline.at))).toEqual([
      '2023-12-20 23:59',
      '2024-03-31 23:59',
      '2024-06-27 23:59',
      null,
    ]);
    expect(past.map((r) => budapest(r.startedAt ?? '').slice(0, 10))).toEqual([
      '2023-12-05',
      '2024-02-15',
      '2024-05-07',
      '2024-11-11',
    ]);
    expect(past.map((r) => budapest(r.publishedAt ?? '').slice(0, 10))).toEqual([
      '2024-02-15',
      '2024-05-07',
      '2024-11-11',
      '2024-11-12',
    ]);
    // The Reference Group gave its input on the consolidated drafts.
    expect(past[1]?.submitters).toBe('reference-group');
    // 20 December is CET (+01:00), 31 March after the clocks went forward CEST (+02:00).
    expect(past[0]?.deadline?.at).toBe('2023-12-20T22:59:00.000Z');
    expect(past[1]?.deadline?.at).toBe('2024-03-31T21:59:00.000Z');

    const current = list.at(-1) as Round;
    expect(current).toMatchObject({
      phase: 'feedback',
      submitters: 'all',
      observersMaySubmit: true,
      startedAt: now.toISOString(),
      publishedAt: null,
    });
    expect(current.deadline?.zone).toBe('Europe/Budapest');
    expect(budapest(current.deadline?.at ?? '')).toBe('2026-12-21 23:59');
  });

  it.each([
    // Late in the evening UTC is already the next day in Budapest.
    ['2026-11-30T23:30:00.000Z', '2026-12-22 23:59'],
    // Three weeks across the clocks going forward (29 March 2026) and back (25 October 2026).
    ['2026-03-20T12:00:00.000Z', '2026-04-10 23:59'],
    ['2026-10-10T12:00:00.000Z', '2026-10-31 23:59'],
    // Across the end of a month and of a year.
    ['2026-12-20T12:00:00.000Z', '2027-01-10 23:59'],
  ])('RD8 from %s the current deadline is %s in Budapest, 21 days ahead', (nowIso, expected) => {
    const current = budapestCalendar(new Date(nowIso)).at(-1) as Round;
    expect(budapest(current.deadline?.at ?? '')).toBe(expected);
    const days = (Date.parse(current.deadline?.at ?? '') - Date.parse(nowIso)) / 86_400_000;
    expect(days).toBeGreaterThan(20);
    expect(days).toBeLessThan(22);
  });
});
