import { useState } from 'react';
import { createCompromise } from '../api/amendments.js';
import { errorMessage } from '../api/http.js';
import type { CompilationEntry } from './compilation.js';
import { entryNumbers } from './entryDecisions.js';

/**
 * Merges the selected amendments to one paragraph into a compromise: its text (the first
 * amendment's to start from) and an optional reason. Escape cancels.
 */
export function MergeForm({
  entries,
  documentId,
  onMerged,
  onCancel,
}: {
  entries: readonly CompilationEntry[];
  documentId: string;
  onMerged: (message: string) => void;
  onCancel: () => void;
}) {
  const [text, setText] = useState(entries[0]!.first.proposedText);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ids = entries.flatMap((e) => e.amendments.map((a) => a.id));
  const cited = entries.map(entryNumbers).join(', ');
  return (
    <form
      className="cw-form"
      onSubmit={(event) => {
        event.preventDefault();
        setBusy(true);
        createCompromise(documentId, ids, text.replace(/\s*\n\s*/g, ' '), reason.trim() || null)
          .then(() => onMerged(`${cited} merged into a compromise.`))
          .catch((e: unknown) => setError(errorMessage(e)))
          .finally(() => setBusy(false));
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onCancel();
      }}
    >
      <label htmlFor="cw-merge-text">Compromise text for {cited}</label>
      <textarea
        id="cw-merge-text"
        className="field-input"
        rows={4}
        value={text}
        autoFocus
        onChange={(event) => setText(event.target.value)}
      />
      <label htmlFor="cw-merge-reason">Reason (optional)</label>
      <input
        id="cw-merge-reason"
        className="field-input"
        value={reason}
        maxLength={500}
        onChange={(event) => setReason(event.target.value)}
      />
      <button type="submit" className="button button-primary" disabled={busy || text.trim() === ''}>
        Merge into the compromise
      </button>
      {error && (
        <p className="cw-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
