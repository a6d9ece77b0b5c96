import { memo, useId, useState } from 'react';
import { OBJECT_MARK, isUndoable } from '@accord/shared';
import { WordDiffView } from '../amendments/WordDiffView.js';
import { nameOf } from '../amendments/useDelegationNames.js';
import { namesList, originalLanguage, STATUS_WORDS } from '../amendments/amendmentWords.js';
import type { CompilationEntry } from './compilation.js';
import { entryNumbers, type EntryDecision } from './entryDecisions.js';
import { RejectReasonForm } from './RejectReasonForm.js';
import { WORKSPACE_SHORTCUTS } from './workspaceShortcuts.js';

/** Which form of a card is open: accept with changes, or reject (its reason). */
export type CardForm = 'changes' | 'reject' | null;

/** What happened to the card's last decision: under way, or why the server refused it. */
export interface CardOutcome {
  busy: boolean;
  error: string | null;
}

/** What a card tells the page. */
export interface CardHandlers {
  focus(key: string): void;
  toggle(key: string): void;
  open(key: string, form: CardForm): void;
  decide(entry: CompilationEntry, decision: EntryDecision): void;
}

/**
 * One entry of the compilation (identical amendments shown once, SPEC CW1): who proposed it and
 * who co-sponsors, supports or objects, the change against the paragraph's text, the
 * justification, status, and the pen-holder's decisions (CW3). Memoised: the page passes the
 * same props to every card whose entry did not change, so a keystroke draws only what it moves.
 */
export const EntryCard = memo(function EntryCard({
  entry,
  paragraphText,
  names,
  focused,
  selected,
  form,
  outcome,
  handlers,
}: {
  entry: CompilationEntry;
  /** The paragraph's text now ('' when it is not in the text). */
  paragraphText: string;
  names: ReadonlyMap<string, string>;
  focused: boolean;
  selected: boolean;
  form: CardForm;
  outcome: CardOutcome | undefined;
  handlers: CardHandlers;
}) {
  const { first } = entry;
  const titleId = useId();
  const open = entry.status === 'submitted';
  const busy = outcome?.busy === true;
  const who = (ids: readonly string[]) => namesList(ids.map((id) => nameOf(names, id)));
  const numbers = entryNumbers(entry);
  const before =
    first.kind === 'insert'
      ? ''
      : open && paragraphText !== ''
        ? paragraphText
        : first.originalText;
  return (
    <article
      className="cw-card"
      data-entry={entry.key}
      data-status={entry.status}
      data-selected={selected || undefined}
      aria-labelledby={titleId}
      tabIndex={focused ? 0 : -1}
      onFocus={(event) => {
        if (event.target === event.currentTarget || !focused) handlers.focus(entry.key);
      }}
    >
      <div className="cw-card-head">
        <input
          type="checkbox"
          className="cw-check"
          checked={selected}
          aria-label={`Select ${numbers}`}
          aria-keyshortcuts={WORKSPACE_SHORTCUTS.select.aria}
          onChange={() => handlers.toggle(entry.key)}
        />
        <h3 id={titleId} className="cw-card-title">
          {numbers} · {first.label}
          {first.kind === 'insert'
            ? ' (new paragraph)'
            : first.kind === 'delete'
              ? ' (deletion)'
              : ''}{' '}
          — {who(entry.delegationIds)}
        </h3>
        <span className="cw-status">{STATUS_WORDS[entry.status]}</span>
      </div>
      <p className="cw-diff">
        {first.kind === 'delete' ? (
          <>
            <strong>Delete:</strong> <WordDiffView before={before} after="" />
          </>
        ) : (
          <WordDiffView before={before} after={first.proposedText} />
        )}
      </p>
      <dl className="cw-meta">
        {entry.cosponsors.length > 0 && (
          <div>
            <dt>Co-sponsors</dt>
            <dd>{who(entry.cosponsors)}</dd>
          </div>
        )}
        {entry.supports.length > 0 && (
          <div>
            <dt>Supported by</dt>
            <dd>{who(entry.supports)}</dd>
          </div>
        )}
        {entry.objections.length > 0 && (
          <div>
            <dt>Objections</dt>
            <dd>
              {entry.objections.map((o) => (
                <span key={o.delegationId} className="cw-objection">
                  {nameOf(names, o.delegationId)}: {o.reason}
                </span>
              ))}
            </dd>
          </div>
        )}
        {first.justification && (
          <div>
            <dt>Justification</dt>
            <dd className="cw-justification">{first.justification}</dd>
          </div>
        )}
        <div>
          <dt>Language</dt>
          <dd>
            {originalLanguage(first.language)}
            {first.outdated ? ' · outdated: the paragraph has changed since' : ''}
            {first.targetDeleted ? ' · the paragraph has been deleted' : ''}
            {first.decision?.reason ? ` · reason: ${first.decision.reason}` : ''}
          </dd>
        </div>
      </dl>
      <div className="cw-actions" role="group" aria-label={`Decide on ${numbers}`}>
        {open && (
          <>
            <button
              type="button"
              className="button button-primary"
              disabled={busy}
              aria-keyshortcuts={WORKSPACE_SHORTCUTS.accept.aria}
              onClick={() => handlers.decide(entry, { kind: 'accept' })}
            >
              Accept
            </button>
            <button
              type="button"
              className="button"
              disabled={busy}
              aria-expanded={form === 'changes'}
              onClick={() => handlers.open(entry.key, form === 'changes' ? null : 'changes')}
            >
              Accept with changes…
            </button>
            <button
              type="button"
              className="button"
              disabled={busy}
              aria-expanded={form === 'reject'}
              aria-keyshortcuts={WORKSPACE_SHORTCUTS.reject.aria}
              onClick={() => handlers.open(entry.key, form === 'reject' ? null : 'reject')}
            >
              Reject…
            </button>
          </>
        )}
        {entry.amendments.some(isUndoable) && (
          <button
            type="button"
            className="button"
            disabled={busy}
            aria-keyshortcuts={WORKSPACE_SHORTCUTS.undo.aria}
            onClick={() => handlers.decide(entry, { kind: 'undo' })}
          >
            Undo decision
          </button>
        )}
        {busy && <span className="muted">Working…</span>}
      </div>
      {open && form === 'reject' && <RejectForm entry={entry} handlers={handlers} />}
      {open && form === 'changes' && <ChangesForm entry={entry} handlers={handlers} />}
      {outcome?.error && (
        <p className="cw-error" role="alert">
          {outcome.error}
        </p>
      )}
    </article>
  );
});

function RejectForm({ entry, handlers }: { entry: CompilationEntry; handlers: CardHandlers }) {
  return (
    <RejectReasonForm
      label={`Reason for rejecting ${entryNumbers(entry)} (required)`}
      submitLabel="Reject"
      onReject={(reason) => handlers.decide(entry, { kind: 'reject', reason })}
      onCancel={() => handlers.open(entry.key, null)}
    />
  );
}

function ChangesForm({ entry, handlers }: { entry: CompilationEntry; handlers: CardHandlers }) {
  const [text, setText] = useState(entry.first.proposedText);
  const [reason, setReason] = useState('');
  const textId = useId();
  const reasonId = useId();
  return (
    <form
      className="cw-form"
      onSubmit={(event) => {
        event.preventDefault();
        handlers.decide(entry, {
          kind: 'accept-with-changes',
          text: text.replace(/\s*\n\s*/g, ' '),
          reason: reason.trim() || null,
        });
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') handlers.open(entry.key, null);
      }}
    >
      <label htmlFor={textId}>Text that goes in</label>
      {entry.first.proposedText.includes(OBJECT_MARK) && (
        <p className="muted">“{OBJECT_MARK}” stands for a footnote reference; keep it.</p>
      )}
      <textarea
        id={textId}
        className="field-input"
        rows={4}
        value={text}
        autoFocus
        onChange={(event) => setText(event.target.value)}
      />
      <label htmlFor={reasonId}>Reason (optional)</label>
      <input
        id={reasonId}
        className="field-input"
        value={reason}
        maxLength={500}
        onChange={(event) => setReason(event.target.value)}
      />
      <button type="submit" className="button button-primary" disabled={text.trim() === ''}>
        Accept with these changes
      </button>
    </form>
  );
}
