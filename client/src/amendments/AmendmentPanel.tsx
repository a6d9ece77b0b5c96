import { forwardRef, useId, useState } from 'react';
import { groupIdentical, type Amendment, type Compromise } from '@accord/shared';
import { has, type Session } from '../api/session.js';
import { ApiError, errorMessage } from '../api/http.js';
import { createCompromise, withdrawAmendment } from '../api/amendments.js';
import type { SelectedBlock } from './selectedBlock.js';
import { AmendmentDetails, GroupHeading } from './AmendmentCard.js';
import { PositionControls } from './PositionControls.js';
import { DecisionControls } from './DecisionControls.js';
import { useSubmissionWindow } from '../rounds/negotiationStore.js';

/** Amendments to a block: its modifications and deletions, and new paragraphs after it. */
export function amendmentsOfBlock(amendments: readonly Amendment[], blockId: string): Amendment[] {
  return amendments.filter((a) =>
    a.kind === 'insert' ? a.afterBlockId === blockId : a.blockId === blockId,
  );
}

/** What the panel needs. */
export interface AmendmentPanelProps {
  documentId: string;
  session: Session;
  amendments: readonly Amendment[];
  compromises: readonly Compromise[];
  /** The paragraph the selection is in, or null. */
  block: Pick<SelectedBlock, 'blockId' | 'text'> | null;
  /** Its citation ("OP3"). */
  label: string | null;
  names: ReadonlyMap<string, string>;
  /** Folds a record the server answered with into the feed (before its event arrives). */
  onRecord: (record: Amendment) => void;
  /** Moves focus back to the text (Escape). */
  onLeave: () => void;
}

/**
 * The side panel of the base editor: every amendment to the selected paragraph, identical ones
 * together, with what the session may do about each. Reachable by keyboard (Alt+Shift+A
 * focuses its heading; Escape returns to the text).
 */
export const AmendmentPanel = forwardRef<HTMLHeadingElement, AmendmentPanelProps>(
  function AmendmentPanel(props, headingRef) {
    const { documentId, session, amendments, compromises, block, label, names } = props;
    const [error, setError] = useState<string | null>(null);
    const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
    const [merging, setMerging] = useState(false);
    const [mergeText, setMergeText] = useState('');
    const [mergeReason, setMergeReason] = useState('');
    const headingId = useId();
    const mergeTextId = useId();
    const mergeReasonId = useId();
    const mayPosition = has(session, 'amendment.position');
    const mayDecide = has(session, 'amendment.decide');
    const own = session.delegation.id;
    // Withdrawing is feedback too: closed with the round's window (issue 9).
    const submission = useSubmissionWindow();

    const run = async (action: () => Promise<unknown>): Promise<boolean> => {
      setError(null);
      try {
        const result = await action();
        if (result && typeof result === 'object' && 'id' in result && 'number' in result)
          props.onRecord(result as Amendment);
        return true;
      } catch (err) {
        setError(err instanceof ApiError ? err.message : errorMessage(err));
        return false;
      }
    };

    const mine = block ? amendmentsOfBlock(amendments, block.blockId) : [];
    const groups = groupIdentical(mine);
    const selectable = mine.filter((a) => a.status === 'submitted' && selected.has(a.id));

    return (
      <aside
        className="am-panel"
        aria-labelledby={headingId}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.preventDefault();
            props.onLeave();
          }
        }}
      >
        <h2 id={headingId} ref={headingRef} tabIndex={-1} className="am-panel-heading">
          {block ? `Amendments to ${label ?? 'this paragraph'}` : 'Amendments'}
        </h2>
        {error && (
          <div className="notice notice-error" role="alert">
            <p>{error}</p>
            <button type="button" className="button button-quiet" onClick={() => setError(null)}>
              Dismiss
            </button>
          </div>
        )}
        {!block && (
          <p className="am-hint">Put the cursor in a paragraph to see the amendments to it.</p>
        )}
        {block && groups.length === 0 && (
          <p className="am-hint">No amendments to this paragraph.</p>
        )}
        <ul className="am-list">
          {groups.map((group) => (
            <li key={group.amendments[0]!.id} className="am-group">
              <h3 className="am-group-heading">
                <GroupHeading group={group} names={names} />
              </h3>
              {group.amendments.map((a) => (
                <div key={a.id} className="am-member" data-amendment={a.id}>
                  {group.amendments.length > 1 && (
                    <p className="am-member-heading">
                      A{a.number} (
                      {a.delegationId === own
                        ? 'yours'
                        : (names.get(a.delegationId) ?? a.delegationId)}
                      )
                    </p>
                  )}
                  <AmendmentDetails
                    amendment={a}
                    currentText={a.kind === 'insert' || a.targetDeleted ? null : block!.text}
                    names={names}
                    compromise={compromises.find((c) => c.id === a.compromiseId)}
                  />
                  {a.status === 'submitted' && a.delegationId === own && (
                    <div className="am-actions">
                      <button
                        type="button"
                        className="button button-quiet"
                        disabled={!submission.maySubmit}
                        title={submission.reason ?? undefined}
                        onClick={() => void run(() => withdrawAmendment(a.id))}
                      >
                        Withdraw amendment
                      </button>
                    </div>
                  )}
                  {a.status === 'submitted' && mayPosition && a.delegationId !== own && (
                    <PositionControls amendment={a} delegationId={own} run={run} />
                  )}
                  {a.status === 'submitted' && mayDecide && (
                    <>
                      <DecisionControls amendment={a} run={run} />
                      {a.kind === 'modify' && (
                        <label className="am-select">
                          <input
                            type="checkbox"
                            checked={selected.has(a.id)}
                            onChange={(event) => {
                              const next = new Set(selected);
                              if (event.target.checked) next.add(a.id);
                              else next.delete(a.id);
                              setSelected(next);
                            }}
                          />{' '}
                          Select A{a.number} for a compromise
                        </label>
                      )}
                    </>
                  )}
                </div>
              ))}
            </li>
          ))}
        </ul>
        {mayDecide && block && selectable.length >= 2 && (
          <div className="am-merge">
            <button
              type="button"
              className="button"
              aria-expanded={merging}
              onClick={() => {
                setMergeText(block.text);
                setMerging(!merging);
              }}
            >
              Merge into compromise ({selectable.length})…
            </button>
            {merging && (
              <form
                className="am-form"
                onSubmit={(event) => {
                  event.preventDefault();
                  const ids = selectable.map((a) => a.id);
                  void run(() =>
                    createCompromise(
                      documentId,
                      ids,
                      mergeText.replace(/\s*\n\s*/g, ' '),
                      mergeReason.trim() || null,
                    ),
                  ).then((ok) => {
                    if (!ok) return;
                    setMerging(false);
                    setSelected(new Set());
                  });
                }}
              >
                <label htmlFor={mergeTextId}>Compromise text</label>
                <textarea
                  id={mergeTextId}
                  className="field-input"
                  rows={5}
                  value={mergeText}
                  onChange={(event) => setMergeText(event.target.value)}
                />
                <label htmlFor={mergeReasonId}>Reason (optional)</label>
                <input
                  id={mergeReasonId}
                  className="field-input"
                  value={mergeReason}
                  maxLength={500}
                  onChange={(event) => setMergeReason(event.target.value)}
                />
                <button type="submit" className="button button-primary">
                  Merge
                </button>
              </form>
            )}
          </div>
        )}
      </aside>
    );
  },
);
