import { useCallback, useEffect, useId, useState } from 'react';
import {
  mayBreakSilence,
  mayConductSilence,
  silenceEndsAt,
  SILENCE_STATE_LABELS,
  type Round,
  type SilenceProcedure,
} from '@accord/shared';
import type { Session } from '../api/session.js';
import { asSentence, errorMessage } from '../api/http.js';
import { withdrawSilence } from '../api/silence.js';
import { useConfirm } from '../ConfirmDialog.js';
import { Countdown } from '../rounds/Countdown.js';
import { negotiation } from '../rounds/negotiationStore.js';
import { deadlineInZones } from '../rounds/roundWords.js';
import { BreakForm } from './BreakForm.js';
import { BreaksTable } from './BreaksTable.js';
import { ProcedureOutcome } from './ProcedureOutcome.js';

/** One procedure: its state, expiry and countdown, breaks, and what the reader may do. */
export function ProcedureView({
  procedure,
  session,
  round,
  titles,
  onChanged,
}: {
  procedure: SilenceProcedure;
  session: Session;
  round: Round | null;
  titles: ReadonlyMap<string, string>;
  onChanged: (p: SilenceProcedure) => void;
}) {
  const headingId = useId();
  const ends = silenceEndsAt(procedure);
  const serverNow = useCallback(() => negotiation.serverNow(), []);
  const [expired, setExpired] = useState(() => negotiation.serverNow() >= ends);
  const [error, setError] = useState<string | null>(null);
  const [dialog, confirm] = useConfirm();
  useEffect(() => setExpired(negotiation.serverNow() >= ends), [ends]);

  const under = procedure.state === 'under-silence';
  const expiry = deadlineInZones(procedure.expiry);
  const stateWords = under
    ? expired
      ? 'Silence expired — the outcome is being recorded'
      : 'Under silence'
    : SILENCE_STATE_LABELS[procedure.state].replace(/^./, (c) => c.toUpperCase());

  const withdraw = async () => {
    const yes = await confirm({
      title: 'Withdraw the silence procedure?',
      body: (
        <p>
          The text is no longer under silence and the round returns to consolidation. This cannot be
          undone; a new procedure needs a new silence round.
        </p>
      ),
      confirmLabel: 'Withdraw',
      danger: true,
    });
    if (!yes) return;
    setError(null);
    try {
      onChanged(await withdrawSilence(procedure.id));
    } catch (e) {
      setError(asSentence(errorMessage(e)));
    }
  };

  return (
    <section
      className="silence-procedure"
      aria-labelledby={headingId}
      data-state={under && expired ? 'expired' : procedure.state}
    >
      <h2 id={headingId} className="silence-title">
        {round?.name ?? 'Silence procedure'}{' '}
        <span className="silence-state" data-testid="silence-state">
          {stateWords}
        </span>
      </h2>
      <p>
        Texts:{' '}
        {procedure.documentIds.map((id, i) => (
          <span key={id}>
            {i > 0 && ', '}
            {titles.get(id) ?? id}
          </span>
        ))}
        .
      </p>
      <p>
        {under && !expired ? 'Silence expires on ' : 'Silence expired on '}
        <time dateTime={procedure.expiry.at}>{expiry.own}</time>
        {expiry.same ? ' (your time too)' : ` (your time: ${expiry.local})`}.{' '}
        {under && !expired && (
          <span className="silence-countdown">
            Time left:{' '}
            <Countdown
              key={ends}
              closing={ends}
              serverNow={serverNow}
              onPassed={() => setExpired(true)}
              onMark={() => undefined}
            />
          </span>
        )}
      </p>
      <ProcedureOutcome procedure={procedure} titles={titles} />
      <h3 className="silence-subtitle">Breaks of silence</h3>
      <BreaksTable procedure={procedure} titles={titles} />
      {error && (
        <div className="notice notice-error notice-inline" role="alert">
          <p>{error}</p>
        </div>
      )}
      {under && !expired && mayBreakSilence(session.delegation, round) && (
        <BreakForm procedure={procedure} titles={titles} onBroken={onChanged} />
      )}
      {under && !expired && mayConductSilence(session.delegation) && (
        <p>
          <button type="button" className="button button-danger" onClick={() => void withdraw()}>
            Withdraw the procedure
          </button>
        </p>
      )}
      {dialog}
    </section>
  );
}
