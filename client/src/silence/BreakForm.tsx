import { useEffect, useId, useState, type FormEvent } from 'react';
import { SILENCE_REASON_MAX, type SilenceProcedure } from '@accord/shared';
import { asSentence, errorMessage } from '../api/http.js';
import { breakSilence, fetchLabels } from '../api/silence.js';

/** The form that breaks silence: a text, its paragraphs by label, and the written reason. */
export function BreakForm({
  procedure,
  titles,
  onBroken,
}: {
  procedure: SilenceProcedure;
  titles: ReadonlyMap<string, string>;
  onBroken: (p: SilenceProcedure) => void;
}) {
  const id = useId();
  const [documentId, setDocumentId] = useState(procedure.documentIds[0]!);
  const [labels, setLabels] = useState<[string, string][] | null>(null);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    setLabels(null);
    setChosen(new Set());
    fetchLabels(documentId, controller.signal)
      .then((l) =>
        setLabels(Object.entries(l.labels).map(([block, label]) => [block, label.short])),
      )
      .catch((e: unknown) => {
        if (!controller.signal.aborted) setError(asSentence(errorMessage(e)));
      });
    return () => controller.abort();
  }, [documentId]);

  const toggle = (block: string, on: boolean) =>
    setChosen((current) => {
      const next = new Set(current);
      if (on) next.add(block);
      else next.delete(block);
      return next;
    });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setDone('');
    if (chosen.size === 0) return setError('Choose at least one paragraph.');
    if (reason.trim() === '') return setError('Give the reason for breaking silence.');
    setBusy(true);
    try {
      const order = (labels ?? []).map(([b]) => b).filter((b) => chosen.has(b));
      const p = await breakSilence(procedure.id, { documentId, blockIds: order, reason });
      onBroken(p);
      setChosen(new Set());
      setReason('');
      setDone('Silence broken. Your reason is recorded.');
    } catch (err) {
      setError(asSentence(errorMessage(err)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="silence-form" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`} className="silence-subtitle">
        Break silence
      </h3>
      {procedure.documentIds.length > 1 && (
        <div className="field">
          <label className="field-label" htmlFor={`${id}-doc`}>
            Text
          </label>
          <select
            id={`${id}-doc`}
            className="field-input"
            value={documentId}
            onChange={(e) => setDocumentId(e.currentTarget.value)}
          >
            {procedure.documentIds.map((d) => (
              <option key={d} value={d}>
                {titles.get(d) ?? d}
              </option>
            ))}
          </select>
        </div>
      )}
      <fieldset className="silence-paragraphs">
        <legend>Paragraphs on which you break silence</legend>
        {labels === null ? (
          <p className="muted">Loading the paragraphs…</p>
        ) : (
          <div className="silence-paragraph-list">
            {labels.map(([block, label]) => (
              <label key={block} className="silence-paragraph">
                <input
                  type="checkbox"
                  checked={chosen.has(block)}
                  onChange={(e) => toggle(block, e.currentTarget.checked)}
                />{' '}
                {label}
              </label>
            ))}
          </div>
        )}
      </fieldset>
      <div className="field">
        <label className="field-label" htmlFor={`${id}-reason`}>
          Reason (required)
        </label>
        <textarea
          id={`${id}-reason`}
          className="field-input"
          rows={4}
          maxLength={SILENCE_REASON_MAX}
          required
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
        />
      </div>
      {error && (
        <div className="notice notice-error notice-inline" role="alert">
          <p>{error}</p>
        </div>
      )}
      <p className="muted" role="status">
        {done}
      </p>
      <button type="submit" className="button button-danger" disabled={busy}>
        Break silence
      </button>
    </form>
  );
}
