import { useEffect, useMemo, useRef } from 'react';
import { has, type Session } from './api/session.js';
import type { PresenceUser } from './presenceUser.js';
import { followLink } from './router.js';
import { useDocumentSummary } from './useDocumentSummary.js';
import { useEditorSession } from './useEditorSession.js';
import { Header } from './Header.js';
import { Presence } from './Presence.js';
import { ConnectionIndicator } from './ConnectionIndicator.js';
import { EditorToolbar } from './editor/EditorToolbar.js';

/** Presence colour until the server stamps one (it replaces this for everyone else). */
const NEUTRAL = '#6b7280';

/**
 * One document open: the document bar, notices, the structure toolbar and the sheet with the
 * text. The text is editable only when the person may write it (the session's `text.edit`, then
 * what the server says on the socket, live); everyone else sees it read-only, and the server
 * refuses their writes whatever they send.
 */
export function EditorPage({ documentId, session }: { documentId: string; session: Session }) {
  const mountRef = useRef<HTMLDivElement>(null);
  const lookup = useDocumentSummary(documentId);
  const missing = lookup.state === 'missing';
  const editable = has(session, 'text.edit');
  const { person, delegation } = session;
  const user = useMemo<PresenceUser>(
    () => ({
      name: person.displayName,
      color: person.color ?? NEUTRAL,
      personId: person.id,
      delegationId: delegation.id,
      delegationName: delegation.name,
    }),
    [person.displayName, person.color, person.id, delegation.id, delegation.name],
  );
  const editor = useEditorSession({ documentId, enabled: !missing, user, editable, mountRef });
  const { collab, saveState, phase } = editor;
  const title =
    editor.title || (lookup.state === 'found' ? lookup.summary.title : '') || 'Untitled document';

  useEffect(() => {
    document.title = `${missing ? 'Document not found' : title} — Accord`;
  }, [missing, title]);

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
                : phase === 'loading' && !editor.title
                  ? 'Loading…'
                  : title}
            </h1>
          </div>
          {!editor.canEdit && phase === 'ready' && (
            <span className="badge badge-readonly">Read only</span>
          )}
          <span className="app-bar-spacer" />
          {collab && (
            <Presence
              awareness={collab.provider.awareness}
              personId={person.id}
              delegationId={delegation.id}
            />
          )}
          {!missing && <ConnectionIndicator state={saveState} />}
        </div>
        {!missing && <EditorToolbar feed={editor.feed} />}
      </div>
      <main className="editor-page">
        {editor.notice && (
          <div className="notice notice-warning" role="alert">
            <p>{editor.notice}</p>
            <button type="button" className="button button-quiet" onClick={editor.dismissNotice}>
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
        {!editor.canWrite && !missing && (
          <div className="notice notice-info notice-readonly" role="note">
            <p>
              <strong>Read only</strong> — you can read the text, follow the changes as they are
              made and see who else has it open. The Chair, the Co-Chair and the Secretariat edit
              it.
            </p>
          </div>
        )}
        {!missing && (
          <article
            className="paper"
            data-phase={phase}
            data-editable={editor.canEdit ? 'true' : 'false'}
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
