import { useEffect, useState } from 'react';
import type { DocumentKind, DocumentSummary } from '@accord/shared';
import { fetchDocuments } from './api/documents.js';
import { documentPath, followLink } from './router.js';
import { DOCUMENT_KIND_NAMES, NEGOTIATION } from './negotiation.js';
import { useSessionState } from './session/sessionStore.js';
import { ImportDeclaration } from './ImportDeclaration.js';

type Load =
  | { state: 'loading' }
  | { state: 'error'; message: string }
  | { state: 'ready'; documents: DocumentSummary[] };

function kindName(kind: DocumentKind | string): string {
  return kind in DOCUMENT_KIND_NAMES ? DOCUMENT_KIND_NAMES[kind as DocumentKind] : 'Document';
}

/** The negotiation's documents, each opening its editor. */
export function DocumentList() {
  const session = useSessionState();
  const canImport =
    session.status === 'signed-in' && session.session.capabilities.includes('participants.manage');
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    document.title = `Documents — ${NEGOTIATION.dialogue} — Accord`;
    const controller = new AbortController();
    setLoad({ state: 'loading' });
    fetchDocuments(controller.signal)
      .then((documents) => setLoad({ state: 'ready', documents }))
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        setLoad({
          state: 'error',
          message: error instanceof Error ? error.message : String(error),
        });
      });
    return () => controller.abort();
  }, [attempt]);

  return (
    <main className="page">
      <p className="page-kicker">{NEGOTIATION.name}</p>
      <h1 className="page-title">Negotiated documents</h1>
      <p className="page-lead">
        The texts under negotiation. Everyone with the document open sees each change as it is made;
        paragraph numbers are derived from the structure and follow every insertion.
      </p>
      {load.state === 'loading' && (
        <p className="muted" role="status">
          Loading documents…
        </p>
      )}
      {load.state === 'error' && (
        <div className="notice notice-error" role="alert">
          <p>
            <strong>The documents could not be loaded:</strong> {load.message}.
          </p>
          <button type="button" className="button" onClick={() => setAttempt((n) => n + 1)}>
            Try again
          </button>
        </div>
      )}
      {load.state === 'ready' && load.documents.length === 0 && (
        <>
          <p className="muted">This negotiation has no documents yet.</p>
          {canImport && <ImportDeclaration onImported={() => setAttempt((n) => n + 1)} />}
        </>
      )}
      {load.state === 'ready' && load.documents.length > 0 && (
        <ul className="document-list" aria-label="Documents">
          {load.documents.map((d) => (
            <li key={d.id}>
              <a className="document-card" href={documentPath(d.id)} onClick={followLink}>
                <span className="document-kind">{kindName(d.kind)}</span>
                <span className="document-title">{d.title}</span>
                <span className="document-open" aria-hidden="true">
                  Open text →
                </span>
              </a>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
