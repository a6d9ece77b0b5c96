/**
 * Dates as people at a negotiation read them: day, month in words, 24-hour time and the time
 * zone, so that "23:59" is never ambiguous between capitals.
 */
const LONG = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZoneName: 'short',
});

const SHORT = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

function valid(iso: string): Date | null {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** "14 December 2024 at 18:00 CET". */
export function formatInstant(iso: string): string {
  const date = valid(iso);
  return date ? LONG.format(date) : iso;
}

/** "14 Dec 2024, 18:00:05", for tables. */
export function formatShort(iso: string): string {
  const date = valid(iso);
  return date ? SHORT.format(date) : iso;
}
