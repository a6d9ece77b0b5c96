import { useState } from 'react';
import { KIND_LABELS, ROLE_LABELS, ROLES, type Delegation, type Role } from '@accord/shared';
import { asSentence, errorMessage } from '../api/http.js';
import { saveRoles } from '../api/delegations.js';
import type { ConfirmRequest } from '../ConfirmDialog.js';
import { PEN_HOLDER_ROLES, whatIsLost } from './penHolders.js';

type RowState =
  { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'error'; message: string };

/**
 * One delegation with a checkbox per role. A change is saved at once (the whole set of roles);
 * taking a pen-holder role away asks first, because the delegation's open documents turn
 * read-only the moment it is saved.
 */
export function DelegationRow({
  delegation,
  own,
  confirm,
  onSaved,
}: {
  delegation: Delegation;
  /** The signed-in person's own delegation. */
  own: boolean;
  confirm: (request: ConfirmRequest) => Promise<boolean>;
  onSaved: (delegation: Delegation) => void;
}) {
  const [state, setState] = useState<RowState>({ kind: 'idle' });

  const toggle = async (role: Role, on: boolean) => {
    if (!on && PEN_HOLDER_ROLES.includes(role)) {
      const yes = await confirm({
        title: `Remove the ${ROLE_LABELS[role]} role from ${delegation.name}?`,
        body: (
          <>
            <p>
              Once saved, {whatIsLost(role)}. Documents they have open switch to read-only at once.
            </p>
            {own && role === 'secretariat' && (
              <p>
                <strong>This is your own delegation:</strong> you will lose access to this page.
              </p>
            )}
          </>
        ),
        confirmLabel: `Remove ${ROLE_LABELS[role]} role`,
        danger: true,
      });
      if (!yes) return;
    }
    const roles = on
      ? ROLES.filter((r) => r === role || delegation.roles.includes(r))
      : delegation.roles.filter((r) => r !== role);
    setState({ kind: 'saving' });
    try {
      onSaved(await saveRoles(delegation.id, roles));
      setState({ kind: 'saved' });
    } catch (err) {
      setState({ kind: 'error', message: asSentence(errorMessage(err)) });
    }
  };

  return (
    <tr data-delegation={delegation.id}>
      <th scope="row" className="cell-name">
        {delegation.name}
        {own && <span className="cell-note"> (your delegation)</span>}
      </th>
      <td className="cell-muted">{KIND_LABELS[delegation.kind]}</td>
      {ROLES.map((role) => (
        <td key={role} className="cell-toggle">
          <input
            type="checkbox"
            className="role-toggle"
            data-role={role}
            checked={delegation.roles.includes(role)}
            disabled={state.kind === 'saving'}
            onChange={(e) => void toggle(role, e.target.checked)}
            aria-label={`${ROLE_LABELS[role]}: ${delegation.name}`}
          />
        </td>
      ))}
      <td className="cell-status" aria-live="polite">
        {state.kind === 'saving' && <span className="muted">Saving…</span>}
        {state.kind === 'saved' && <span className="status-ok">Saved</span>}
        {state.kind === 'error' && (
          <span className="status-bad" role="alert">
            Not saved: {state.message}
          </span>
        )}
      </td>
    </tr>
  );
}
