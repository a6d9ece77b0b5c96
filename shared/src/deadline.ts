import { z } from 'zod';

// Deadlines (issue 9, SPEC DL). All time-zone knowledge comes from the platform's Intl (its
// IANA database); nothing here holds offsets or daylight-saving rules of its own, and nothing
// reads the machine's local zone: every function is given the zone it works in.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// Not exported: round.ts exports an `isTimeZone` of its own.
/** True when the platform knows `zone` as a time zone (an IANA name such as "Europe/Budapest"). */
function knownZone(zone: string): boolean {
  if (zone === '' || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat(undefined, { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * A deadline as stored and sent: the instant (UTC, ISO) and the zone it was set in, which decides
 * how it is named ("20 December 2023, 23:59 CET") wherever it is shown.
 */
export const deadlineSchema = z.object({
  at: z.iso.datetime({ offset: true }),
  zone: z.string().refine(knownZone, { message: 'must be a time zone such as "Europe/Budapest"' }),
});

/** A deadline (see `deadlineSchema`). */
export type Deadline = z.infer<typeof deadlineSchema>;

/** One formatter per zone: building them is costly and the offset lookup needs many. */
const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(zone: string): Intl.DateTimeFormat {
  let f = partsFormatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    partsFormatters.set(zone, f);
  }
  return f;
}

/** Milliseconds of a wall-clock reading taken as if it were UTC (years below 100 included). */
function wallMs(y: number, mo: number, d: number, h: number, mi: number, s = 0): number {
  const date = new Date(Date.UTC(2000, mo - 1, d, h, mi, s));
  date.setUTCFullYear(y);
  return date.getTime();
}

/** The wall clock of `zone` at `instant`, as the milliseconds of that reading taken as UTC. */
function wallClockAt(zone: string, instant: number): number {
  const parts: Record<string, number> = {};
  for (const p of partsFormatter(zone).formatToParts(instant)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts;
  return wallMs(year, month, day, hour, minute, second);
}

/** The zone's offset from UTC at `instant`, in ms (CET +3 600 000), seconds precision. */
function offsetAt(zone: string, instant: number): number {
  const whole = Math.floor(instant / 1000) * 1000;
  return wallClockAt(zone, whole) - whole;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{2}):(\d{2})$/;

/**
 * The deadline at wall-clock `date` ("YYYY-MM-DD") and `time` ("HH:mm") in `zone`, as the zone's
 * rules had it on that day (CET or CEST). A time the clocks skip (spring forward) gives the
 * first instant after the gap: 02:30 on 31 March 2024 in Budapest is 03:00 CEST. A time the
 * clocks pass twice (fall back) gives the first of the two: 02:30 on 27 October 2024 is 02:30
 * CEST. Throws a RangeError for a date, time or zone that does not exist.
 */
export function deadlineAt(date: string, time: string, zone: string): Deadline {
  const d = DATE.exec(date);
  const t = TIME.exec(time);
  if (!d || !t) throw new RangeError(`"${date} ${time}" is not a date YYYY-MM-DD and time HH:mm`);
  if (!knownZone(zone)) throw new RangeError(`"${zone}" is not a time zone`);
  const [y, mo, da, h, mi] = [d[1], d[2], d[3], t[1], t[2]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const wall = wallMs(y, mo, da, h, mi);
  const check = new Date(wall);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== da || h > 23 || mi > 59) {
    throw new RangeError(`"${date} ${time}" is not a date and time`);
  }
  return { at: new Date(instantOfWallTime(zone, wall)).toISOString(), zone };
}

/**
 * The instant that `zone` reads as `wall`. The true instant lies within a day of `wall` taken
 * as UTC, and real zones change offset at most once in two days, so the offsets a day before
 * and a day after are the only candidates; a candidate is settled by looking its instant up
 * again (the second pass).
 */
function instantOfWallTime(zone: string, wall: number): number {
  const before = offsetAt(zone, wall - DAY);
  const after = offsetAt(zone, wall + DAY);
  const fits = [before, after]
    .map((offset) => wall - offset)
    .filter((instant) => wallClockAt(zone, instant) === wall);
  if (fits.length > 0) return Math.min(...fits);
  // In a gap: the transition lies between the instant read with the later offset (still
  // before it) and the one read with the earlier offset (already after it).
  let lo = Math.floor((wall - after) / 1000);
  let hi = Math.ceil((wall - before) / 1000);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetAt(zone, mid * 1000) === after) hi = mid;
    else lo = mid;
  }
  return hi * 1000;
}

/** The wall-clock date and time of the deadline in `zone` (its own by default), for forms. */
export function deadlineWallTime(
  deadline: Deadline,
  zone: string = deadline.zone,
): { date: string; time: string } {
  const iso = new Date(wallClockAt(zone, Date.parse(deadline.at))).toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 16) };
}

/**
 * The short name of `zone` at `instant` (ms or ISO): "CET" or "CEST" in Budapest, "EST" or "EDT"
 * in New York, "GMT+3" where the platform knows no letters (Istanbul). British names come
 * first, American ones where British English has none.
 */
export function zoneAbbreviation(zone: string, instant: number | string): string {
  const at = typeof instant === 'string' ? Date.parse(instant) : instant;
  const shortName = (locale: string): string =>
    new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'short' })
      .formatToParts(at)
      .find((p) => p.type === 'timeZoneName')?.value ?? zone;
  const british = shortName('en-GB');
  if (!/^GMT[+-]/.test(british)) return british;
  const american = shortName('en-US');
  return /^[A-Z]{2,5}$/.test(american) ? american : british;
}

/** How `formatDeadline` words a deadline. */
export interface FormatDeadlineOptions {
  /** The language of the date ("en-GB" by default). */
  locale?: string;
  /** The zone to show it in: the deadline's own by default, or the reader's. */
  zone?: string;
}

/**
 * The deadline as people read it, "20 December 2023, 23:59 CET": the date and the time in
 * `zone` (the deadline's own unless given) with that zone's name at that instant, so the same
 * deadline reads "20 December 2023, 17:59 EST" to a delegate in New York.
 */
export function formatDeadline(deadline: Deadline, options: FormatDeadlineOptions = {}): string {
  const { locale = 'en-GB', zone = deadline.zone } = options;
  const at = Date.parse(deadline.at);
  const day = new Intl.DateTimeFormat(locale, {
    timeZone: zone,
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(at);
  const time = new Intl.DateTimeFormat(locale, {
    timeZone: zone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);
  return `${day}, ${time} ${zoneAbbreviation(zone, at)}`;
}

/**
 * The first instant (ms) after a deadline or extension: a deadline "at 23:59" holds up to and
 * including 23:59:59.999, so it closes at the end of the minute its instant falls in.
 */
export function closesAt(at: string): number {
  return Math.floor(Date.parse(at) / MINUTE) * MINUTE + MINUTE;
}

/** The instant (ms) submission closes for someone, given their extension if any. */
function closingFor(deadline: Deadline, extensionUntil?: string | null): number {
  const own = closesAt(deadline.at);
  return extensionUntil ? Math.max(own, closesAt(extensionUntil)) : own;
}

/**
 * True when the deadline has passed at `nowMs` (the server clock's): from the end of the
 * deadline's minute on, and, with an extension, from the end of the extension's minute on (an
 * extension never shortens the time).
 */
export function hasPassed(
  deadline: Deadline,
  nowMs: number,
  extensionUntil?: string | null,
): boolean {
  return nowMs >= closingFor(deadline, extensionUntil);
}

/** What a countdown shows: the time left until `hasPassed` turns true, split for display. */
export interface Countdown {
  passed: boolean;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
  /** Milliseconds left, 0 once passed. */
  totalMs: number;
}

/**
 * The time left at `nowMs`. Seconds are rounded up, so the countdown shows 0 only once the
 * deadline has passed, and reaches it exactly when `hasPassed` turns true.
 */
export function countdown(
  deadline: Deadline,
  nowMs: number,
  extensionUntil?: string | null,
): Countdown {
  const totalMs = Math.max(0, closingFor(deadline, extensionUntil) - nowMs);
  const left = Math.ceil(totalMs / 1000);
  return {
    passed: totalMs === 0,
    days: Math.floor(left / 86_400),
    hours: Math.floor(left / 3_600) % 24,
    minutes: Math.floor(left / 60) % 60,
    seconds: left % 60,
    totalMs,
  };
}

/** What `deadlineRefusal` names and allows. */
export interface DeadlineRefusalOptions {
  /** What the deadline is ("the feedback deadline" by default). */
  what?: string;
  /** The extension the Chair granted this delegation (or all), if any. */
  extensionUntil?: string | null;
}

/**
 * The refusal of a late submission, revision or withdrawal, naming the deadline in its own zone
 * ("the feedback deadline passed on 20 December 2023, 23:59 CET"); null while still on time.
 */
export function deadlineRefusal(
  deadline: Deadline,
  nowMs: number,
  options: DeadlineRefusalOptions = {},
): string | null {
  const { what = 'the feedback deadline', extensionUntil = null } = options;
  if (!hasPassed(deadline, nowMs, extensionUntil)) return null;
  const message = `${what} passed on ${formatDeadline(deadline)}`;
  if (!extensionUntil || closesAt(extensionUntil) <= closesAt(deadline.at)) return message;
  const extension = formatDeadline({ at: extensionUntil, zone: deadline.zone });
  return `${message} and the extension on ${extension}`;
}
