import { useState } from 'react';
import { asSentence, errorMessage } from '../api/http.js';
import { setDisabled, type PersonEntry } from '../api/people.js';
import type { ConfirmRequest } from '../ConfirmDialog.js';

/**
 * One account: who, which delegation, whether it may sign in. Disabling asks first (the person
 * is signed out everywhere at once); enabling does not.
 */
export function PersonRow({
  person,
  delegationName,
  self,
  confirm,
  onSaved,
}: {
  person: PersonEntry;
  delegationName: string;
  self: boolean;
  confirm: (request: ConfirmRequest) => Promise<boolean>;
  onSaved: (person: PersonEntry) => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const change = async (disabled: boolean) => {
    if (disabled) {
      const yes = await confirm({
        title: `Disable the account of ${person.displayName}?`,
        body: (
          <p>
            {person.displayName} ({delegationName}) is signed out at once and cannot sign in until
            the account is enabled again. Nothing they wrote is removed.
          </p>
        ),
        confirmLabel: 'Disable account',
        danger: true,
      });
      if (!yes) return;
    }
    setBusy(true);
    setError(null);
    try {
      onSaved(await setDisabled(person.id, disabled));
    } catch (err) {
      setError(asSentence(errorMessage(err)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <tr data-person={person.username} data-disabled={person.disabled || undefined}>
      <th scope="row" className="cell-name">
        {person.displayName}
        {self && <span className="cell-note"> (you)</span>}
      </th>
      <td>
        <code className="username">{person.username}</code>
      </td>
      <td>{delegationName}</td>
      <td>
        {person.disabled ? (
          <span className="status-pill status-pill-off">Disabled</span>
        ) : (
          <span className="status-pill status-pill-on">Active</span>
        )}
      </td>
      <td className="cell-action">
        <button
          type="button"
          className={
            person.disabled ? 'button button-small' : 'button button-small button-quiet-danger'
          }
          onClick={() => void change(!person.disabled)}
          disabled={busy || (self && !person.disabled)}
          title={self && !person.disabled ? 'You cannot disable your own account' : undefined}
        >
          {person.disabled ? 'Enable' : 'Disable'}
        </button>
        {error && (
          <span className="status-bad cell-error" role="alert">
            {error}
          </span>
        )}
      </td>
    </tr>
  );
}
