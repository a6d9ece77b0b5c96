import { useState, type FormEvent } from 'react';
import type { Delegation } from '@accord/shared';
import { asSentence, errorMessage } from '../api/http.js';
import { createInvitation, type InvitationEntry } from '../api/invitations.js';

/** Creates a one-time link for a named person of a delegation. */
export function CreateInvitationForm({
  delegations,
  onCreated,
}: {
  delegations: Delegation[];
  onCreated: (created: { invitation: InvitationEntry; link: string }) => void;
}) {
  const [delegationId, setDelegationId] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (delegationId === '' || displayName.trim() === '') return;
    setBusy(true);
    setError(null);
    try {
      onCreated(await createInvitation(delegationId, displayName.trim()));
      setDisplayName('');
    } catch (err) {
      setError(asSentence(errorMessage(err)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="inline-form" onSubmit={(e) => void submit(e)} aria-label="Invite a person">
      <label className="field">
        <span className="field-label">Delegation</span>
        <select
          className="field-input"
          name="invitation-delegation"
          value={delegationId}
          onChange={(e) => setDelegationId(e.target.value)}
          required
        >
          <option value="" disabled>
            Choose a delegation…
          </option>
          {delegations.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </select>
      </label>
      <label className="field field-grow">
        <span className="field-label">Name of the person</span>
        <input
          className="field-input"
          name="invitation-name"
          value={displayName}
          onChange={(e) => setDisplayName(e.target.value)}
          placeholder="As colleagues should see it, e.g. Klaus Weber"
          maxLength={120}
          required
        />
      </label>
      <button type="submit" className="button button-primary" disabled={busy}>
        {busy ? 'Creating…' : 'Create invitation link'}
      </button>
      {error && (
        <p className="form-message status-bad" role="alert">
          Not created: {error}
        </p>
      )}
    </form>
  );
}
