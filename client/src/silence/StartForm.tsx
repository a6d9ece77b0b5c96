import { useId, useMemo, useState, type FormEvent } from 'react';
import type { DocumentSummary, Round, SilenceProcedure } from '@accord/shared';
import { asSentence, errorMessage } from '../api/http.js';
import { startSilence } from '../api/silence.js';
import {
  DeadlineFields,
  draftOf,
  readDraft,
  type DeadlineDraft,
} from '../rounds/DeadlineFields.js';
import { negotiation } from '../rounds/negotiationStore.js';

/** The Chair's form: the silence round, the texts (all by default) and the exact expiry. */
export function StartForm({
  rounds,
  documents,
  onStarted,
}: {
  rounds: readonly Round[];
  documents: readonly DocumentSummary[];
  onStarted: (p: SilenceProcedure) => void;
}) {
  const id = useId();
  const candidates = useMemo(
    () =>
      rounds.filter(
        (r) => r.kind === 'silence' && (r.phase === 'not-started' || r.phase === 'drafting'),
      ),
    [rounds],
  );
  const [roundId, setRoundId] = useState('');
  const [expiry, setExpiry] = useState<DeadlineDraft>(() => draftOf(null, negotiation.serverNow()));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const chosenRound = candidates.find((r) => r.id === roundId) ?? candidates[0] ?? null;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!chosenRound) return;
    const read = readDraft(expiry);
    if (typeof read === 'string') return setError(read);
    setBusy(true);
    try {
      onStarted(await startSilence({ roundId: chosenRound.id, expiry }));
      await negotiation.refresh();
    } catch (err) {
      setError(asSentence(errorMessage(err)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="silence-form" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`} className="silence-subtitle">
        Circulate the text under silence
      </h2>
      {candidates.length === 0 ? (
        <p className="muted">
          A silence procedure runs in a round of kind “silence” at the end of the list. Add one on
          the rounds page first.
        </p>
      ) : (
        <>
          {candidates.length > 1 && (
            <div className="field">
              <label className="field-label" htmlFor={`${id}-round`}>
                Round
              </label>
              <select
                id={`${id}-round`}
                className="field-input"
                value={chosenRound?.id ?? ''}
                onChange={(e) => setRoundId(e.currentTarget.value)}
              >
                {candidates.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.name}
                  </option>
                ))}
              </select>
            </div>
          )}
          <p>
            Round: <strong>{chosenRound?.name}</strong>. Texts: all{' '}
            {documents.length > 0 ? `(${documents.map((d) => d.title).join(', ')})` : ''}.
          </p>
          <DeadlineFields value={expiry} onChange={setExpiry} legend="Silence expires on" />
          {error && (
            <div className="notice notice-error notice-inline" role="alert">
              <p>{error}</p>
            </div>
          )}
          <button type="submit" className="button button-primary" disabled={busy}>
            Circulate under silence
          </button>
        </>
      )}
    </form>
  );
}
