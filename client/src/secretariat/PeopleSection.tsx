import { useState } from 'react';
import type { Delegation } from '@accord/shared';
import type { PersonEntry } from '../api/people.js';
import type { Session } from '../api/session.js';
import { useConfirm } from '../ConfirmDialog.js';
import { PersonRow } from './PersonRow.js';
import { matches } from './matches.js';
import { SearchField } from './SearchField.js';

/** Every account, by delegation, with enable and disable. */
export function PeopleSection({
  people,
  delegations,
  session,
  onChange,
}: {
  people: PersonEntry[];
  delegations: Delegation[];
  session: Session;
  onChange: (change: (list: PersonEntry[]) => PersonEntry[]) => void;
}) {
  const [filter, setFilter] = useState('');
  const [dialog, confirm] = useConfirm();
  const names = new Map(delegations.map((d) => [d.id, d.name]));
  const delegationName = (id: string) => names.get(id) ?? id;
  const shown = people
    .filter((p) => matches(filter, p.displayName, p.username, delegationName(p.delegationId)))
    .sort(
      (a, b) =>
        delegationName(a.delegationId).localeCompare(delegationName(b.delegationId)) ||
        a.displayName.localeCompare(b.displayName),
    );

  const saved = (person: PersonEntry) =>
    onChange((list) => list.map((p) => (p.id === person.id ? person : p)));

  return (
    <>
      <div className="section-head">
        <div>
          <h2 className="section-title">People</h2>
          <p className="section-lead">
            Everyone who can sign in, by delegation. New people join through an invitation link.
          </p>
        </div>
        <SearchField
          label="Find a person"
          placeholder="Name, user name or delegation"
          value={filter}
          onChange={setFilter}
        />
      </div>
      <div className="table-wrap">
        <table className="data-table people-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">User name</th>
              <th scope="col">Delegation</th>
              <th scope="col">Account</th>
              <th scope="col" className="cell-action">
                <span className="visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((p) => (
              <PersonRow
                key={p.id}
                person={p}
                delegationName={delegationName(p.delegationId)}
                self={p.id === session.person.id}
                confirm={confirm}
                onSaved={saved}
              />
            ))}
          </tbody>
        </table>
        {shown.length === 0 && (
          <p className="muted table-empty">
            {people.length === 0 ? 'Nobody has an account yet.' : `Nobody matches “${filter}”.`}
          </p>
        )}
      </div>
      {dialog}
    </>
  );
}
