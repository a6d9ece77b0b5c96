import type { Amendment } from './amendment.js';
import type { TrackerRow, Tracker } from './api/roundApi.js';
import { closesAt } from './deadline.js';
import type { Delegation } from './delegation.js';
import type { Extension } from './extension.js';
import { maySubmitInRound, type Round } from './round.js';
import { extensionFor } from './roundGate.js';
import type { Thread } from './thread.js';

/**
 * The feedback tracker (SPEC FT1–FT4): for one round, who responded, with how many amendments
 * and comments, when, who was late or had an extension, and who has not responded. Pure: the
 * server passes what it stored. Internal threads are a delegation's private drafting and are
 * never counted (FT2); an amendment counts in the round it was first submitted in, even after
 * it was carried into the next (FT1).
 */
export function feedbackTracker(input: {
  round: Round;
  delegations: readonly Delegation[];
  amendments: readonly Amendment[];
  threads: readonly Thread[];
  extensions: readonly Extension[];
}): Tracker {
  const { round } = input;
  const from = round.startedAt ? Date.parse(round.startedAt) : -Infinity;
  const to = round.publishedAt ? Date.parse(round.publishedAt) : Infinity;
  const due = round.deadline ? closesAt(round.deadline.at) : Infinity;
  const times = new Map<string, { amendments: number; comments: number; at: number[] }>();
  const entry = (delegationId: string) => {
    let e = times.get(delegationId);
    if (!e) times.set(delegationId, (e = { amendments: 0, comments: 0, at: [] }));
    return e;
  };
  for (const a of input.amendments) {
    if ((a.carriedFrom[0] ?? a.roundId) !== round.id) continue;
    const e = entry(a.delegationId);
    e.amendments++;
    e.at.push(Date.parse(a.submittedAt));
  }
  for (const t of input.threads) {
    if (t.visibility !== 'public') continue;
    for (const c of t.comments) {
      const at = Date.parse(c.createdAt);
      if (c.deleted || at < from || at >= to) continue;
      const e = entry(c.delegationId);
      e.comments++;
      e.at.push(at);
    }
  }
  const rows: TrackerRow[] = input.delegations.map((d) => {
    const e = times.get(d.id);
    const first = e && e.at.length > 0 ? Math.min(...e.at) : null;
    const last = e && e.at.length > 0 ? Math.max(...e.at) : null;
    return {
      delegationId: d.id,
      name: d.name,
      kind: d.kind,
      entitled: maySubmitInRound({ ...round, phase: 'feedback' }, d) === true,
      amendments: e?.amendments ?? 0,
      comments: e?.comments ?? 0,
      firstAt: first === null ? null : new Date(first).toISOString(),
      lastAt: last === null ? null : new Date(last).toISOString(),
      late: last !== null && last >= due,
      extendedUntil: extensionFor(input.extensions, d.id),
      responded: (e?.amendments ?? 0) + (e?.comments ?? 0) > 0,
    };
  });
  // English collation, not the server machine's locale: the same order on every host (FT4).
  rows.sort((a, b) => a.name.localeCompare(b.name, 'en'));
  return { roundId: round.id, roundName: round.name, deadline: round.deadline, rows };
}

/** The tracker's columns in the CSV, in order. */
const COLUMNS: readonly [string, (r: TrackerRow) => string | number | boolean | null][] = [
  ['Delegation', (r) => r.name],
  ['Delegation id', (r) => r.delegationId],
  ['Kind', (r) => r.kind],
  ['Entitled to submit', (r) => (r.entitled ? 'yes' : 'no')],
  ['Responded', (r) => (r.responded ? 'yes' : 'no')],
  ['Amendments', (r) => r.amendments],
  ['Comments', (r) => r.comments],
  ['First (UTC)', (r) => r.firstAt],
  ['Last (UTC)', (r) => r.lastAt],
  ['Late', (r) => (r.late ? 'yes' : 'no')],
  ['Extended until (UTC)', (r) => r.extendedUntil],
];

/**
 * One CSV field (RFC 4180): quoted when needed; a field a spreadsheet would run as a formula
 * (starting with = + - @ or a tab) gets a leading apostrophe, since the file is opened in Excel.
 */
function field(value: string | number | boolean | null): string {
  if (value === null) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** FT4: the tracker as CSV, a header line then one line per delegation, CRLF line ends. */
export function trackerCsv(tracker: Tracker): string {
  const lines = [COLUMNS.map(([name]) => field(name)).join(',')];
  for (const row of tracker.rows) lines.push(COLUMNS.map(([, get]) => field(get(row))).join(','));
  return lines.join('\r\n') + '\r\n';
}
