import { useState, type FormEvent } from 'react';
import {
  DELEGATION_KINDS,
  KIND_LABELS,
  type Delegation,
  type DelegationKind,
} from '@accord/shared';
import { asSentence, errorMessage } from '../api/http.js';
import { createDelegation } from '../api/delegations.js';

/** Adds a delegation (a State or an organisation) by name and kind; roles are set in the table. */
export function AddDelegationForm({ onAdded }: { onAdded: (delegation: Delegation) => void }) {
  const [name, setName] = useState('');
  const [kind, setKind] = useState<DelegationKind>('participating-state');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() === '') return;
    setBusy(true);
    setMessage(null);
    try {
      const delegation = await createDelegation(name.trim(), kind);
      onAdded(delegation);
      setName('');
      setMessage({ ok: true, text: `${delegation.name} was added.` });
    } catch (err) {
      setMessage({ ok: false, text: asSentence(errorMessage(err)) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="inline-form" onSubmit={(e) => void submit(e)} aria-label="Add a delegation">
      <label className="field">
        <span className="field-label">New delegation</span>
        <input
          className="field-input"
          name="delegation-name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="e.g. Republic of Moldova"
          maxLength={120}
          required
        />
      </label>
      <label className="field">
        <span className="field-label">Kind</span>
        <select
          className="field-input"
          name="delegation-kind"
          value={kind}
          onChange={(e) => setKind(e.target.value as DelegationKind)}
        >
          {DELEGATION_KINDS.map((k) => (
            <option key={k} value={k}>
              {KIND_LABELS[k]}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="button button-primary" disabled={busy}>
        {busy ? 'Adding…' : 'Add delegation'}
      </button>
      {message && (
        <p
          className={message.ok ? 'form-message status-ok' : 'form-message status-bad'}
          role={message.ok ? 'status' : 'alert'}
        >
          {message.text}
        </p>
      )}
    </form>
  );
}
