import { useId, useState } from 'react';
import { OBJECT_MARK, type Amendment } from '@accord/shared';
import { decideAmendment } from '../api/amendments.js';

/**
 * A pen-holder's decision on a pending amendment: accept, accept with changes (the proposed
 * text to edit), or reject with a reason. The server refuses what it must (an outdated
 * amendment whose changes overlap asks for accept-with-changes); `run` shows why.
 */
export function DecisionControls({
  amendment,
  run,
}: {
  amendment: Amendment;
  run: (action: () => Promise<unknown>) => Promise<boolean>;
}) {
  const [mode, setMode] = useState<'none' | 'changes' | 'reject'>('none');
  const [text, setText] = useState(amendment.proposedText);
  const [reason, setReason] = useState('');
  const textId = useId();
  const reasonId = useId();
  const done = (ok: boolean) => {
    if (ok) setMode('none');
  };
  return (
    <div className="am-actions" role="group" aria-label={`Decide on A${amendment.number}`}>
      <button
        type="button"
        className="button button-primary"
        onClick={() => void run(() => decideAmendment(amendment.id, 'accept'))}
      >
        Accept
      </button>
      <button
        type="button"
        className="button"
        aria-expanded={mode === 'changes'}
        onClick={() => {
          setText(amendment.proposedText);
          setMode(mode === 'changes' ? 'none' : 'changes');
        }}
      >
        Accept with changes…
      </button>
      <button
        type="button"
        className="button"
        aria-expanded={mode === 'reject'}
        onClick={() => setMode(mode === 'reject' ? 'none' : 'reject')}
      >
        Reject…
      </button>
      {mode === 'changes' && (
        <form
          className="am-form"
          onSubmit={(event) => {
            event.preventDefault();
            void run(() =>
              decideAmendment(amendment.id, 'accept-with-changes', {
                text: text.replace(/\s*\n\s*/g, ' '),
                reason: reason.trim() || null,
              }),
            ).then(done);
          }}
        >
          <label htmlFor={textId}>Text that goes in</label>
          {amendment.proposedText.includes(OBJECT_MARK) && (
            <p className="am-hint">“{OBJECT_MARK}” stands for a footnote reference; keep it.</p>
          )}
          <textarea
            id={textId}
            className="field-input"
            rows={5}
            value={text}
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
      )}
      {mode === 'reject' && (
        <form
          className="am-form"
          onSubmit={(event) => {
            event.preventDefault();
            void run(() => decideAmendment(amendment.id, 'reject', { reason: reason.trim() })).then(
              done,
            );
          }}
        >
          <label htmlFor={reasonId}>Reason for rejecting (required)</label>
          <input
            id={reasonId}
            className="field-input"
            value={reason}
            maxLength={500}
            required
            onChange={(event) => setReason(event.target.value)}
          />
          <button type="submit" className="button" disabled={reason.trim() === ''}>
            Reject
          </button>
        </form>
      )}
    </div>
  );
}
