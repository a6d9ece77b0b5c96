import { useState } from 'react';
import { ROLE_LABELS, ROLES, type Delegation } from '@accord/shared';
import type { Session } from '../api/session.js';
import { useConfirm } from '../ConfirmDialog.js';
import { recheckSession } from '../session/sessionStore.js';
import { AddDelegationForm } from './AddDelegationForm.js';
import { DelegationRow } from './DelegationRow.js';
import { matches } from './matches.js';
import { SearchField } from './SearchField.js';

/** Every delegation with its kind and roles; roles are changed here, delegations added. */
export function DelegationsSection({
  delegations,
  session,
  onChange,
}: {
  delegations: Delegation[];
  session: Session;
  onChange: (change: (list: Delegation[]) => Delegation[]) => void;
}) {
  const [filter, setFilter] = useState('');
  const [dialog, confirm] = useConfirm();
  const shown = delegations.filter((d) => matches(filter, d.name, d.id));

  const saved = (delegation: Delegation) => {
    onChange((list) => list.map((d) => (d.id === delegation.id ? delegation : d)));
    // Changing one's own delegation changes one's own rights: the header and pages follow.
    if (delegation.id === session.delegation.id) void recheckSession();
  };
  const added = (delegation: Delegation) =>
    onChange((list) => [...list, delegation].sort((a, b) => a.name.localeCompare(b.name)));

  return (
    <>
      <div className="section-head">
        <div>
          <h2 className="section-title">Delegations and roles</h2>
          <p className="section-lead">
            The Chair, Co-Chair and Secretariat edit the text; every other delegation reads it.
            Changes are saved as soon as a box is ticked or cleared.
          </p>
        </div>
        <SearchField
          label="Find a delegation"
          placeholder="Name"
          value={filter}
          onChange={setFilter}
        />
      </div>
      <div className="table-wrap">
        <table className="data-table delegations-table">
          <thead>
            <tr>
              <th scope="col">Delegation</th>
              <th scope="col">Kind</th>
              {ROLES.map((role) => (
                <th key={role} scope="col" className="cell-toggle">
                  {ROLE_LABELS[role]}
                </th>
              ))}
              <th scope="col" className="cell-status">
                <span className="visually-hidden">Status</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((d) => (
              <DelegationRow
                key={d.id}
                delegation={d}
                own={d.id === session.delegation.id}
                confirm={confirm}
                onSaved={saved}
              />
            ))}
          </tbody>
        </table>
        {shown.length === 0 && (
          <p className="muted table-empty">No delegation matches “{filter}”.</p>
        )}
      </div>
      <p className="table-count muted">
        {shown.length === delegations.length
          ? `${delegations.length} delegations`
          : `${shown.length} of ${delegations.length} delegations`}
      </p>
      <h3 className="subsection-title">Add a delegation</h3>
      <AddDelegationForm onAdded={added} />
      {dialog}
    </>
  );
}
