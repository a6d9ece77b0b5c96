import { useCallback, useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import {
  brokenParagraphs,
  formatDeadline,
  mayBreakSilence,
  mayConductSilence,
  silenceEndsAt,
  SILENCE_REASON_MAX,
  SILENCE_STATE_LABELS,
  type DocumentSummary,
  type NegotiationEvent,
  type Round,
  type SilenceProcedure,
} from '@accord/shared';
import type { Session } from '../api/session.js';
import { asSentence, errorMessage } from '../api/http.js';
import { fetchDocuments } from '../api/documents.js';
import {
  breakSilence,
  fetchLabels,
  fetchSilence,
  startSilence,
  withdrawSilence,
} from '../api/silence.js';
import { useConfirm } from '../ConfirmDialog.js';
import { Header } from '../Header.js';
import { Countdown } from '../rounds/Countdown.js';
import {
  DeadlineFields,
  draftOf,
  readDraft,
  type DeadlineDraft,
} from '../rounds/DeadlineFields.js';
import { negotiation, useNegotiation, useNegotiationEvents } from '../rounds/negotiationStore.js';
import { deadlineInZones } from '../rounds/roundWords.js';
import '../styles/rounds.css';
import '../styles/silence.css';

/** What the page shows and does in one place: the procedures, newest state of each. */
type Procedures = SilenceProcedure[] | null;

/** The procedures with `next` in place of its older state (or added). */
function withProcedure(list: Procedures, next: SilenceProcedure): Procedures {
  if (!list) return list;
  const i = list.findIndex((p) => p.id === next.id);
  if (i === -1) return [...list, next];
  // Events and answers can cross: a decided procedure never goes back under silence.
  if (list[i]!.state !== 'under-silence' && next.state === 'under-silence') return list;
  return list.map((p) => (p.id === next.id ? next : p));
}

/** The time an instant reads in the reader's zone ("5 November 2024, 10:00 CET"). */
function localTime(at: string): string {
  return formatDeadline({ at, zone: Intl.DateTimeFormat().resolvedOptions().timeZone });
}

/**
 * The silence procedure (issue 9, SPEC SI1–SI9) for everyone: the procedure's state, its expiry
 * in its own zone and the reader's with a countdown on the server's clock, and every break of
 * silence. Entitled delegations break silence here (paragraphs by label, a written reason); the
 * Chair and Co-Chairs circulate a text and withdraw it. Live from the negotiation feed: the
 * state changes at expiry without a reload.
 */
export function SilencePage({ session }: { session: Session }) {
  const { rounds } = useNegotiation();
  const [procedures, setProcedures] = useState<Procedures>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [documents, setDocuments] = useState<DocumentSummary[]>([]);
  const [announcement, setAnnouncement] = useState('');

  useEffect(() => {
    document.title = 'Silence procedure — Accord';
  }, []);

  const load = useCallback((signal?: AbortSignal) => {
    fetchSilence(signal)
      .then((list) => {
        setLoadError(null);
        // What the server answers now wins, except that a procedure seen decided stays so.
        setProcedures((current) =>
          list.procedures.reduce<Procedures>((acc, p) => withProcedure(acc, p), current ?? []),
        );
      })
      .catch((e: unknown) => {
        if (!signal?.aborted) setLoadError(asSentence(errorMessage(e)));
      });
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal);
    fetchDocuments(controller.signal)
      .then(setDocuments)
      .catch(() => {
        // Titles are a nicety; ids stand in for them.
      });
    return () => controller.abort();
  }, [load]);

  const onEvent = useCallback(
    (event: NegotiationEvent) => {
      // The feed sends the rounds on every (re)connect: what changed while it was down is read
      // again then, since silence events are not replayed.
      if (event.type === 'rounds') return load();
      if (event.type !== 'silence') return;
      setProcedures((list) => withProcedure(list ?? [], event.procedure));
      if (event.procedure.state !== 'under-silence')
        setAnnouncement(`The silence procedure is ${SILENCE_STATE_LABELS[event.procedure.state]}.`);
    },
    [load],
  );
  useNegotiationEvents(onEvent);

  const received = useCallback((p: SilenceProcedure) => {
    setProcedures((list) => withProcedure(list, p));
  }, []);

  const allRounds = rounds?.rounds ?? [];
  const titles = new Map(documents.map((d) => [d.id, d.title]));
  const list = procedures ?? [];
  const open = list.find((p) => p.state === 'under-silence') ?? null;
  const newestFirst = [...list].reverse();
  const conductor = mayConductSilence(session.delegation);

  return (
    <>
      <Header />
      <main className="page page-wide silence-page">
        <p className="page-kicker">Negotiation</p>
        <h1 className="page-title">Silence procedure</h1>
        <p className="page-lead">
          The Chair circulates the text under silence until an exact time. Until then any
          participating State may break silence on specific paragraphs, with a written reason. At
          the expiry the server decides by itself: without a break the text is adopted and becomes
          final; otherwise it is not adopted, and the paragraphs and who broke silence are listed.
        </p>
        <p className="visually-hidden" role="status" aria-live="polite">
          {announcement}
        </p>
        {loadError && (
          <div className="notice notice-error notice-inline" role="alert">
            <p>
              <strong>Could not load the silence procedures:</strong> {loadError}
            </p>
            <button type="button" className="button" onClick={() => load()}>
              Try again
            </button>
          </div>
        )}
        {procedures === null && !loadError && (
          <p className="muted" role="status">
            Loading…
          </p>
        )}
        {procedures !== null && list.length === 0 && (
          <p className="muted">No text has been circulated under silence.</p>
        )}
        {conductor && procedures !== null && !open && (
          <StartForm rounds={allRounds} documents={documents} onStarted={received} />
        )}
        {newestFirst.map((p) => (
          <ProcedureView
            key={p.id}
            procedure={p}
            session={session}
            round={allRounds.find((r) => r.id === p.roundId) ?? null}
            titles={titles}
            onChanged={received}
          />
        ))}
      </main>
    </>
  );
}

/** One procedure: its state, expiry and countdown, breaks, and what the reader may do. */
function ProcedureView({
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
  const paragraphs = brokenParagraphs(procedure);
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
      {procedure.state === 'adopted' && (
        <p className="silence-outcome">
          <strong>Adopted</strong> — nobody broke silence; the text is final.
        </p>
      )}
      {procedure.state === 'not-adopted' && (
        <div className="silence-outcome">
          <p>
            <strong>Not adopted</strong> — silence was broken on:
          </p>
          <ul>
            {paragraphs.map((p) => (
              <li key={`${p.documentId}:${p.blockId}`}>
                {p.label || p.blockId}
                {procedure.documentIds.length > 1
                  ? ` (${titles.get(p.documentId) ?? p.documentId})`
                  : ''}{' '}
                by {p.delegations.map((d) => d.name).join(', ')}
              </li>
            ))}
          </ul>
        </div>
      )}
      {procedure.state === 'withdrawn' && procedure.decidedAt && (
        <p className="silence-outcome">
          Withdrawn by the Chair on {localTime(procedure.decidedAt)}.
        </p>
      )}
      <h3 className="silence-subtitle">Breaks of silence</h3>
      {procedure.breaks.length === 0 ? (
        <p className="muted">Silence has not been broken.</p>
      ) : (
        <div className="table-wrap">
          <table className="data-table silence-breaks">
            <thead>
              <tr>
                <th scope="col">Delegation</th>
                <th scope="col">Paragraphs</th>
                <th scope="col">Reason</th>
                <th scope="col">When</th>
              </tr>
            </thead>
            <tbody>
              {procedure.breaks.map((b) => (
                <tr key={`${b.delegationId}-${b.at}`}>
                  <th scope="row">{b.delegationName}</th>
                  <td>
                    {b.labels.map((l, i) => l || b.blockIds[i]).join(', ')}
                    {procedure.documentIds.length > 1 && (
                      <div className="cell-muted">{titles.get(b.documentId) ?? b.documentId}</div>
                    )}
                  </td>
                  <td className="silence-reason">{b.reason}</td>
                  <td>
                    <time dateTime={b.at}>{localTime(b.at)}</time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
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

/** The form that breaks silence: a text, its paragraphs by label, and the written reason. */
function BreakForm({
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

/** The Chair's form: the silence round, the texts (all by default) and the exact expiry. */
function StartForm({
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
