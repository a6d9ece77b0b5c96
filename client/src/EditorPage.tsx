import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Identity } from './identity.js';
import { followLink } from './router.js';
import { useDocumentSummary } from './useDocumentSummary.js';
import { useEditorSession } from './useEditorSession.js';
import { Header } from './Header.js';
import { Presence } from './Presence.js';
import { ConnectionIndicator } from './ConnectionIndicator.js';
import { NamePrompt } from './NamePrompt.js';

/** One document open for editing: the document bar, notices, and the sheet with the text. */
export function EditorPage({
  documentId,
  identity,
  onIdentityChange,
  editable,
}: {
  documentId: string;
  identity: Identity;
  onIdentityChange: (identity: Identity) => void;
  /** Whether this person may edit (future roles); false shows the text visibly read-only. */
  editable: boolean;
}) {
  const mountRef = useRef<HTMLDivElement>(null);
  const [askName, setAskName] = useState(!identity.confirmed);
  const lookup = useDocumentSummary(documentId);
  const missing = lookup.state === 'missing';
  const user = useMemo(
    () => ({ name: identity.name, color: identity.color }),
    [identity.name, identity.color],
  );
  const session = useEditorSession({ documentId, enabled: !missing, user, editable, mountRef });
  const { collab, saveState, phase } = session;
  const title =
    session.title || (lookup.state === 'found' ? lookup.summary.title : '') || 'Untitled document';

  useEffect(() => {
    document.title = `${missing ? 'Document not found' : title} — Accord`;
  }, [missing, title]);

  const finishNamePrompt = useCallback(
    (next: Identity) => {
      onIdentityChange(next);
      setAskName(false);
    },
    [onIdentityChange],
  );

  return (
    <>
      <Header />
      <div className="doc-bar">
        <div className="doc-bar-inner">
          <div className="doc-bar-heading">
            <a className="doc-bar-back" href="/" onClick={followLink}>
              ← All documents
            </a>
            <h1 className="doc-bar-title">
              {missing
                ? 'Document not found'
                : phase === 'loading' && !session.title
                  ? 'Loading…'
                  : title}
            </h1>
          </div>
          {!session.canEdit && phase === 'ready' && (
            <span className="badge badge-readonly">Read only</span>
          )}
          <span className="app-bar-spacer" />
          {collab && (
            <Presence awareness={collab.provider.awareness} onEditSelf={() => setAskName(true)} />
          )}
          {!missing && <ConnectionIndicator state={saveState} />}
        </div>
        {askName && <NamePrompt identity={identity} onDone={finishNamePrompt} />}
      </div>
      <main className="editor-page">
        {session.notice && (
          <div className="notice notice-warning" role="alert">
            <p>{session.notice}</p>
            <button type="button" className="button button-quiet" onClick={session.dismissNotice}>
              Dismiss
            </button>
          </div>
        )}
        {missing && (
          <div className="notice notice-error" role="alert">
            <p>
              <strong>No such document.</strong> This negotiation has no document “{documentId}”.{' '}
              <a href="/" onClick={followLink}>
                See all documents
              </a>
            </p>
          </div>
        )}
        {saveState.kind === 'stopped' && (
          <div className="notice notice-error" role="alert">
            <p>
              <strong>Not connected.</strong> {saveState.message}
            </p>
          </div>
        )}
        {!editable && (
          <div className="notice notice-info">
            <p>
              You are following this text read-only. Changes made by the pen-holders appear as they
              are made.
            </p>
          </div>
        )}
        {!missing && (
          <article
            className="paper"
            data-phase={phase}
            data-editable={session.canEdit ? 'true' : 'false'}
          >
            {phase === 'loading' && (
              <p className="paper-message" role="status">
                Loading the text from the server…
              </p>
            )}
            {phase === 'empty' && (
              <p className="paper-message">This document has no text on the server yet.</p>
            )}
            <div ref={mountRef} className="paper-text" />
          </article>
        )}
      </main>
    </>
  );
}
