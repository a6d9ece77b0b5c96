import { useCallback } from 'react';
import type { Delegation } from '@accord/shared';
import { fetchAudit } from '../api/audit.js';
import type { PersonEntry } from '../api/people.js';
import { formatShort } from '../formatDate.js';
import { useLoad } from '../useLoad.js';
import { LoadState } from './LoadState.js';
import { actionLabel, detailText, targetText, type AuditNames } from './auditWords.js';

/** How many entries the table shows (the most recent). */
const LIMIT = 200;

/** The append-only audit trail, most recent first: who, which delegation, what, when, outcome. */
export function AuditSection({
  delegations,
  people,
}: {
  delegations: Delegation[];
  people: PersonEntry[];
}) {
  const load = useCallback((signal: AbortSignal) => fetchAudit(LIMIT, signal), []);
  const audit = useLoad(load);
  const names: AuditNames = {
    person: (id) => {
      const p = people.find((person) => person.id === id);
      return p ? `${p.displayName} (${p.username})` : null;
    },
    delegation: (id) => delegations.find((d) => d.id === id)?.name ?? null,
  };
  const delegationName = (id: string | null) => (id === null ? '—' : (names.delegation(id) ?? id));

  return (
    <>
      <div className="section-head">
        <div>
          <h2 className="section-title">Audit trail</h2>
          <p className="section-lead">
            Sign-ins, changes of roles and accounts, invitations, and every refused operation, as
            the server recorded them. The trail cannot be edited. The {LIMIT} most recent entries
            are shown, newest first.
          </p>
        </div>
        <button type="button" className="button button-small" onClick={audit.reload}>
          Refresh
        </button>
      </div>
      <LoadState load={audit.result} what="the audit trail" onRetry={audit.reload}>
        {(entries) =>
          entries.length === 0 ? (
            <p className="muted">Nothing has been recorded yet.</p>
          ) : (
            <div className="table-wrap">
              <table className="data-table audit-table">
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Who</th>
                    <th scope="col">Delegation</th>
                    <th scope="col">Action</th>
                    <th scope="col">Target</th>
                    <th scope="col">Outcome</th>
                    <th scope="col">Details</th>
                  </tr>
                </thead>
                <tbody>
                  {entries.map((e) => (
                    <tr key={e.id} data-outcome={e.outcome}>
                      <td className="cell-muted cell-nowrap">{formatShort(e.at)}</td>
                      <td>{e.username ?? '—'}</td>
                      <td>{delegationName(e.delegationId)}</td>
                      <td>{actionLabel(e.action)}</td>
                      <td className="cell-muted" title={e.target ?? undefined}>
                        {targetText(e.target, names)}
                      </td>
                      <td>
                        <span
                          className={`status-pill ${e.outcome === 'ok' ? 'status-pill-on' : 'status-pill-refused'}`}
                        >
                          {e.outcome === 'ok' ? 'Done' : 'Refused'}
                        </span>
                      </td>
                      <td className="cell-detail">{detailText(e.detail, names)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </LoadState>
    </>
  );
}
