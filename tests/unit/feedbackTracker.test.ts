import { describe, expect, it } from 'vitest';
import {
  BUDAPEST_ZONE,
  deadlineAt,
  feedbackTracker,
  trackerCsv,
  type Amendment,
  type Comment,
  type Delegation,
  type DelegationKind,
  type Extension,
  type Role,
  type Round,
  type Thread,
  type Tracker,
  type TrackerRow,
} from '@accord/shared';
import { amendment } from './amendmentRecord.js';

// The feedback tracker and its CSV (shared/src/feedbackTracker.ts, SPEC FT1–FT4), without a
// server: counts per delegation in one round, what is never counted, late, extensions, order.

/** The instant Budapest's wall clock reads `wall` ("2024-03-22 23:59:59"), in March (CET). */
const cet = (wall: string): string =>
  new Date(Date.parse(`${wall.replace(' ', 'T')}+01:00`)).toISOString();

/** The review round: started 1 March 2024, feedback until 22 March 2024, 23:59 CET. */
function round(more: Partial<Round> = {}): Round {
  return {
    id: 'review',
    name: 'Review round',
    position: 4,
    phase: 'feedback',
    submitters: 'all',
    observersMaySubmit: true,
    deadline: deadlineAt('2024-03-22', '23:59', BUDAPEST_ZONE),
    startedAt: cet('2024-03-01 09:00'),
    publishedAt: null,
    kind: 'reading',
    ...more,
  };
}

const delegation = (
  id: string,
  name: string,
  kind: DelegationKind = 'participating-state',
  ...roles: Role[]
): Delegation => ({ id, name, kind, roles });

/** The directory, deliberately not in alphabetical order. */
const DELEGATIONS: Delegation[] = [
  delegation('turkiye', 'Türkiye', 'participating-state', 'chair'),
  delegation('pakistan', 'Pakistan'),
  delegation('germany', 'Germany'),
  delegation('iom', 'International Organization for Migration', 'organisation'),
  delegation('canada', 'Canada', 'observer-state'),
  delegation('bulgaria', 'Bulgaria', 'participating-state', 'reference-group'),
  delegation('austria', 'Austria'),
];

let next = 0;
/** An amendment by `delegationId` submitted at `wall` (CET) in `roundId`. */
const submitted = (
  delegationId: string,
  wall: string,
  roundId: string | null = 'review',
  more: Partial<Amendment> = {},
): Amendment => {
  next++;
  return amendment(next, `OP${next}`, next, {
    delegationId,
    roundId,
    submittedAt: cet(wall),
    ...more,
  });
};

/** A comment by `delegationId` written at `wall` (CET). */
const comment = (delegationId: string, wall: string, more: Partial<Comment> = {}): Comment => ({
  id: `c-${++next}`,
  personId: `${delegationId}-delegate`,
  authorName: `Delegate of ${delegationId}`,
  delegationId,
  text: 'We propose to keep this paragraph.',
  createdAt: cet(wall),
  editedAt: null,
  deleted: false,
  ...more,
});

/** A thread, public or internal to its first comment's delegation, with these comments. */
function thread(visibility: Thread['visibility'], ...comments: Comment[]): Thread {
  const first = comments[0]!;
  return {
    id: `t-${++next}`,
    documentId: 'declaration',
    anchor: { type: 'document' },
    visibility,
    delegationId: first.delegationId,
    quote: '',
    status: 'open',
    resolved: null,
    comments,
    createdAt: first.createdAt,
    updatedAt: first.createdAt,
    seq: next,
  };
}
const publicThread = (...comments: Comment[]) => thread('public', ...comments);
const internalThread = (...comments: Comment[]) => thread('delegation', ...comments);

/** An extension of the review round to `delegationId` (or 'all') until `wall` (CET). */
const extension = (delegationId: string, wall: string): Extension => ({
  roundId: 'review',
  delegationId: delegationId === 'all' ? null : delegationId,
  until: cet(wall),
  grantedBy: 'chair-person',
  at: cet('2024-03-20 10:00'),
});

/** The tracker of `round` over the directory above. */
function track(input: {
  round?: Round;
  amendments?: Amendment[];
  threads?: Thread[];
  extensions?: Extension[];
}): Tracker {
  return feedbackTracker({
    round: input.round ?? round(),
    delegations: DELEGATIONS,
    amendments: input.amendments ?? [],
    threads: input.threads ?? [],
    extensions: input.extensions ?? [],
  });
}

/** One delegation's line. */
function rowOf(tracker: Tracker, delegationId: string): TrackerRow {
  const row = tracker.rows.find((r) => r.delegationId === delegationId);
  if (!row) throw new Error(`no row for ${delegationId}`);
  return row;
}

/** `delegationId: amendments / comments` for every delegation that responded. */
const counts = (tracker: Tracker): Record<string, string> =>
  Object.fromEntries(
    tracker.rows
      .filter((r) => r.responded)
      .map((r) => [r.delegationId, `${r.amendments} / ${r.comments}`]),
  );

describe('the feedback tracker (FT1, FT2)', () => {
  it('FT1 counts amendments and public comments per delegation, replies by their own author', () => {
    const tracker = track({
      amendments: [
        submitted('germany', '2024-03-05 10:00'),
        submitted('germany', '2024-03-06 10:00'),
        submitted('canada', '2024-03-07 10:00'),
      ],
      threads: [
        publicThread(
          comment('germany', '2024-03-08 10:00'),
          comment('pakistan', '2024-03-09 10:00'),
        ),
        publicThread(comment('turkiye', '2024-03-10 10:00')),
      ],
    });
    expect(counts(tracker)).toEqual({
      germany: '2 / 1',
      pakistan: '0 / 1',
      canada: '1 / 0',
      turkiye: '0 / 1',
    });
    expect(rowOf(tracker, 'germany')).toMatchObject({
      firstAt: cet('2024-03-05 10:00'),
      lastAt: cet('2024-03-08 10:00'),
      responded: true,
    });
    expect(rowOf(tracker, 'austria')).toEqual({
      delegationId: 'austria',
      name: 'Austria',
      kind: 'participating-state',
      entitled: true,
      amendments: 0,
      comments: 0,
      firstAt: null,
      lastAt: null,
      late: false,
      extendedUntil: null,
      responded: false,
    });
    expect(tracker).toMatchObject({
      roundId: 'review',
      roundName: 'Review round',
      deadline: round().deadline,
    });
  });

  it("FT2 a delegation's internal threads are never counted, not even as a response", () => {
    const tracker = track({
      threads: [
        internalThread(
          comment('germany', '2024-03-05 10:00'),
          comment('germany', '2024-03-06 10:00'),
        ),
      ],
    });
    expect(counts(tracker)).toEqual({});
    expect(rowOf(tracker, 'germany')).toMatchObject({
      comments: 0,
      firstAt: null,
      responded: false,
    });
  });

  it('FT1 deleted comments are not counted', () => {
    const tracker = track({
      threads: [
        publicThread(
          comment('germany', '2024-03-05 10:00', { deleted: true, text: '' }),
          comment('germany', '2024-03-06 10:00'),
          comment('pakistan', '2024-03-07 10:00', { deleted: true, text: '' }),
        ),
      ],
    });
    expect(counts(tracker)).toEqual({ germany: '0 / 1' });
    expect(rowOf(tracker, 'germany').firstAt).toBe(cet('2024-03-06 10:00'));
  });

  it('FT1 comments before the round started or from its publication on are not counted', () => {
    const published = round({ phase: 'published', publishedAt: cet('2024-03-30 17:00') });
    const tracker = track({
      round: published,
      threads: [
        publicThread(
          comment('germany', '2024-02-29 23:59'),
          comment('pakistan', '2024-03-01 09:00'),
          comment('austria', '2024-03-30 16:59'),
          comment('bulgaria', '2024-03-30 17:00'),
          comment('canada', '2024-04-02 10:00'),
        ),
      ],
    });
    expect(counts(tracker)).toEqual({ pakistan: '0 / 1', austria: '0 / 1' });
  });

  it('FT1 an amendment counts in the round it was first submitted in, even after it was carried on', () => {
    const amendments = [
      // Submitted in the review round, then carried into the second reading.
      submitted('germany', '2024-03-05 10:00', 'second-reading', { carriedFrom: ['review'] }),
      // Submitted in the zero draft and carried into the review round: not the review round's.
      submitted('pakistan', '2023-12-15 10:00', 'review', { carriedFrom: ['zero-draft'] }),
      // Submitted before rounds existed: no round's.
      submitted('austria', '2024-02-01 10:00', null),
    ];
    expect(counts(track({ amendments }))).toEqual({ germany: '1 / 0' });
    expect(counts(track({ round: round({ id: 'second-reading' }), amendments }))).toEqual({});
    expect(counts(track({ round: round({ id: 'zero-draft' }), amendments }))).toEqual({
      pakistan: '1 / 0',
    });
  });

  it('FT1 late when something counted arrived after the end of the deadline minute', () => {
    const tracker = track({
      amendments: [submitted('germany', '2024-03-22 23:59:59')],
      threads: [publicThread(comment('pakistan', '2024-03-23 00:00:00'))],
    });
    expect(rowOf(tracker, 'germany')).toMatchObject({
      late: false,
      lastAt: cet('2024-03-22 23:59:59'),
    });
    expect(rowOf(tracker, 'pakistan')).toMatchObject({
      late: true,
      lastAt: cet('2024-03-23 00:00'),
    });
    expect(rowOf(tracker, 'austria').late).toBe(false);
  });

  it('FT1 DL6 the extension shown is the latest that applies, its own or the one to all; late stays late', () => {
    const tracker = track({
      amendments: [submitted('germany', '2024-03-24 10:00')],
      extensions: [extension('germany', '2024-03-28 23:59'), extension('all', '2024-03-25 23:59')],
    });
    expect(rowOf(tracker, 'germany')).toMatchObject({
      extendedUntil: cet('2024-03-28 23:59'),
      late: true,
      responded: true,
    });
    expect(rowOf(tracker, 'pakistan').extendedUntil).toBe(cet('2024-03-25 23:59'));
    expect(track({}).rows.every((r) => r.extendedUntil === null)).toBe(true);
  });

  it('FT1 RD6 entitled: who the round admits, whatever its phase', () => {
    const entitled = (t: Tracker) => t.rows.filter((r) => r.entitled).map((r) => r.delegationId);
    expect(entitled(track({ round: round({ submitters: 'reference-group' }) }))).toEqual([
      'bulgaria',
    ]);
    expect(
      entitled(track({ round: round({ observersMaySubmit: false, phase: 'published' }) })),
    ).toEqual(['austria', 'bulgaria', 'germany', 'pakistan', 'turkiye']);
    expect(entitled(track({ round: round({ phase: 'consolidation' }) }))).toHaveLength(7);
  });

  it('FT1 rows are sorted by name in English on every host, whatever its locale (Côte before Cyprus, Türkiye before Turkmenistan)', () => {
    const tracker = feedbackTracker({
      round: round(),
      delegations: [
        ...DELEGATIONS,
        delegation('cyprus', 'Cyprus'),
        delegation('cote-d-ivoire', "Côte d'Ivoire"),
        delegation('turkmenistan', 'Turkmenistan'),
      ],
      amendments: [],
      threads: [],
      extensions: [],
    });
    expect(tracker.rows.map((r) => r.name)).toEqual([
      'Austria',
      'Bulgaria',
      'Canada',
      "Côte d'Ivoire",
      'Cyprus',
      'Germany',
      'International Organization for Migration',
      'Pakistan',
      'Türkiye',
      'Turkmenistan',
    ]);
  });
});

describe('the tracker as CSV (FT4)', () => {
  const HEADER =
    'Delegation,Delegation id,Kind,Entitled to submit,Responded,Amendments,Comments,' +
    'First (UTC),Last (UTC),Late,Extended until (UTC)';

  /** A tracker line for `name`, with any fields overridden. */
  const line = (name: string, more: Partial<TrackerRow> = {}): TrackerRow => ({
    delegationId: 'x',
    name,
    kind: 'participating-state',
    entitled: true,
    amendments: 0,
    comments: 0,
    firstAt: null,
    lastAt: null,
    late: false,
    extendedUntil: null,
    responded: false,
    ...more,
  });
  const csv = (...rows: TrackerRow[]) =>
    trackerCsv({ roundId: 'review', roundName: 'Review round', deadline: null, rows });
  /** The first field of each data line, as written. */
  const names = (...names: string[]) =>
    csv(...names.map((n) => line(n)))
      .split('\r\n')
      .slice(1, -1)
      .map((l) => l.slice(0, l.lastIndexOf(',x,')));

  it('FT4 a header line, then one line per delegation with yes/no, counts and UTC instants, CRLF after each', () => {
    const text = trackerCsv(
      track({
        amendments: [
          submitted('germany', '2024-03-05 10:00'),
          submitted('germany', '2024-03-23 00:00'),
        ],
        extensions: [extension('germany', '2024-03-25 23:59')],
      }),
    );
    const lines = text.split('\r\n');
    expect(lines[0]).toBe(HEADER);
    expect(lines).toContain(
      'Germany,germany,participating-state,yes,yes,2,0,' +
        '2024-03-05T09:00:00.000Z,2024-03-22T23:00:00.000Z,yes,2024-03-25T22:59:00.000Z',
    );
    expect(lines).toContain('Austria,austria,participating-state,yes,no,0,0,,,no,');
    expect(lines).toHaveLength(1 + DELEGATIONS.length + 1);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('FT4 fields with commas, quotes or line breaks are quoted, quotes doubled (RFC 4180)', () => {
    expect(names('Korea, Republic of', 'The "Former" State', 'Line\nbreak', 'Plain')).toEqual([
      '"Korea, Republic of"',
      '"The ""Former"" State"',
      '"Line\nbreak"',
      'Plain',
    ]);
  });

  it('FT4 a field a spreadsheet would run as a formula (= + - @, tab, CR) gets an apostrophe first', () => {
    expect(names('=1+2', '+33 1 23', '-2', '@SUM(A1:A9)', '\tTab', 'A=B')).toEqual([
      "'=1+2",
      "'+33 1 23",
      "'-2",
      "'@SUM(A1:A9)",
      "'\tTab",
      'A=B',
    ]);
    expect(names('=HYPERLINK("http://evil.example","x")')).toEqual([
      `"'=HYPERLINK(""http://evil.example"",""x"")"`,
    ]);
  });

  it('FT4 numbers are written as numbers, never prefixed', () => {
    const text = csv(line('Germany', { amendments: 3, comments: 12 }));
    expect(text.split('\r\n')[1]).toBe('Germany,x,participating-state,yes,no,3,12,,,no,');
  });
});
