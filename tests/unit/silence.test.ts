import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ROUNDS,
  breakSilence,
  brokenParagraphs,
  decideSilence,
  isSilenceRefusal,
  mayBreakSilence,
  silenceEndsAt,
  silenceProcedureSchema,
  silenceStartRefusal,
  withdrawSilence,
  type Round,
  type SilenceActor,
  type SilenceProcedure,
  type SilenceRefusal,
} from '@accord/shared';

// The silence procedure's pure rules (shared/src/silence.ts), without a server.

const EXPIRY = { at: '2024-11-12T17:00:00.000Z', zone: 'Europe/Budapest' }; // 18:00 CET
const BEFORE = Date.parse('2024-11-12T17:00:59.999Z');
const AFTER = Date.parse('2024-11-12T17:01:00.000Z');

const germany: SilenceActor = {
  id: 'germany',
  name: 'Germany',
  kind: 'participating-state',
  roles: [],
};
const pakistan: SilenceActor = {
  id: 'pakistan',
  name: 'Pakistan',
  kind: 'participating-state',
  roles: ['reference-group'],
};
const canada: SilenceActor = { id: 'canada', name: 'Canada', kind: 'observer-state', roles: [] };
const iom: SilenceActor = { id: 'iom', name: 'IOM', kind: 'organisation', roles: [] };
const turkiye: SilenceActor = {
  id: 'turkiye',
  name: 'Türkiye',
  kind: 'participating-state',
  roles: ['chair'],
};
const hungary: SilenceActor = {
  id: 'hungary',
  name: 'Hungary',
  kind: 'participating-state',
  roles: ['co-chair'],
};
const icmpd: SilenceActor = {
  id: 'icmpd',
  name: 'ICMPD',
  kind: 'organisation',
  roles: ['secretariat'],
};

const LABELS = new Map([
  ['op1', { short: 'OP1' }],
  ['op2', { short: 'OP2' }],
  ['op3', { short: 'OP3' }],
]);

/** The default rounds, all published, and a silence round at the end in `phase`. */
function rounds(phase: Round['phase'] = 'not-started'): Round[] {
  const published = DEFAULT_ROUNDS.map((r) => ({
    ...r,
    phase: 'published' as const,
    startedAt: '2024-01-01T00:00:00.000Z',
    publishedAt: '2024-02-01T00:00:00.000Z',
  }));
  return [
    ...published,
    {
      ...DEFAULT_ROUNDS[0]!,
      id: 'silence',
      name: 'Silence procedure',
      position: published.length,
      kind: 'silence',
      phase,
    },
  ];
}

/** A procedure under silence with `more` overriding. */
function procedure(more: Partial<SilenceProcedure> = {}): SilenceProcedure {
  return {
    id: 's1',
    roundId: 'silence',
    documentIds: ['declaration'],
    expiry: EXPIRY,
    startedBy: 'p-chair',
    startedAt: '2024-11-01T09:00:00.000Z',
    state: 'under-silence',
    decidedAt: null,
    decidedBy: null,
    breaks: [],
    ...more,
  };
}

const request = (blockIds: string[], reason = 'Our capital cannot accept this paragraph.') => ({
  documentId: 'declaration',
  blockIds,
  reason,
});

function refused(result: SilenceProcedure | SilenceRefusal | null): SilenceRefusal {
  if (result === null || !isSilenceRefusal(result)) throw new Error('expected a refusal');
  return result;
}

function accepted(result: SilenceProcedure | SilenceRefusal | null): SilenceProcedure {
  if (result === null || isSilenceRefusal(result))
    throw new Error(`refused: ${JSON.stringify(result)}`);
  return silenceProcedureSchema.parse(result);
}

describe('silence procedure rules', () => {
  it('SI1 runs only in the last round, of kind silence, not yet past drafting', () => {
    const list = rounds();
    const silence = list.at(-1)!;
    const start = (r: Round, l: Round[] = list) =>
      silenceStartRefusal(turkiye, r, l, [], EXPIRY, BEFORE - 86_400_000);
    expect(start(silence)).toBeNull();
    expect(start({ ...silence, phase: 'drafting' }, rounds('drafting'))).toBeNull();
    expect(start({ ...silence, phase: 'feedback' })?.status).toBe(409);
    expect(start({ ...list[0]!, kind: 'reading' })?.message).toMatch(
      /not a round of kind "silence"/,
    );
    const notLast = [...list, { ...DEFAULT_ROUNDS[0]!, id: 'after', position: list.length }];
    expect(start(silence, notLast)?.message).toMatch(/not the last round/);
  });

  it('SI2 only the Chair or a Co-Chair circulates a text under silence; who is judged first', () => {
    const list = rounds('feedback');
    const silence = list.at(-1)!;
    for (const actor of [germany, icmpd, canada]) {
      const refusal = silenceStartRefusal(actor, silence, list, [], EXPIRY, BEFORE);
      expect(refusal?.status).toBe(403);
    }
    expect(silenceStartRefusal(hungary, rounds().at(-1)!, rounds(), [], EXPIRY, 0)).toBeNull();
  });

  it('SI3 the expiry must be ahead and one procedure at a time', () => {
    const list = rounds();
    const silence = list.at(-1)!;
    const past = silenceStartRefusal(turkiye, silence, list, [], EXPIRY, AFTER);
    expect(past?.message).toBe(
      'the expiry 12 November 2024, 18:00 CET has passed; choose a later one',
    );
    const busy = silenceStartRefusal(turkiye, silence, list, [procedure()], EXPIRY, 0);
    expect(busy?.message).toMatch(/already under way \(until 12 November 2024, 18:00 CET\)/);
    expect(
      silenceStartRefusal(turkiye, silence, list, [procedure({ state: 'withdrawn' })], EXPIRY, 0),
    ).toBeNull();
  });

  it('SI4 participating States break silence; observers, organisations and the pen-holders may not', () => {
    expect(mayBreakSilence(germany, null)).toBe(true);
    for (const actor of [canada, iom, turkiye, hungary, icmpd]) {
      expect(mayBreakSilence(actor, null)).toBe(false);
      const refusal = refused(
        breakSilence(
          procedure(),
          null,
          request(['op1']),
          { delegation: actor, personId: 'p' },
          LABELS,
          BEFORE,
        ),
      );
      expect(refusal.status).toBe(403);
    }
    expect(
      refused(
        breakSilence(
          procedure(),
          null,
          request(['op1']),
          { delegation: canada, personId: 'p' },
          LABELS,
          BEFORE,
        ),
      ).message,
    ).toBe('only participating States may break silence; observers and organisations may not');
    const rg = { name: 'RG silence', submitters: 'reference-group' as const };
    expect(mayBreakSilence(germany, rg)).toBe(false);
    expect(mayBreakSilence(pakistan, rg)).toBe(true);
  });

  it('SI5 a break names paragraphs (recording their labels then) and a written reason', () => {
    const by = { delegation: germany, personId: 'p-germany' };
    const p = accepted(
      breakSilence(
        procedure(),
        null,
        request(['op3', 'op1', 'op3'], '  Too far.  '),
        by,
        LABELS,
        BEFORE,
      ),
    );
    expect(p.breaks).toEqual([
      {
        delegationId: 'germany',
        delegationName: 'Germany',
        personId: 'p-germany',
        documentId: 'declaration',
        blockIds: ['op3', 'op1'],
        labels: ['OP3', 'OP1'],
        reason: 'Too far.',
        at: new Date(BEFORE).toISOString(),
      },
    ]);
    const bad = (r: ReturnType<typeof request>) =>
      refused(breakSilence(procedure(), null, r, by, LABELS, BEFORE));
    expect(bad(request(['op1'], '   ')).message).toBe(
      'breaking silence needs a written reason ("reason")',
    );
    expect(bad(request(['op1'], 'x'.repeat(4001))).message).toBe(
      '"reason" must be at most 4000 characters long',
    );
    expect(bad(request(['op1'], 'bell \u0007')).message).toBe(
      '"reason" must not contain control characters',
    );
    expect(bad(request(['nowhere'])).message).toBe('no paragraph "nowhere" in "declaration"');
    expect(bad(request([])).status).toBe(400);
    expect(bad({ ...request(['op1']), documentId: 'other' }).message).toBe(
      'the document "other" is not under silence',
    );
    // Line breaks belong in a written reason.
    accepted(breakSilence(procedure(), null, request(['op1'], 'One.\nTwo.'), by, LABELS, BEFORE));
  });

  it('SI7 a break after the expiry (end of its minute) is refused naming the expiry in its zone', () => {
    const by = { delegation: germany, personId: 'p-germany' };
    accepted(breakSilence(procedure(), null, request(['op1']), by, LABELS, BEFORE));
    expect(refused(breakSilence(procedure(), null, request(['op1']), by, LABELS, AFTER))).toEqual({
      refused: true,
      status: 409,
      message: 'silence expired on 12 November 2024, 18:00 CET; it can no longer be broken',
    });
    expect(silenceEndsAt(procedure())).toBe(AFTER);
    // Decided already: the late delegation is still told when silence expired.
    const decided = procedure({ state: 'adopted', decidedAt: new Date(AFTER).toISOString() });
    expect(refused(breakSilence(decided, null, request(['op1']), by, LABELS, AFTER)).message).toBe(
      'silence expired on 12 November 2024, 18:00 CET; it can no longer be broken',
    );
    const done = procedure({ state: 'withdrawn' });
    expect(refused(breakSilence(done, null, request(['op1']), by, LABELS, BEFORE)).message).toBe(
      'the silence procedure is withdrawn; silence can no longer be broken',
    );
  });

  it('SI6 at expiry: adopted without a break, not adopted with the paragraphs and who broke silence on each', () => {
    expect(decideSilence(procedure(), BEFORE)).toBeNull();
    const adopted = accepted(decideSilence(procedure(), AFTER));
    expect(adopted).toMatchObject({
      state: 'adopted',
      decidedAt: new Date(AFTER).toISOString(),
      decidedBy: null,
    });
    expect(decideSilence(adopted, AFTER + 1)).toBeNull();

    let p = procedure();
    p = accepted(
      breakSilence(
        p,
        null,
        request(['op1', 'op2']),
        { delegation: germany, personId: 'a' },
        LABELS,
        BEFORE,
      ),
    );
    p = accepted(
      breakSilence(
        p,
        null,
        request(['op2']),
        { delegation: pakistan, personId: 'b' },
        LABELS,
        BEFORE,
      ),
    );
    const notAdopted = accepted(decideSilence(p, AFTER));
    expect(notAdopted.state).toBe('not-adopted');
    expect(brokenParagraphs(notAdopted)).toEqual([
      {
        documentId: 'declaration',
        blockId: 'op1',
        label: 'OP1',
        delegations: [{ id: 'germany', name: 'Germany' }],
      },
      {
        documentId: 'declaration',
        blockId: 'op2',
        label: 'OP2',
        delegations: [
          { id: 'germany', name: 'Germany' },
          { id: 'pakistan', name: 'Pakistan' },
        ],
      },
    ]);
  });

  it('SI8 the Chair or a Co-Chair withdraws before the expiry, not after, not twice', () => {
    const withdrawn = accepted(withdrawSilence(procedure(), turkiye, 'p-chair', BEFORE));
    expect(withdrawn).toMatchObject({ state: 'withdrawn', decidedBy: 'p-chair' });
    expect(refused(withdrawSilence(procedure(), germany, 'p', BEFORE)).status).toBe(403);
    expect(refused(withdrawSilence(procedure(), icmpd, 'p', BEFORE)).status).toBe(403);
    expect(refused(withdrawSilence(withdrawn, hungary, 'p', BEFORE)).status).toBe(409);
    expect(refused(withdrawSilence(procedure(), turkiye, 'p', AFTER)).message).toBe(
      'silence expired on 12 November 2024, 18:00 CET; the outcome is decided, not withdrawn',
    );
  });
});
