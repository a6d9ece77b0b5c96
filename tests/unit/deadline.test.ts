import { describe, expect, it } from 'vitest';
import {
  closesAt,
  countdown,
  deadlineAt,
  deadlineRefusal,
  deadlineSchema,
  deadlineWallTime,
  formatDeadline,
  hasPassed,
  zoneAbbreviation,
  type Deadline,
} from '@accord/shared';

// Deadlines (shared/src/deadline.ts), without a server. Every zone is given explicitly, so the
// results do not depend on the machine's own zone (DL2 checks that too).

const BUDAPEST = 'Europe/Budapest';
const ISTANBUL = 'Europe/Istanbul';
const NEW_YORK = 'America/New_York';

/** The feedback deadline of the zero draft: 20 December 2023, 23:59 CET. */
const FEEDBACK: Deadline = deadlineAt('2023-12-20', '23:59', BUDAPEST);
const ms = (iso: string): number => Date.parse(iso);

describe('DL1 a deadline is an instant with a time zone', () => {
  it('DL1 accepts an ISO instant with an offset and an IANA zone', () => {
    expect(deadlineSchema.safeParse(FEEDBACK).success).toBe(true);
    const withOffset = { at: '2023-12-20T23:59:00+01:00', zone: BUDAPEST };
    expect(deadlineSchema.safeParse(withOffset).success).toBe(true);
  });

  it('DL1 refuses a zone the platform does not know, an offset as a zone and a bare date', () => {
    for (const zone of ['Mars/Olympus', 'CET+1', '+01:00', '']) {
      expect(deadlineSchema.safeParse({ at: FEEDBACK.at, zone }).success).toBe(false);
    }
    expect(deadlineSchema.safeParse({ at: '2023-12-20', zone: BUDAPEST }).success).toBe(false);
    expect(deadlineSchema.safeParse({ at: '2023-12-20T23:59:00', zone: BUDAPEST }).success).toBe(
      false,
    );
  });
});

describe('DL2 a wall-clock time in a zone, as that zone had it on that day', () => {
  it('DL2 winter in Budapest is CET (+01:00), summer CEST (+02:00)', () => {
    expect(FEEDBACK.at).toBe('2023-12-20T22:59:00.000Z');
    expect(deadlineAt('2024-06-27', '18:00', BUDAPEST).at).toBe('2024-06-27T16:00:00.000Z');
  });

  it('DL2 23:59 on the nights the clocks change in March and October 2024', () => {
    // Clocks go forward at 02:00 on 31 March: the evening before is CET, that evening CEST.
    expect(deadlineAt('2024-03-30', '23:59', BUDAPEST).at).toBe('2024-03-30T22:59:00.000Z');
    expect(deadlineAt('2024-03-31', '23:59', BUDAPEST).at).toBe('2024-03-31T21:59:00.000Z');
    // Clocks go back at 03:00 on 27 October: the evening before is CEST, that evening CET.
    expect(deadlineAt('2024-10-26', '23:59', BUDAPEST).at).toBe('2024-10-26T21:59:00.000Z');
    expect(deadlineAt('2024-10-27', '23:59', BUDAPEST).at).toBe('2024-10-27T22:59:00.000Z');
  });

  it('DL2 Istanbul keeps +03:00 all year; New York changes on other dates than Europe', () => {
    expect(deadlineAt('2023-12-05', '23:59', ISTANBUL).at).toBe('2023-12-05T20:59:00.000Z');
    expect(deadlineAt('2024-03-31', '23:59', ISTANBUL).at).toBe('2024-03-31T20:59:00.000Z');
    expect(deadlineAt('2024-07-01', '23:59', ISTANBUL).at).toBe('2024-07-01T20:59:00.000Z');
    // New York moved to EDT on 10 March 2024, three weeks before Europe.
    expect(deadlineAt('2024-03-09', '23:59', NEW_YORK).at).toBe('2024-03-10T04:59:00.000Z');
    expect(deadlineAt('2024-03-10', '23:59', NEW_YORK).at).toBe('2024-03-11T03:59:00.000Z');
    expect(deadlineAt('2024-11-03', '23:59', NEW_YORK).at).toBe('2024-11-04T04:59:00.000Z');
  });

  it('DL2 the same wall time in different zones is different instants', () => {
    const instants = [BUDAPEST, ISTANBUL, NEW_YORK, 'UTC'].map((zone) =>
      ms(deadlineAt('2024-03-31', '23:59', zone).at),
    );
    expect(new Set(instants).size).toBe(4);
  });

  it('DL2 the wall time in its own zone comes back unchanged, in another zone converted', () => {
    expect(deadlineWallTime(FEEDBACK)).toEqual({ date: '2023-12-20', time: '23:59' });
    expect(deadlineWallTime(FEEDBACK, NEW_YORK)).toEqual({ date: '2023-12-20', time: '17:59' });
    expect(deadlineWallTime(FEEDBACK, ISTANBUL)).toEqual({ date: '2023-12-21', time: '01:59' });
  });

  it('DL2 a date, time or zone that does not exist is refused', () => {
    expect(() => deadlineAt('2023-02-29', '12:00', BUDAPEST)).toThrow(RangeError);
    expect(() => deadlineAt('2023-12-20', '24:00', BUDAPEST)).toThrow(RangeError);
    expect(() => deadlineAt('2023-12-20', '9:00', BUDAPEST)).toThrow(RangeError);
    expect(() => deadlineAt('20/12/2023', '23:59', BUDAPEST)).toThrow(RangeError);
    expect(() => deadlineAt('2023-12-20', '23:59', 'Mars/Olympus')).toThrow(RangeError);
  });

  it('DL2 does not depend on the machine’s own time zone', () => {
    const before = process.env.TZ;
    try {
      process.env.TZ = 'Pacific/Auckland';
      expect(deadlineAt('2024-03-31', '23:59', BUDAPEST).at).toBe('2024-03-31T21:59:00.000Z');
      expect(formatDeadline(FEEDBACK)).toBe('20 December 2023, 23:59 CET');
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  });
});

describe('DL3 times the clocks skip or pass twice', () => {
  it('DL3 a skipped time (spring forward) is the first instant after the gap', () => {
    // 31 March 2024, Budapest: 02:00 CET is followed by 03:00 CEST.
    const gap = deadlineAt('2024-03-31', '02:30', BUDAPEST);
    expect(gap.at).toBe('2024-03-31T01:00:00.000Z');
    expect(formatDeadline(gap)).toBe('31 March 2024, 03:00 CEST');
    expect(deadlineAt('2024-03-31', '02:00', BUDAPEST).at).toBe('2024-03-31T01:00:00.000Z');
    // The minutes either side of the gap exist and are kept.
    expect(deadlineAt('2024-03-31', '01:59', BUDAPEST).at).toBe('2024-03-31T00:59:00.000Z');
    expect(deadlineAt('2024-03-31', '03:00', BUDAPEST).at).toBe('2024-03-31T01:00:00.000Z');
    // New York skips 02:00-03:00 on 10 March 2024.
    expect(deadlineAt('2024-03-10', '02:30', NEW_YORK).at).toBe('2024-03-10T07:00:00.000Z');
  });

  it('DL3 a time passed twice (fall back) is the first of the two', () => {
    // 27 October 2024, Budapest: 02:30 CEST, then at 03:00 CEST back to 02:00 CET, 02:30 CET.
    const twice = deadlineAt('2024-10-27', '02:30', BUDAPEST);
    expect(twice.at).toBe('2024-10-27T00:30:00.000Z');
    expect(formatDeadline(twice)).toBe('27 October 2024, 02:30 CEST');
    expect(deadlineAt('2024-10-27', '03:00', BUDAPEST).at).toBe('2024-10-27T02:00:00.000Z');
    expect(deadlineAt('2024-11-03', '01:30', NEW_YORK).at).toBe('2024-11-03T05:30:00.000Z');
  });
});

describe('DL4 how a deadline reads', () => {
  it('DL4 in its own zone, with the zone’s name at that instant', () => {
    expect(formatDeadline(FEEDBACK)).toBe('20 December 2023, 23:59 CET');
    expect(formatDeadline(deadlineAt('2024-06-27', '18:00', BUDAPEST))).toBe(
      '27 June 2024, 18:00 CEST',
    );
    expect(formatDeadline(deadlineAt('2023-12-05', '09:00', ISTANBUL))).toBe(
      '5 December 2023, 09:00 GMT+3',
    );
  });

  it('DL4 in the reader’s zone, the same instant', () => {
    expect(formatDeadline(FEEDBACK, { zone: NEW_YORK })).toBe('20 December 2023, 17:59 EST');
    expect(formatDeadline(FEEDBACK, { zone: ISTANBUL })).toBe('21 December 2023, 01:59 GMT+3');
    expect(formatDeadline(FEEDBACK, { zone: 'UTC' })).toBe('20 December 2023, 22:59 UTC');
    const march = deadlineAt('2024-03-31', '23:59', BUDAPEST);
    expect(formatDeadline(march, { zone: NEW_YORK })).toBe('31 March 2024, 17:59 EDT');
  });

  it('DL4 in another language, the zone name unchanged', () => {
    expect(formatDeadline(FEEDBACK, { locale: 'fr-FR' })).toBe('20 décembre 2023, 23:59 CET');
  });

  it('DL4 zone names follow the instant, not the date the deadline was set', () => {
    expect(zoneAbbreviation(BUDAPEST, '2024-01-15T12:00:00Z')).toBe('CET');
    expect(zoneAbbreviation(BUDAPEST, '2024-07-15T12:00:00Z')).toBe('CEST');
    expect(zoneAbbreviation(NEW_YORK, ms('2024-01-15T12:00:00Z'))).toBe('EST');
    expect(zoneAbbreviation(NEW_YORK, ms('2024-07-15T12:00:00Z'))).toBe('EDT');
    expect(zoneAbbreviation(ISTANBUL, ms('2024-07-15T12:00:00Z'))).toBe('GMT+3');
    expect(zoneAbbreviation('Europe/London', ms('2024-07-15T12:00:00Z'))).toBe('BST');
  });
});

describe('DL5 a deadline holds to the end of its minute', () => {
  const at = ms(FEEDBACK.at); // 23:59:00.000 CET

  it('DL5 1 s before the deadline minute and during it is on time', () => {
    expect(hasPassed(FEEDBACK, at - 1_000)).toBe(false);
    expect(hasPassed(FEEDBACK, at)).toBe(false);
    expect(hasPassed(FEEDBACK, at + 59_000)).toBe(false); // 23:59:59
    expect(hasPassed(FEEDBACK, at + 59_999)).toBe(false); // 23:59:59.999
  });

  it('DL5 from the next minute on, and 1 s after, it has passed', () => {
    expect(closesAt(FEEDBACK.at)).toBe(ms('2023-12-20T23:00:00.000Z'));
    expect(hasPassed(FEEDBACK, at + 60_000)).toBe(true); // 00:00:00.000
    expect(hasPassed(FEEDBACK, at + 61_000)).toBe(true); // 00:00:01
    expect(hasPassed(FEEDBACK, at + 30 * 86_400_000)).toBe(true);
  });

  it('DL5 a deadline on the night the clocks go back closes at the end of its minute', () => {
    const october = deadlineAt('2024-10-27', '23:59', BUDAPEST);
    const end = ms('2024-10-27T23:00:00.000Z');
    expect(hasPassed(october, end - 1_000)).toBe(false);
    expect(hasPassed(october, end + 1_000)).toBe(true);
  });
});

describe('DL6 an extension', () => {
  const at = ms(FEEDBACK.at);
  const until = deadlineAt('2023-12-22', '12:00', BUDAPEST).at;

  it('DL6 keeps submission open until the end of the extension’s minute', () => {
    expect(hasPassed(FEEDBACK, at + 61_000, until)).toBe(false);
    expect(hasPassed(FEEDBACK, ms(until) + 59_000, until)).toBe(false);
    expect(hasPassed(FEEDBACK, ms(until) + 61_000, until)).toBe(true);
  });

  it('DL6 without one (null or absent) the deadline decides', () => {
    expect(hasPassed(FEEDBACK, at + 61_000, null)).toBe(true);
    expect(hasPassed(FEEDBACK, at + 61_000, undefined)).toBe(true);
  });

  it('DL6 never shortens the time', () => {
    const earlier = deadlineAt('2023-12-19', '12:00', BUDAPEST).at;
    expect(hasPassed(FEEDBACK, at + 1_000, earlier)).toBe(false);
    expect(hasPassed(FEEDBACK, at + 61_000, earlier)).toBe(true);
  });
});

describe('DL7 the countdown', () => {
  const end = closesAt(FEEDBACK.at);

  it('DL7 splits the time left into days, hours, minutes and seconds', () => {
    const now = end - (2 * 86_400 + 3 * 3_600 + 4 * 60 + 5) * 1_000;
    expect(countdown(FEEDBACK, now)).toEqual({
      passed: false,
      days: 2,
      hours: 3,
      minutes: 4,
      seconds: 5,
      totalMs: (2 * 86_400 + 3 * 3_600 + 4 * 60 + 5) * 1_000,
    });
  });

  it('DL7 rounds seconds up and reaches zero exactly when the deadline passes', () => {
    expect(countdown(FEEDBACK, end - 1)).toMatchObject({ passed: false, seconds: 1, totalMs: 1 });
    expect(countdown(FEEDBACK, end - 1_000)).toMatchObject({ passed: false, seconds: 1 });
    expect(countdown(FEEDBACK, end - 1_001)).toMatchObject({ passed: false, seconds: 2 });
    const zero = { passed: true, days: 0, hours: 0, minutes: 0, seconds: 0, totalMs: 0 };
    expect(countdown(FEEDBACK, end)).toEqual(zero);
    expect(countdown(FEEDBACK, end + 5_000)).toEqual(zero);
    for (const now of [end - 1_000, end - 1, end, end + 1]) {
      expect(countdown(FEEDBACK, now).passed).toBe(hasPassed(FEEDBACK, now));
    }
  });

  it('DL7 counts across a change of the clocks in real time, not wall time', () => {
    // From 01:00 CET to the end of 23:59 CEST on 31 March 2024 the wall clock moves 23 hours;
    // 22 hours pass.
    const march = deadlineAt('2024-03-31', '23:59', BUDAPEST);
    const now = ms(deadlineAt('2024-03-31', '01:00', BUDAPEST).at);
    expect(countdown(march, now)).toMatchObject({ days: 0, hours: 22, minutes: 0, seconds: 0 });
  });

  it('DL7 follows an extension', () => {
    const until = deadlineAt('2023-12-21', '23:59', BUDAPEST).at;
    expect(countdown(FEEDBACK, end, until)).toMatchObject({ passed: false, days: 1, hours: 0 });
  });
});

describe('DL8 the refusal of a late submission', () => {
  const at = ms(FEEDBACK.at);

  it('DL8 names the deadline in its own zone', () => {
    expect(deadlineRefusal(FEEDBACK, at + 61_000)).toBe(
      'the feedback deadline passed on 20 December 2023, 23:59 CET',
    );
    expect(deadlineRefusal(FEEDBACK, at + 61_000, { what: 'the Reference Group’s deadline' })).toBe(
      'the Reference Group’s deadline passed on 20 December 2023, 23:59 CET',
    );
  });

  it('DL8 is null while on time, with or without an extension', () => {
    expect(deadlineRefusal(FEEDBACK, at + 59_000)).toBeNull();
    const until = deadlineAt('2023-12-22', '12:00', BUDAPEST).at;
    expect(deadlineRefusal(FEEDBACK, at + 61_000, { extensionUntil: until })).toBeNull();
  });

  it('DL8 names the extension too once that has passed', () => {
    const until = deadlineAt('2023-12-22', '12:00', BUDAPEST).at;
    expect(deadlineRefusal(FEEDBACK, ms(until) + 61_000, { extensionUntil: until })).toBe(
      'the feedback deadline passed on 20 December 2023, 23:59 CET' +
        ' and the extension on 22 December 2023, 12:00 CET',
    );
  });
});
