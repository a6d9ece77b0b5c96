import type { Amendment } from '@accord/shared';
import { LIMITE, statusText } from './compilationModel.js';

/** What the CSV is made from: the amendments in document order and the names to show. */
export interface AmendmentsCsvInput {
  amendments: readonly Amendment[];
  delegationNames: ReadonlyMap<string, string>;
  /** The version the amendments are to ("Live text, Round 2") and the day, for the first line. */
  versionName: string;
  date: string;
}

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break; a text a
 * spreadsheet would run as a formula (starting with = + - @, a tab or a carriage return) gets
 * a leading apostrophe, since delegations open the file in Excel (as feedbackTracker.ts does).
 */
export function csvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** How a column reads its value; `name` turns a delegation id into its name. */
type Column = [string, (a: Amendment, name: (id: string) => string) => string | number];

const COLUMNS: readonly Column[] = [
  ['Number', (a) => a.number],
  ['Label', (a) => a.label],
  ['Kind', (a) => a.kind],
  ['Block type', (a) => a.blockType],
  ['Delegation', (a, name) => name(a.delegationId)],
  ['Co-sponsors', (a, name) => a.cosponsors.map(name).join('; ')],
  ['Current text', (a) => a.originalText],
  ['Proposed text', (a) => a.proposedText],
  ['Justification', (a) => a.justification],
  ['Original language', (a) => a.language],
  ['Status', (a) => statusText(a.status)],
  ['Supported by', (a, name) => a.supports.map(name).join('; ')],
  [
    'Objections',
    (a, name) => a.objections.map((o) => `${name(o.delegationId)}: ${o.reason}`).join('; '),
  ],
  ['Decision reason', (a) => a.decision?.reason ?? ''],
  ['Submitted (UTC)', (a) => a.submittedAt],
  ['Outdated', (a) => (a.outdated ? 'yes' : 'no')],
];

/**
 * amendments.csv (EC4): a header line, then one line per amendment in the order given, each
 * with LIMITE, the version and the date in its first columns (so a filtered sheet keeps them);
 * CRLF line ends. The route adds the byte-order mark.
 */
export function amendmentsCsv(input: AmendmentsCsvInput): string {
  const name = (id: string) => input.delegationNames.get(id) ?? id;
  const day = input.date.slice(0, 10);
  const head = ['Classification', 'Version', 'Date', ...COLUMNS.map(([title]) => title)];
  const lines = [head.map(csvField).join(',')];
  for (const a of input.amendments)
    lines.push(
      [LIMITE, input.versionName, day, ...COLUMNS.map(([, get]) => get(a, name))]
        .map(csvField)
        .join(','),
    );
  return lines.join('\r\n') + '\r\n';
}

/** The byte-order mark that makes Excel read the names as UTF-8. */
export const CSV_BOM = '\uFEFF';
