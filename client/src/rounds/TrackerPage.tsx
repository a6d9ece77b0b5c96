import { useCallback, useEffect, useState } from 'react';
import {
  formatDeadline,
  KIND_LABELS,
  type DelegationKind,
  type Tracker,
  type TrackerRow,
} from '@accord/shared';
import { fetchTracker, trackerCsvUrl } from '../api/rounds.js';
import { Header } from '../Header.js';
import { LoadState } from '../secretariat/LoadState.js';
import { followLink } from '../router.js';
import { useLoad } from '../useLoad.js';
import { deadlineInZones } from './roundWords.js';
import '../styles/rounds.css';

/** The columns the table sorts by. */
type SortKey = 'name' | 'kind' | 'amendments' | 'comments' | 'firstAt' | 'lastAt' | 'status';

const COLUMNS: ReadonlyArray<[SortKey, string]> = [
  ['name', 'Delegation'],
  ['kind', 'Kind'],
  ['amendments', 'Amendments'],
  ['comments', 'Comments'],
  ['firstAt', 'First'],
  ['lastAt', 'Last'],
  ['status', 'Status'],
];

/** Who needs the Secretariat's attention first: not responded, late, extended, on time. */
function statusRank(row: TrackerRow): number {
  if (!row.entitled) return 4;
  if (!row.responded) return 0;
  if (row.late) return 1;
  if (row.extendedUntil) return 2;
  return 3;
}

function kindWords(kind: string): string {
  return kind in KIND_LABELS ? KIND_LABELS[kind as DelegationKind] : kind;
}

/** Compares two rows by `key`; ties by name, so the order is stable. */
export function compareRows(key: SortKey, a: TrackerRow, b: TrackerRow): number {
  const byName = a.name.localeCompare(b.name);
  let d = 0;
  switch (key) {
    case 'name':
      return byName;
    case 'kind':
      d = kindWords(a.kind).localeCompare(kindWords(b.kind));
      break;
    case 'amendments':
    case 'comments':
      d = a[key] - b[key];
      break;
    case 'firstAt':
    case 'lastAt':
      // Nothing yet sorts after every date.
      d = (a[key] ?? '\uffff').localeCompare(b[key] ?? '\uffff');
      break;
    case 'status':
      d = statusRank(a) - statusRank(b);
      break;
  }
  return d || byName;
}

/** The status of a row in words, each flag a word and not a colour only. */
function Status({ row, zone }: { row: TrackerRow; zone: string }) {
  if (!row.entitled) return <span className="cell-muted">Not entitled in this round</span>;
  return (
    <>
      {!row.responded && <span className="tracker-flag tracker-flag-none">Not responded</span>}
      {row.responded && !row.late && <span className="tracker-flag tracker-flag-ok">On time</span>}
      {row.late && <span className="tracker-flag tracker-flag-late">Late</span>}
      {row.extendedUntil && (
        <span className="tracker-flag tracker-flag-extension">
          Extension until {formatDeadline({ at: row.extendedUntil, zone })}
        </span>
      )}
    </>
  );
}

/** The table, sortable by every column (a button in each header, `aria-sort` on the sorted one). */
function TrackerTable({ tracker }: { tracker: Tracker }) {
  const [sort, setSort] = useState<{ key: SortKey; ascending: boolean }>({
    key: 'status',
    ascending: true,
  });
  const zone = tracker.deadline?.zone ?? 'UTC';
  const when = (at: string | null) => (at ? formatDeadline({ at, zone }) : '—');
  const rows = [...tracker.rows].sort(
    (a, b) => compareRows(sort.key, a, b) * (sort.ascending ? 1 : -1),
  );
  const entitled = tracker.rows.filter((r) => r.entitled);
  const responded = entitled.filter((r) => r.responded).length;
  const late = tracker.rows.filter((r) => r.late).length;
  const extended = tracker.rows.filter((r) => r.extendedUntil !== null).length;
  return (
    <>
      <p className="tracker-summary">
        {responded} of {entitled.length} delegations entitled to submit have responded;{' '}
        {entitled.length - responded} have not. {late} late, {extended} with an extension.
      </p>
      <div className="table-wrap">
        <table className="data-table tracker-table">
          <caption className="visually-hidden">
            Feedback in {tracker.roundName}, sorted by {COLUMNS.find(([k]) => k === sort.key)?.[1]},{' '}
            {sort.ascending ? 'ascending' : 'descending'}
          </caption>
          <thead>
            <tr>
              {COLUMNS.map(([key, label]) => (
                <th
                  key={key}
                  scope="col"
                  aria-sort={
                    sort.key === key ? (sort.ascending ? 'ascending' : 'descending') : undefined
                  }
                >
                  <button
                    type="button"
                    className="sort-button"
                    onClick={() =>
                      setSort((s) => ({
                        key,
                        ascending: s.key === key ? !s.ascending : true,
                      }))
                    }
                  >
                    {label}
                    <span aria-hidden="true">
                      {sort.key === key ? (sort.ascending ? ' ▲' : ' ▼') : ' ↕'}
                    </span>
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr
                key={row.delegationId}
                data-delegation={row.delegationId}
                data-responded={row.responded ? 'yes' : 'no'}
              >
                <th scope="row" className="cell-name">
                  {row.name}
                </th>
                <td>{kindWords(row.kind)}</td>
                <td>{row.amendments}</td>
                <td>{row.comments}</td>
                <td className="cell-nowrap">{when(row.firstAt)}</td>
                <td className="cell-nowrap">{when(row.lastAt)}</td>
                <td>
                  <Status row={row} zone={zone} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/**
 * The feedback tracker of a round, for the Chair and the Secretariat: which delegations have
 * submitted, how many amendments and comments, when, who was late or had an extension, and who
 * has not responded; sortable, and downloadable as CSV.
 */
export function TrackerPage({ roundId }: { roundId: string }) {
  const load = useCallback((signal: AbortSignal) => fetchTracker(roundId, signal), [roundId]);
  const { result, reload } = useLoad(load);
  const name = result.state === 'ready' ? result.data.roundName : 'Round';

  useEffect(() => {
    document.title = `Feedback tracker: ${name} — Accord`;
  }, [name]);

  return (
    <>
      <Header />
      <main className="page page-wide tracker-page">
        <p>
          <a href="/rounds" onClick={followLink}>
            ← All rounds
          </a>
        </p>
        <h1 className="page-title">Feedback tracker: {name}</h1>
        <LoadState load={result} what="the tracker" onRetry={reload}>
          {(tracker) => {
            const deadline = tracker.deadline ? deadlineInZones(tracker.deadline) : null;
            return (
              <>
                <p className="page-lead">
                  {deadline
                    ? `Deadline: ${deadline.own}${deadline.same ? '' : ` (your time: ${deadline.local})`}.`
                    : 'This round has no deadline.'}{' '}
                  Comments count those every participant sees; drafting inside a delegation is never
                  counted.
                </p>
                <p className="tracker-tools">
                  <a className="button" href={trackerCsvUrl(tracker.roundId)} download>
                    Download CSV
                  </a>{' '}
                  <button type="button" className="button" onClick={reload}>
                    Refresh
                  </button>
                </p>
                <TrackerTable tracker={tracker} />
              </>
            );
          }}
        </LoadState>
      </main>
    </>
  );
}
