import { describe, expect, it } from 'vitest';
import {
  baseEditRefusal,
  BUDAPEST_ZONE,
  currentRound,
  deadlineAt,
  decisionRefusal,
  extensionFor,
  isFinalText,
  roundSummary,
  sharedCommentRefusal,
  submissionClosesAt,
  submissionRefusal,
  workingCopyRefusal,
  type DelegationKind,
  type Extension,
  type GateRefusal,
  type Role,
  type Round,
  type RoundPhase,
  type RoundState,
  type Submitter,
} from '@accord/shared';

// The rounds' gate (shared/src/roundGate.ts), without a server: what every path may do in each
// phase, and the deadline with its extensions, judged at an instant of the server's clock.

/** The review round's deadline: 22 March 2024, 23:59 in Budapest (CET, +01:00). */
const DEADLINE = deadlineAt('2024-03-22', '23:59', BUDAPEST_ZONE);

/** The instant Budapest's wall clock reads `wall` ("2024-03-22 23:59:59"), in March before DST. */
const cet = (wall: string): number => Date.parse(`${wall.replace(' ', 'T')}+01:00`);

/** An hour before the deadline: on time for everyone. */
const ON_TIME = cet('2024-03-22 22:59');

/** A round `name` in `phase` with the review round's deadline; position set by `negotiation`. */
function round(name: string, phase: RoundPhase, more: Partial<Round> = {}): Round {
  return {
    id: name.toLowerCase().replace(/ /g, '-'),
    name,
    position: 0,
    phase,
    submitters: 'all',
    observersMaySubmit: true,
    deadline: DEADLINE,
    startedAt: phase === 'not-started' ? null : '2024-03-01T08:00:00.000Z',
    publishedAt: phase === 'published' ? '2024-03-30T17:00:00.000Z' : null,
    kind: 'reading',
    ...more,
  };
}

/** The rounds in this order (positions 0…n-1) with the extensions of the round under way. */
function negotiation(rounds: Round[], ...extensions: Extension[]): RoundState {
  return { rounds: rounds.map((r, position) => ({ ...r, position })), extensions };
}

/** The zero draft, published, then the review round in `phase`. */
const reviewIn = (phase: RoundPhase, more: Partial<Round> = {}, ...extensions: Extension[]) =>
  negotiation(
    [round('Zero draft', 'published'), round('Review round', phase, more)],
    ...extensions,
  );

/** An extension of the review round to `delegationId` (or 'all') until `wall` in Budapest. */
function extension(delegationId: string, wall: string): Extension {
  return {
    roundId: 'review-round',
    delegationId: delegationId === 'all' ? null : delegationId,
    until: new Date(cet(wall)).toISOString(),
    grantedBy: 'chair-person',
    at: '2024-03-20T10:00:00.000Z',
  };
}

const delegation = (id: string, kind: DelegationKind, ...roles: Role[]): Submitter => ({
  id,
  kind,
  roles,
});
const germany = delegation('germany', 'participating-state');
const pakistan = delegation('pakistan', 'participating-state');
const bulgaria = delegation('bulgaria', 'participating-state', 'reference-group');
const canada = delegation('canada', 'observer-state');
const iom = delegation('iom', 'organisation');
const chair = delegation('turkiye', 'participating-state', 'chair');
const secretariat = delegation('icmpd', 'organisation', 'secretariat');

/** A refusal's status, or 'open' when the gate lets the change through. */
const outcome = (refusal: GateRefusal | null): number | 'open' => refusal?.status ?? 'open';

/** The gate's answer for each path, in the order of the table below. */
function answers(state: RoundState, nowMs: number) {
  return [
    outcome(baseEditRefusal(state)),
    outcome(decisionRefusal(state)),
    outcome(submissionRefusal(state, germany, nowMs)),
    outcome(workingCopyRefusal(state)),
    outcome(sharedCommentRefusal(state, chair, nowMs)),
    outcome(sharedCommentRefusal(state, germany, nowMs)),
  ];
}

const FINAL = 'the text is final: it was adopted and can no longer change';

describe('the gate in each phase (RD9–RD13, CM9)', () => {
  // prettier-ignore
  const TABLE: [string, RoundPhase, ...(number | 'open')[]][] = [
    //                                   base    decision submission working  comment:    comment:
    //                                   edit                        copy     pen-holder  delegation
    ['between rounds',   'not-started',  409,    409,     409,       'open',  'open',     409],
    ['drafting',         'drafting',     'open', 'open',  409,       'open',  'open',     409],
    ['open for feedback','feedback',     409,    409,     'open',    'open',  'open',     'open'],
    ['consolidation',    'consolidation','open', 'open',  409,       'open',  'open',     409],
    ['final text',       'published',    409,    409,     409,       409,     409,        409],
  ];

  it.each(TABLE)(
    'RD11 RD12 RD13 CM9 %s: base edit, decision, submission, working copy, pen-holder and delegation comments',
    (_name, phase, ...expected) => {
      expect(answers(reviewIn(phase), ON_TIME)).toEqual(expected);
    },
  );

  it('RD9 no rounds at all: an ever-open text, every path passes, even for an observer after any "deadline"', () => {
    const open = negotiation([]);
    expect(answers(open, cet('2099-01-01 00:00'))).toEqual([
      'open',
      'open',
      'open',
      'open',
      'open',
      'open',
    ]);
    expect(submissionRefusal(open, canada, 0)).toBeNull();
    expect(sharedCommentRefusal(open, iom, 0)).toBeNull();
    expect(roundSummary(open)).toBe('The text is open.');
  });

  it('RD10 the final text closes everything, pen-holders and working copies included, with one message', () => {
    const final = reviewIn('published');
    expect(isFinalText(final.rounds)).toBe(true);
    for (const refusal of [
      baseEditRefusal(final),
      decisionRefusal(final),
      submissionRefusal(final, germany, ON_TIME),
      workingCopyRefusal(final),
      sharedCommentRefusal(final, chair, ON_TIME),
      sharedCommentRefusal(final, secretariat, ON_TIME),
      sharedCommentRefusal(final, germany, ON_TIME),
    ])
      expect(refusal).toEqual({ refused: true, status: 409, message: FINAL });
    expect(roundSummary(final)).toBe('Final text.');
  });

  it('RD10 the text is final when the last round by position is published, whatever the array order', () => {
    const zero = round('Zero draft', 'published', { position: 0 });
    const final = round('Final text', 'not-started', { position: 1 });
    expect(isFinalText([final, zero])).toBe(false);
    expect(isFinalText([{ ...final, phase: 'published' }, zero])).toBe(true);
    expect(isFinalText([])).toBe(false);
  });

  it('RD11 between rounds the refusals name the round to start next', () => {
    const between = reviewIn('not-started');
    expect(currentRound(between.rounds)).toBeNull();
    expect(baseEditRefusal(between)?.message).toBe(
      'no round is under way; the text can be edited once the Secretariat starts "Review round"',
    );
    expect(submissionRefusal(between, germany, ON_TIME)?.message).toBe(
      'no round is under way; feedback opens once the Secretariat starts "Review round"',
    );
    expect(roundSummary(between)).toBe('No round is under way.');
    // Before the first round starts, likewise: the text waits for its drafting.
    const before = negotiation([
      round('Zero draft', 'not-started'),
      round('Final text', 'not-started'),
    ]);
    expect(baseEditRefusal(before)?.message).toBe(
      'no round is under way; the text can be edited once the Secretariat starts "Zero draft"',
    );
  });

  it('RD11 while feedback is open the text and the decisions wait for consolidation', () => {
    const feedback = reviewIn('feedback');
    expect(baseEditRefusal(feedback)?.message).toBe(
      '"Review round" is open for feedback: the text is edited again in consolidation',
    );
    expect(decisionRefusal(feedback)?.message).toBe(
      '"Review round" is open for feedback: amendments are decided again in consolidation',
    );
  });

  it('RD12 outside feedback a submission is refused naming the phase', () => {
    expect(submissionRefusal(reviewIn('drafting'), germany, ON_TIME)?.message).toBe(
      '"Review round" is drafting; amendments are submitted only while it is open for feedback',
    );
    expect(submissionRefusal(reviewIn('consolidation'), germany, ON_TIME)?.message).toBe(
      '"Review round" is in consolidation; amendments are submitted only while it is open for feedback',
    );
  });

  it('RD13 working copies stay writable after the deadline and between rounds', () => {
    const late = cet('2024-03-25 12:00');
    expect(workingCopyRefusal(reviewIn('feedback'))).toBeNull();
    expect(submissionRefusal(reviewIn('feedback'), germany, late)?.status).toBe(409);
    expect(workingCopyRefusal(reviewIn('not-started'))).toBeNull();
  });
});

describe('the deadline (RD12, DL5, DL8)', () => {
  const feedback = reviewIn('feedback');
  const LATE = 'the feedback deadline of "Review round" passed on 22 March 2024, 23:59 CET';

  it('RD12 DL5 one second before the end of the deadline minute is on time, one second after is late', () => {
    expect(submissionRefusal(feedback, germany, cet('2024-03-22 23:59:59'))).toBeNull();
    expect(submissionRefusal(feedback, germany, cet('2024-03-22 23:59:59') + 999)).toBeNull();
    expect(submissionRefusal(feedback, germany, cet('2024-03-23 00:00:00'))).toEqual({
      refused: true,
      status: 409,
      message: LATE,
    });
    expect(submissionRefusal(feedback, germany, cet('2024-03-23 00:00:01'))?.message).toBe(LATE);
  });

  it('DL8 the message names the deadline in its own zone, CEST in summer', () => {
    const summer = reviewIn('feedback', {
      deadline: deadlineAt('2024-06-27', '23:59', BUDAPEST_ZONE),
    });
    expect(submissionRefusal(summer, germany, Date.parse('2024-06-27T22:00:00Z'))?.message).toBe(
      'the feedback deadline of "Review round" passed on 27 June 2024, 23:59 CEST',
    );
  });

  it('CM9 a delegation comments publicly until the deadline; pen-holders comment after it', () => {
    const after = cet('2024-03-23 00:00:01');
    expect(sharedCommentRefusal(feedback, germany, cet('2024-03-22 23:59:59'))).toBeNull();
    expect(sharedCommentRefusal(feedback, germany, after)?.message).toBe(LATE);
    expect(sharedCommentRefusal(feedback, chair, after)).toBeNull();
    expect(sharedCommentRefusal(feedback, secretariat, after)).toBeNull();
  });

  it('RD12 pen-holders submit amendments like everyone: the deadline holds for the Chair too', () => {
    expect(submissionRefusal(feedback, chair, cet('2024-03-23 00:00:01'))?.message).toBe(LATE);
  });

  it('RD12 submission closes at the end of the deadline minute; not at all outside feedback', () => {
    expect(submissionClosesAt(feedback, 'germany')).toBe(cet('2024-03-23 00:00'));
    expect(submissionClosesAt(reviewIn('consolidation'), 'germany')).toBeNull();
    expect(submissionClosesAt(negotiation([]), 'germany')).toBeNull();
    expect(roundSummary(feedback)).toBe(
      'Review round, open for feedback until 22 March 2024, 23:59 CET.',
    );
  });
});

describe('extensions (RD12, DL6)', () => {
  const March24 = cet('2024-03-24 12:00');

  it('DL6 an extension to one delegation lets exactly that delegation through', () => {
    const state = reviewIn('feedback', {}, extension('germany', '2024-03-25 23:59'));
    expect(submissionRefusal(state, germany, March24)).toBeNull();
    expect(submissionRefusal(state, pakistan, March24)?.status).toBe(409);
    expect(submissionClosesAt(state, 'germany')).toBe(cet('2024-03-26 00:00'));
    expect(submissionClosesAt(state, 'pakistan')).toBe(cet('2024-03-23 00:00'));
  });

  it('DL6 DL8 an extension holds to the end of its minute; after it both are named', () => {
    const state = reviewIn('feedback', {}, extension('germany', '2024-03-25 23:59'));
    expect(submissionRefusal(state, germany, cet('2024-03-25 23:59:59'))).toBeNull();
    expect(submissionRefusal(state, germany, cet('2024-03-26 00:00:01'))?.message).toBe(
      'the feedback deadline of "Review round" passed on 22 March 2024, 23:59 CET' +
        ' and the extension on 25 March 2024, 23:59 CET',
    );
  });

  it('DL6 an extension to all lets every delegation through', () => {
    const state = reviewIn('feedback', {}, extension('all', '2024-03-25 23:59'));
    for (const d of [germany, pakistan, canada, iom])
      expect(submissionRefusal(state, d, March24)).toBeNull();
  });

  it('DL6 the latest extension that applies wins, its own or the one to all', () => {
    const ownLater = reviewIn(
      'feedback',
      {},
      extension('all', '2024-03-25 23:59'),
      extension('germany', '2024-03-28 23:59'),
    );
    const allLater = reviewIn(
      'feedback',
      {},
      extension('germany', '2024-03-25 23:59'),
      extension('all', '2024-03-28 23:59'),
    );
    const March27 = cet('2024-03-27 12:00');
    expect(submissionRefusal(ownLater, germany, March27)).toBeNull();
    expect(submissionRefusal(ownLater, pakistan, March27)?.status).toBe(409);
    expect(submissionRefusal(allLater, germany, March27)).toBeNull();
    expect(submissionRefusal(allLater, pakistan, March27)).toBeNull();
    expect(extensionFor(ownLater.extensions, 'germany')).toBe(
      new Date(cet('2024-03-28 23:59')).toISOString(),
    );
    expect(extensionFor(ownLater.extensions, 'pakistan')).toBe(
      new Date(cet('2024-03-25 23:59')).toISOString(),
    );
    expect(extensionFor([extension('germany', '2024-03-25 23:59')], 'pakistan')).toBeNull();
  });

  it('DL6 an extension ending before the deadline never shortens it', () => {
    const state = reviewIn('feedback', {}, extension('germany', '2024-03-20 23:59'));
    expect(submissionRefusal(state, germany, cet('2024-03-22 23:59:30'))).toBeNull();
    expect(submissionRefusal(state, germany, cet('2024-03-23 00:00'))?.message).toBe(
      'the feedback deadline of "Review round" passed on 22 March 2024, 23:59 CET',
    );
  });

  it('RD12 consolidation closes feedback for everyone, extensions included', () => {
    const state = reviewIn('consolidation', {}, extension('all', '2024-03-25 23:59'));
    expect(submissionRefusal(state, germany, cet('2024-03-22 12:00'))?.status).toBe(409);
  });
});

describe('who the round admits (RD6, RD12, CM9)', () => {
  it('RD6 a Reference Group round refuses other delegations with 403, even before the deadline', () => {
    const rg = reviewIn('feedback', { name: 'RG round', submitters: 'reference-group' });
    const message = 'only members of the Reference Group may submit in "RG round"';
    expect(submissionRefusal(rg, bulgaria, ON_TIME)).toBeNull();
    expect(submissionRefusal(rg, germany, ON_TIME)).toEqual({
      refused: true,
      status: 403,
      message,
    });
    expect(sharedCommentRefusal(rg, germany, ON_TIME)?.status).toBe(403);
    // Pen-holders consolidate, so they comment whether or not they are in the group.
    expect(sharedCommentRefusal(rg, chair, ON_TIME)).toBeNull();
  });

  it('RD6 a round closed to observers refuses observer States and organisations with 403', () => {
    const closed = reviewIn('feedback', { observersMaySubmit: false });
    expect(submissionRefusal(closed, germany, ON_TIME)).toBeNull();
    for (const d of [canada, iom])
      expect(submissionRefusal(closed, d, ON_TIME)).toEqual({
        refused: true,
        status: 403,
        message: 'observer States and organisations may not submit in "Review round"',
      });
    expect(sharedCommentRefusal(closed, canada, ON_TIME)?.status).toBe(403);
  });

  it('RD6 a round open to observers admits them like everyone', () => {
    const open = reviewIn('feedback');
    expect(submissionRefusal(open, canada, ON_TIME)).toBeNull();
    expect(submissionRefusal(open, iom, ON_TIME)).toBeNull();
  });

  it('RD6 who is refused (403) is answered before when (409): after the deadline too', () => {
    const rg = reviewIn('feedback', { submitters: 'reference-group' });
    expect(submissionRefusal(rg, germany, cet('2024-03-23 00:00:01'))?.status).toBe(403);
    expect(submissionRefusal(rg, bulgaria, cet('2024-03-23 00:00:01'))?.status).toBe(409);
  });
});

describe('a silence procedure (SI, RD12)', () => {
  it('SI under silence the text is neither amended nor commented by delegations; the Chair still comments; working copies stay open', () => {
    const silence = reviewIn('feedback', { kind: 'silence' });
    expect(answers(silence, ON_TIME)).toEqual([409, 409, 409, 'open', 'open', 409]);
    expect(submissionRefusal(silence, germany, ON_TIME)?.message).toContain('breaks silence');
  });
});
