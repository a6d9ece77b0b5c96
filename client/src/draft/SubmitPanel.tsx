import { memo, useId, useState } from 'react';
import type { Amendment } from '@accord/shared';
import { submitAmendments, withdrawAmendment } from '../api/amendments.js';
import { asSentence, errorMessage } from '../api/http.js';
import type { AmendmentFeed } from '../amendments/AmendmentFeed.js';
import { upsertAmendment } from '../amendments/feedState.js';
import { STATUS_WORDS, originalLanguage } from '../amendments/amendmentWords.js';
import { statusText, type ChangeRow } from './changeRows.js';
import { useSubmissionWindow } from '../rounds/negotiationStore.js';

/** The six official languages of the United Nations, the usual "Or." of a text. */
const LANGUAGES: ReadonlyArray<[string, string]> = [
  ['en', 'English'],
  ['fr', 'French'],
  ['es', 'Spanish'],
  ['ru', 'Russian'],
  ['zh', 'Chinese'],
  ['ar', 'Arabic'],
];

const KIND_WORDS = { modify: 'Change', insert: 'New text', delete: 'Deletion' } as const;

/** A block's text, shortened for a list. */
function excerpt(text: string): string {
  const clean = text.replace(/\uFFFC/g, '').trim();
  return clean.length > 90 ? `${clean.slice(0, 88)}…` : clean;
}

/**
 * The side panel that turns the working copy into amendments: its changes, each with its status
 * (not submitted, submitted as Amendment N, changed since), submitted selected or all at once
 * with one justification and language; and the delegation's own amendments, to withdraw. The
 * server's refusals are shown in its own words. Memoised: the page re-renders on every keystroke,
 * the panel only when its rows (read after a pause in typing) or the amendments change.
 */
export const SubmitPanel = memo(function SubmitPanel({
  documentId,
  rows,
  ownAmendments,
  feed,
  ready,
}: {
  documentId: string;
  rows: readonly ChangeRow[];
  ownAmendments: readonly Amendment[];
  feed: AmendmentFeed;
  /** False until both texts are loaded. */
  ready: boolean;
}) {
  const headingId = useId();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [justification, setJustification] = useState('');
  const [language, setLanguage] = useState('en');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  // The round decides when submitting is open (issue 9): closed at the deadline, live.
  const submission = useSubmissionWindow();
  const closed = !submission.maySubmit;

  const live = new Set(rows.map((r) => r.change.blockId));
  const chosen = [...selected].filter((id) => live.has(id));

  const submit = async (blocks: readonly string[] | 'all') => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const made = await submitAmendments(documentId, blocks, { justification, language });
      feed.apply((state) => made.reduce(upsertAmendment, state));
      setSelected(new Set());
      // The justification went with these amendments; the next submission gives its own.
      setJustification('');
      setDone(
        made.length === 0
          ? 'Nothing was submitted.'
          : `Submitted: ${made.map((a) => `Amendment ${a.number} (${a.label})`).join(', ')}.`,
      );
    } catch (e) {
      setError(asSentence(errorMessage(e)));
    } finally {
      setBusy(false);
    }
  };

  const withdraw = async (amendment: Amendment) => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const after = await withdrawAmendment(amendment.id);
      feed.apply((state) => upsertAmendment(state, after));
      setDone(`Amendment ${after.number} (${after.label}) withdrawn.`);
    } catch (e) {
      setError(asSentence(errorMessage(e)));
    } finally {
      setBusy(false);
    }
  };

  const toggle = (id: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    setSelected(next);
  };

  return (
    <aside className="draft-panel" aria-labelledby={headingId}>
      <h2 id={headingId} className="draft-panel-title">
        Submit amendments
      </h2>
      {error && (
        <div className="notice notice-error" role="alert">
          <p>{error}</p>
        </div>
      )}
      <p className="draft-panel-done" role="status">
        {done}
      </p>
      {closed && (
        <p className="round-closed-reason" role="note">
          {asSentence(submission.reason ?? 'Submitting is closed.')}
        </p>
      )}
      {!ready ? (
        <p className="muted">Loading the texts…</p>
      ) : rows.length === 0 ? (
        <p className="muted">
          Your working copy reads as the base text: nothing to submit. Edit the text to propose
          changes.
        </p>
      ) : (
        <ul className="draft-changes" aria-label="Changes in your working copy">
          {rows.map((row) => {
            const id = row.change.blockId;
            const text =
              row.change.kind === 'delete' ? row.change.originalText : row.change.proposedText;
            return (
              <li
                key={`${row.change.kind}:${id}`}
                className="draft-change"
                data-block={id}
                data-status={row.submitted ? (row.submitted.same ? 'submitted' : 'changed') : 'new'}
              >
                <label className="draft-change-pick">
                  <input
                    type="checkbox"
                    checked={selected.has(id)}
                    onChange={(e) => toggle(id, e.currentTarget.checked)}
                  />
                  <span>
                    <strong>{KIND_WORDS[row.change.kind]}</strong> — {row.citation}
                  </span>
                </label>
                {text && <p className="draft-change-text">{excerpt(text)}</p>}
                <p className="draft-change-status">{statusText(row)}</p>
              </li>
            );
          })}
        </ul>
      )}
      <div className="field">
        <label className="field-label" htmlFor={`${headingId}-why`}>
          Justification
        </label>
        <textarea
          id={`${headingId}-why`}
          className="field-input draft-justification"
          rows={3}
          maxLength={2000}
          value={justification}
          onChange={(e) => setJustification(e.currentTarget.value)}
        />
      </div>
      <div className="field">
        <label className="field-label" htmlFor={`${headingId}-lang`}>
          Original language
        </label>
        <select
          id={`${headingId}-lang`}
          className="field-input"
          value={language}
          onChange={(e) => setLanguage(e.currentTarget.value)}
        >
          {LANGUAGES.map(([code, name]) => (
            <option key={code} value={code}>
              {name} ({originalLanguage(code)})
            </option>
          ))}
        </select>
      </div>
      <div className="draft-panel-actions">
        <button
          type="button"
          className="button button-primary"
          disabled={busy || closed || !ready || chosen.length === 0}
          onClick={() => void submit(chosen)}
        >
          Submit selected{chosen.length > 0 ? ` (${chosen.length})` : ''}
        </button>
        <button
          type="button"
          className="button"
          disabled={busy || closed || !ready || rows.length === 0}
          onClick={() => void submit('all')}
        >
          Submit all
        </button>
      </div>
      <h3 className="draft-panel-subtitle">Your delegation’s amendments</h3>
      {ownAmendments.length === 0 ? (
        <p className="muted">None submitted yet.</p>
      ) : (
        <ul className="draft-own">
          {ownAmendments.map((a) => (
            <li key={a.id} className="draft-own-item" data-status={a.status}>
              <span>
                <strong>
                  Amendment {a.number} ({a.label})
                </strong>{' '}
                — {STATUS_WORDS[a.status]}
                {a.revision > 1 ? `, revision ${a.revision}` : ''}
                {a.outdated ? ', the text has changed since' : ''}
              </span>
              {a.status === 'submitted' && (
                <button
                  type="button"
                  className="button button-small button-quiet"
                  disabled={busy || closed}
                  aria-label={`Withdraw Amendment ${a.number} (${a.label})`}
                  onClick={() => void withdraw(a)}
                >
                  Withdraw
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </aside>
  );
});
