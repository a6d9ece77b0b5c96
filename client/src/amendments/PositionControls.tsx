import { useId, useState } from 'react';
import { positionOf, type Amendment, type AmendmentPosition } from '@accord/shared';
import { setPosition } from '../api/amendments.js';
import { asSentence } from '../api/http.js';
import { useSubmissionWindow } from '../rounds/negotiationStore.js';

const POSITION_WORDS: Record<AmendmentPosition, string> = {
  cosponsor: 'You co-sponsor it',
  support: 'You support it',
  object: 'You object',
  none: 'You have taken no position',
};

/**
 * Co-sponsor, support, object (with a reason) or take the position back, for another
 * delegation's pending amendment. `run` shows the server's refusal if there is one.
 */
export function PositionControls({
  amendment,
  delegationId,
  run,
}: {
  amendment: Amendment;
  delegationId: string;
  run: (action: () => Promise<unknown>) => Promise<boolean>;
}) {
  const [objecting, setObjecting] = useState(false);
  const [reason, setReason] = useState('');
  const reasonId = useId();
  const current = positionOf(amendment, delegationId);
  // Positions are feedback: open only while the round takes it (issue 9), closed live.
  const submission = useSubmissionWindow();
  const closed = !submission.maySubmit;
  const take = (position: AmendmentPosition, why: string | null = null) =>
    run(() => setPosition(amendment.id, position, why));
  return (
    <div className="am-actions" role="group" aria-label={`Your position on A${amendment.number}`}>
      <p className="am-position">
        {POSITION_WORDS[current.position]}
        {current.reason ? `: “${current.reason}”` : ''}
      </p>
      {closed && (
        <p className="round-closed-reason" role="note">
          {asSentence(submission.reason ?? 'Taking positions is closed.')}
        </p>
      )}
      {current.position !== 'cosponsor' && (
        <button
          type="button"
          className="button"
          disabled={closed}
          onClick={() => void take('cosponsor')}
        >
          Co-sponsor
        </button>
      )}
      {current.position !== 'support' && (
        <button
          type="button"
          className="button"
          disabled={closed}
          onClick={() => void take('support')}
        >
          Support
        </button>
      )}
      {!objecting && (
        <button
          type="button"
          className="button"
          disabled={closed}
          onClick={() => setObjecting(true)}
        >
          Object…
        </button>
      )}
      {current.position !== 'none' && (
        <button
          type="button"
          className="button button-quiet"
          disabled={closed}
          onClick={() => void take('none')}
        >
          Withdraw my position
        </button>
      )}
      {objecting && !closed && (
        <form
          className="am-form"
          onSubmit={(event) => {
            event.preventDefault();
            void take('object', reason.trim()).then((ok) => {
              if (ok) {
                setObjecting(false);
                setReason('');
              }
            });
          }}
        >
          <label htmlFor={reasonId}>Reason for objecting</label>
          <input
            id={reasonId}
            className="field-input"
            value={reason}
            maxLength={500}
            required
            onChange={(event) => setReason(event.target.value)}
          />
          <button type="submit" className="button" disabled={reason.trim() === ''}>
            Object
          </button>
          <button type="button" className="button button-quiet" onClick={() => setObjecting(false)}>
            Cancel
          </button>
        </form>
      )}
    </div>
  );
}
