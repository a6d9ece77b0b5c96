import { describe, expect, it } from 'vitest';
import {
  budapestCalendar,
  closesAt,
  deadlineAt,
  type RoundList,
  type TrackerRow,
} from '@accord/shared';
import { windowAt } from '../../client/src/rounds/negotiationStore.js';
import {
  closedReason,
  countdownMark,
  countdownWords,
  deadlineInZones,
  nextChangeIn,
  ownExtension,
  timeLeft,
} from '../../client/src/rounds/roundWords.js';
import { compareRows } from '../../client/src/rounds/TrackerPage.js';

// What the client makes of the rounds (client/src/rounds): the caller's window closing at the
// deadline on the server's clock, and the words of the banner and the tracker.

const DEADLINE = deadlineAt('2023-12-20', '23:59', 'Europe/Budapest');
const CLOSES = closesAt(DEADLINE.at);

/** The seeded calendar with its review round due on 20 December 2023, 23:59 in Budapest. */
function roundList(closing: number | null, maySubmit = true): RoundList {
  const rounds = budapestCalendar(new Date('2023-12-01T12:00:00Z')).map((r) =>
    r.id === 'review-round' ? { ...r, deadline: DEADLINE } : r,
  );
  return {
    now: '2023-12-20T22:00:00.000Z',
    currentRoundId: 'review-round',
    final: false,
    rounds: rounds.map((r) => ({ ...r, extensions: [] })),
    window: { maySubmit, reason: maySubmit ? null : 'the server says no', closesAt: closing },
  };
}

describe('the caller’s submission window in the client', () => {
  it('DL5 RC2 stays open until the end of the deadline’s minute, then closes naming it', () => {
    const rounds = roundList(CLOSES);
    expect(windowAt(rounds, CLOSES - 1)).toBe(rounds.window);
    const closed = windowAt(rounds, CLOSES);
    expect(closed.maySubmit).toBe(false);
    expect(closed.reason).toBe('Feedback closed on 20 December 2023, 23:59 CET');
  });

  it('DL6 RC2 with an extension, closes at the extension and names both', () => {
    const until = closesAt(deadlineAt('2023-12-22', '12:00', 'Europe/Budapest').at);
    const rounds = roundList(until);
    expect(windowAt(rounds, CLOSES + 60_000).maySubmit).toBe(true);
    expect(ownExtension(rounds)).toEqual({
      at: new Date(until - 60_000).toISOString(),
      zone: 'Europe/Budapest',
    });
    expect(windowAt(rounds, until).reason).toBe(
      'Feedback closed on 20 December 2023, 23:59 CET; your extension ended on 22 December 2023, 12:00 CET',
    );
  });

  it('RC2 keeps the server’s reason when the server closed it for another cause', () => {
    const rounds = roundList(null, false);
    expect(windowAt(rounds, CLOSES + 1)).toBe(rounds.window);
    const drafting = {
      ...roundList(CLOSES, false),
      rounds: roundList(CLOSES).rounds.map((r) =>
        r.id === 'review-round' ? { ...r, phase: 'consolidation' as const } : r,
      ),
    };
    expect(windowAt(drafting, CLOSES + 1).reason).toBe('the server says no');
    expect(closedReason(roundList(CLOSES), CLOSES)).toMatch(/^Feedback closed on/);
  });
});

describe('the round banner’s words', () => {
  it('DL4 RC1 shows a deadline in its own zone and in the reader’s', () => {
    expect(deadlineInZones(DEADLINE, 'America/New_York')).toEqual({
      own: '20 December 2023, 23:59 CET',
      local: '20 December 2023, 17:59 EST',
      same: false,
    });
    expect(deadlineInZones(DEADLINE, 'Europe/Budapest').same).toBe(true);
  });

  it('DL7 RC1 counts down in days far away and in seconds at the end, zero only once passed', () => {
    expect(countdownWords(timeLeft(CLOSES, CLOSES - 2 * 86_400_000 - 3_600_000))).toBe(
      '2 days 1 h 00 min',
    );
    expect(countdownWords(timeLeft(CLOSES, CLOSES - 65_000))).toBe('1 min 05 s');
    expect(countdownWords(timeLeft(CLOSES, CLOSES - 1))).toBe('1 s');
    expect(countdownWords(timeLeft(CLOSES, CLOSES))).toBe('closed');
    // In the last hour the text changes every second, before it every minute.
    expect(nextChangeIn(timeLeft(CLOSES, CLOSES - 10_500))).toBe(500);
    expect(nextChangeIn(timeLeft(CLOSES, CLOSES - 7_200_000 - 30_000))).toBe(30_000);
  });

  it('RC1 tells screen readers only of the last minutes’ marks', () => {
    expect(countdownMark(timeLeft(CLOSES, CLOSES - 3_600_000))).toBeNull();
    expect(countdownMark(timeLeft(CLOSES, CLOSES - 10 * 60_000))).toBe('15 minutes left to submit');
    expect(countdownMark(timeLeft(CLOSES, CLOSES - 4 * 60_000))).toBe('5 minutes left to submit');
    expect(countdownMark(timeLeft(CLOSES, CLOSES - 30_000))).toBe('1 minute left to submit');
    expect(countdownMark(timeLeft(CLOSES, CLOSES))).toBeNull();
  });
});

describe('the feedback tracker’s order', () => {
  const row = (name: string, over: Partial<TrackerRow>): TrackerRow => ({
    delegationId: name.toLowerCase(),
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
    ...over,
  });
  const rows = [
    row('Austria', { responded: true, amendments: 3, firstAt: '2023-12-10T10:00:00.000Z' }),
    row('Belgium', {}),
    row('Chile', { responded: true, late: true, amendments: 1, firstAt: '2023-12-21T10:00:00Z' }),
    row('Denmark', { entitled: false }),
  ];
  const order = (key: Parameters<typeof compareRows>[0]) =>
    [...rows].sort((a, b) => compareRows(key, a, b)).map((r) => r.name);

  it('RC4 puts who has not responded first, then the late, then the rest', () => {
    expect(order('status')).toEqual(['Belgium', 'Chile', 'Austria', 'Denmark']);
    expect(order('amendments')).toEqual(['Belgium', 'Denmark', 'Chile', 'Austria']);
    // Nothing submitted yet sorts after every date.
    expect(order('firstAt')).toEqual(['Austria', 'Chile', 'Belgium', 'Denmark']);
  });
});
