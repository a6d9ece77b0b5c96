import { useEffect } from 'react';
import { mayConductSilence } from '@accord/shared';
import type { Session } from '../api/session.js';
import { Header } from '../Header.js';
import { useNegotiation } from '../rounds/negotiationStore.js';
import { ProcedureView } from './ProcedureView.js';
import { StartForm } from './StartForm.js';
import { useSilenceProcedures } from './useSilenceProcedures.js';
import '../styles/rounds.css';
import '../styles/silence.css';

/**
 * The silence procedure (issue 9, SPEC SI1–SI9) for everyone: the procedure's state, its expiry
 * in its own zone and the reader's with a countdown on the server's clock, and every break of
 * silence. Entitled delegations break silence here (paragraphs by label, a written reason); the
 * Chair and Co-Chairs circulate a text and withdraw it. Live from the negotiation feed: the
 * state changes at expiry without a reload.
 */
export function SilencePage({ session }: { session: Session }) {
  const { rounds } = useNegotiation();

  useEffect(() => {
    document.title = 'Silence procedure — Accord';
  }, []);

  const { procedures, loadError, documents, announcement, load, received } = useSilenceProcedures();

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
