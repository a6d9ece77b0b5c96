import { describe, expect, it } from 'vitest';
import {
  statusChangeRefusal,
  statusSummary,
  statusText,
  type Delegation,
  type StatusContext,
} from '@accord/shared';
import { statusDecorations } from '../../client/src/editor/statusPlugin.js';
import {
  action,
  bracketed,
  chapeau,
  doc,
  fn,
  footnotes,
  goal,
  op,
  pp,
  title,
} from '../helpers/builders.js';

const chair: Pick<Delegation, 'kind' | 'roles'> = { kind: 'participating-state', roles: ['chair'] };
const germany: Pick<Delegation, 'kind' | 'roles'> = { kind: 'participating-state', roles: [] };

const text = doc(
  title('Declaration'),
  chapeau('We, the ', ...bracketed('br-ch', 'italy', 'Ministers'), ','),
  pp('Recalling ', ...bracketed('br-pp', 'france', 'the Pact'), ';'),
  pp('Noting;'),
  op(
    'Adopt ',
    ...bracketed('br-o1', 'germany', 'all'),
    ' ',
    ...bracketed('br-o2', 'spain', 'new'),
    ';',
  ),
  op('Decide;'),
  goal('Return', action('Act one;'), action(...bracketed('br-a', 'germany', 'Act two'))),
  goal('Protection', action('Act three;')),
  footnotes(fn('fn-1', ...bracketed('br-fn', 'italy', 'note'))),
);

const ctx = (over: Partial<StatusContext> = {}): StatusContext => ({
  delegation: chair,
  doc: text,
  delegationIds: new Set(['germany', 'france']),
  finalText: false,
  ...over,
});

describe('NS2–NS5 who may set which status where', () => {
  it('NS2 a pen-holder sets a status on a paragraph or an action point', () => {
    expect(statusChangeRefusal('op-1', { status: 'agreed' }, ctx())).toBeNull();
    expect(statusChangeRefusal('act-2', { status: 'held' }, ctx())).toBeNull();
    expect(statusChangeRefusal('pp-1', { status: null }, ctx())).toBeNull();
    expect(
      statusChangeRefusal(
        'pp-1',
        { status: 'agreed' },
        ctx({ delegation: { kind: 'organisation', roles: ['secretariat'] } }),
      ),
    ).toBeNull();
  });

  it('NS2 a delegation that holds no pen is refused with 403', () => {
    expect(statusChangeRefusal('op-1', { status: 'agreed' }, ctx({ delegation: germany }))).toEqual(
      {
        status: 403,
        message: 'only the pen-holders (Chair, Co-Chair, Secretariat) set statuses',
      },
    );
  });

  it('NS3 pending names the delegation it waits for, and only pending does', () => {
    expect(
      statusChangeRefusal('op-1', { status: 'pending', waitingFor: 'germany' }, ctx()),
    ).toBeNull();
    expect(statusChangeRefusal('op-1', { status: 'pending' }, ctx())?.message).toBe(
      '"waitingFor" must name the delegation a pending paragraph waits for',
    );
    expect(
      statusChangeRefusal('op-1', { status: 'pending', waitingFor: 'atlantis' }, ctx()),
    ).toEqual({
      status: 400,
      message: '"waitingFor": no delegation "atlantis"',
    });
    expect(
      statusChangeRefusal('op-1', { status: 'agreed', waitingFor: 'germany' }, ctx())?.status,
    ).toBe(400);
  });

  it('NS4 only a block of the live text that is a paragraph or action point', () => {
    expect(statusChangeRefusal('op-9', { status: 'agreed' }, ctx())).toEqual({
      status: 404,
      message: 'the text has no block "op-9"',
    });
    expect(statusChangeRefusal('chapeau-1', { status: 'agreed' }, ctx())).toEqual({
      status: 400,
      message: 'a chapeau takes no status: only paragraphs and action points do',
    });
    expect(statusChangeRefusal('goal-1', { status: 'agreed' }, ctx())?.status).toBe(400);
  });

  it('NS5 nothing changes once the text is final (409)', () => {
    expect(
      statusChangeRefusal('op-1', { status: 'agreed' }, ctx({ finalText: true }))?.status,
    ).toBe(409);
  });

  it("NS1 a status is printed in the negotiators' words", () => {
    expect(statusText({ status: 'agreed-ad-referendum', waitingFor: null })).toBe(
      'Agreed ad referendum',
    );
    expect(statusText({ status: 'pending', waitingFor: 'germany' }, () => 'Germany')).toBe(
      'Pending (Germany)',
    );
  });
});

describe('NS8 counts per document and per part', () => {
  const zero = {
    paragraphs: 0,
    agreed: 0,
    agreedAdReferendum: 0,
    bracketed: 0,
    pending: 0,
    held: 0,
    noStatus: 0,
    brackets: 0,
    alternatives: 0,
  };

  it('NS8 paragraphs by status and brackets remaining, per preamble, operative part and goal', () => {
    const summary = statusSummary(text, [
      { blockId: 'pp-1', status: 'agreed' },
      { blockId: 'op-1', status: 'bracketed' },
      { blockId: 'op-2', status: 'agreed-ad-referendum' },
      { blockId: 'act-1', status: 'agreed' },
      { blockId: 'act-3', status: 'pending' },
      { blockId: 'gone', status: 'held' },
    ]);
    expect(summary.document).toEqual({
      ...zero,
      paragraphs: 7,
      agreed: 2,
      agreedAdReferendum: 1,
      bracketed: 1,
      pending: 1,
      noStatus: 2,
      brackets: 6,
    });
    expect(summary.sections).toEqual([
      {
        ...zero,
        kind: 'preamble',
        goalId: null,
        label: 'Preamble',
        paragraphs: 2,
        agreed: 1,
        noStatus: 1,
        brackets: 2,
      },
      {
        ...zero,
        kind: 'operative',
        goalId: null,
        label: 'Operative part',
        paragraphs: 2,
        bracketed: 1,
        agreedAdReferendum: 1,
        brackets: 2,
      },
      {
        ...zero,
        kind: 'goal',
        goalId: 'goal-1',
        label: 'Goal 1',
        paragraphs: 2,
        agreed: 1,
        noStatus: 1,
        brackets: 1,
      },
      { ...zero, kind: 'goal', goalId: 'goal-2', label: 'Goal 2', paragraphs: 1, pending: 1 },
    ]);
  });

  it("NS8 goals are named by the labels given (the round's), not only their position", () => {
    const labels = new Map([['goal-2', { short: 'Goal 2 bis', long: 'Goal 2 bis' }]]);
    expect(statusSummary(text, [], labels).sections.map((s) => s.label)).toEqual([
      'Preamble',
      'Operative part',
      'Goal 1',
      'Goal 2 bis',
    ]);
  });

  it('NS8 a clean text: every paragraph agreed, no brackets', () => {
    const clean = doc(title('T'), op('Adopt;'));
    expect(statusSummary(clean, [{ blockId: 'op-1', status: 'agreed' }]).document).toEqual({
      ...zero,
      paragraphs: 1,
      agreed: 1,
    });
  });
});

describe("NS1 the margin of the text shows each paragraph's status", () => {
  it("NS1 a status is drawn on its paragraph's text, pending naming the delegation", () => {
    const setBy = { personId: 'p', name: 'Chair', delegationId: 'turkiye' };
    const at = '2024-11-01T09:00:00.000Z';
    const set = statusDecorations(text, {
      statuses: () => [
        {
          documentId: 'd',
          blockId: 'op-1',
          status: 'pending',
          waitingFor: 'germany',
          setBy,
          setAt: at,
        },
        { documentId: 'd', blockId: 'act-2', status: 'agreed', waitingFor: null, setBy, setAt: at },
        { documentId: 'd', blockId: 'gone', status: 'held', waitingFor: null, setBy, setAt: at },
      ],
      subscribe: () => () => undefined,
      nameOf: (id) => (id === 'germany' ? 'Germany' : id),
    });
    const drawn = set.find().map((d) => (d.spec as { status: string }).status);
    expect(drawn).toEqual(['Pending: Germany', 'Agreed']);
  });
});
