import { useState } from 'react';
import type { Delegation } from '@accord/shared';
import { fetchInvitations, type InvitationEntry } from '../api/invitations.js';
import type { PersonEntry } from '../api/people.js';
import { formatShort } from '../formatDate.js';
import { useLoad } from '../useLoad.js';
import { LoadState } from './LoadState.js';
import { CreateInvitationForm } from './CreateInvitationForm.js';
import { InvitationLink } from './InvitationLink.js';
import { invitationStatus } from './invitationStatus.js';

const STATUS_LABELS = { open: 'Open', used: 'Used', expired: 'Expired' } as const;

/** New invitation links, and every invitation made so far with its status. */
export function InvitationsSection({
  delegations,
  people,
  onAccountsChanged,
}: {
  delegations: Delegation[];
  people: PersonEntry[];
  /** Called when the list shows an invitation used since the people were loaded. */
  onAccountsChanged: () => void;
}) {
  const invitations = useLoad(fetchInvitations);
  const [created, setCreated] = useState<{ invitation: InvitationEntry; link: string } | null>(
    null,
  );
  const delegationName = (id: string) => delegations.find((d) => d.id === id)?.name ?? id;
  const personName = (id: string | null) => {
    const person = people.find((p) => p.id === id);
    return person ? `${person.displayName} (${person.username})` : (id ?? '');
  };
  const now = Date.now();

  return (
    <>
      <div className="section-head">
        <div>
          <h2 className="section-title">Invitations</h2>
          <p className="section-lead">
            An invitation link lets one person of a delegation create an account. Links work once
            and expire after two weeks.
          </p>
        </div>
      </div>
      <CreateInvitationForm
        delegations={delegations}
        onCreated={(c) => {
          setCreated(c);
          invitations.reload();
        }}
      />
      {created && (
        <InvitationLink
          link={created.link}
          displayName={created.invitation.displayName}
          delegationName={delegationName(created.invitation.delegationId)}
          onDismiss={() => setCreated(null)}
        />
      )}
      <div className="subsection-head">
        <h3 className="subsection-title">Invitations made</h3>
        <button
          type="button"
          className="button button-small"
          onClick={() => {
            invitations.reload();
            onAccountsChanged();
          }}
        >
          Refresh
        </button>
      </div>
      <LoadState load={invitations.result} what="the invitations" onRetry={invitations.reload}>
        {(list) =>
          list.length === 0 ? (
            <p className="muted">No invitation has been made yet.</p>
          ) : (
            <div className="table-wrap">
              <table className="data-table invitations-table">
                <thead>
                  <tr>
                    <th scope="col">Person</th>
                    <th scope="col">Delegation</th>
                    <th scope="col">Created</th>
                    <th scope="col">Expires</th>
                    <th scope="col">Status</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((inv) => {
                    const status = invitationStatus(inv, now);
                    return (
                      <tr key={inv.id} data-status={status}>
                        <th scope="row" className="cell-name">
                          {inv.displayName}
                        </th>
                        <td>{delegationName(inv.delegationId)}</td>
                        <td className="cell-muted">
                          {inv.createdAt ? formatShort(inv.createdAt) : ''}
                          {inv.createdBy && <> by {personName(inv.createdBy)}</>}
                        </td>
                        <td className="cell-muted">{formatShort(inv.expiresAt)}</td>
                        <td>
                          <span className={`status-pill status-pill-${status}`}>
                            {STATUS_LABELS[status]}
                          </span>
                          {status === 'used' && inv.usedAt && (
                            <span className="cell-muted">
                              {' '}
                              {formatShort(inv.usedAt)}
                              {inv.usedBy && <>, account {personName(inv.usedBy)}</>}
                            </span>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )
        }
      </LoadState>
    </>
  );
}
