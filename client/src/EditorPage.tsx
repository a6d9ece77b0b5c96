import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { EditorNotices } from './EditorNotices.js';
import { has, type Session } from './api/session.js';
import { usePresenceUser } from './session/usePresenceUser.js';
import { amendmentsPath, comparePath, consolidationPath, draftPath, followLink } from './router.js';
import { useDocumentSummary } from './useDocumentSummary.js';
import { useEditorSession } from './useEditorSession.js';
import { Header } from './Header.js';
import { Presence } from './Presence.js';
import { ConnectionIndicator } from './ConnectionIndicator.js';
import { EditorToolbar } from './editor/EditorToolbar.js';
import { useAmendmentFeed } from './amendments/AmendmentFeed.js';
import { AmendmentOverlay } from './amendments/amendmentOverlay.js';
import { upsertAmendment } from './amendments/feedState.js';
import { SelectionPanel } from './amendments/SelectionPanel.js';
import { useDelegationNames } from './amendments/useDelegationNames.js';
import { isPanelShortcut, PANEL_SHORTCUT_ARIA } from './amendments/panelShortcut.js';
import { useComments, useThreadAnchors } from './comments/useComments.js';
import { CommentsMargin } from './comments/CommentsMargin.js';
import { ThreadsContext, type ThreadsContextValue } from './comments/threadsContext.js';
import { COMMENT_SHORTCUT_ARIA, commentShortcutLabel } from './comments/commentShortcut.js';
import { RoundBanner } from './rounds/RoundBanner.js';
import { ReadOnlyNote } from './rounds/ReadOnlyNote.js';
import { StatusPanel } from './status/StatusPanel.js';
import { ExportsButton } from './exports/ExportsDialog.js';
import { bracketAuthor, delegationName, setDelegationNames } from './status/bracketAuthor.js';
import { StatusStore, useParagraphStatuses } from './status/statusStore.js';
import { statusPlugin } from './editor/statusPlugin.js';
import './styles/status.css';
import './styles/amendments.css';
import './styles/comments.css';

/** Presence colour until the server stamps one (it replaces this for everyone else). */

/** How long typing must pause before the overlays of the paragraph typed in are redone. */
const OVERLAY_SETTLE_MS = 150;

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
  const user = usePresenceUser(session);
  const amendments = useAmendmentFeed(documentId);
  const { amendments: records, compromises, threads } = amendments.snapshot;
  const { anchors, plugins: threadPlugins } = useThreadAnchors('base');
  // Paragraph statuses (NS1): in the margin of the text for every reader, live.
  const [statusStore] = useState(() => new StatusStore());
  useParagraphStatuses(documentId, statusStore);
  const plugins = useMemo(
    () => [
      ...threadPlugins,
      statusPlugin({
        statuses: () => statusStore.getSnapshot().statuses,
        subscribe: statusStore.subscribe,
        nameOf: delegationName,
      }),
    ],
    [threadPlugins, statusStore],
  );
  const editor = useEditorSession({
    documentId,
    enabled: !missing,
    user,
    editable,
    mountRef,
    plugins,
  });
  const { collab, link, phase } = editor;
  const comments = useComments({
    anchors,
    on: 'base',
    threads,
    feed: amendments.feed,
    editorFeed: editor.feed,
  });
  const names = useDelegationNames();
  // A paragraph's overlays follow its text once typing pauses (mapped meanwhile): ED17.
  const [overlay] = useState(() => new AmendmentOverlay(OVERLAY_SETTLE_MS));
  const [showInline, setShowInline] = useState(true);
  const panelRef = useRef<HTMLHeadingElement>(null);
  // Only the view: the page must not re-render on every keystroke.
  const view = useSyncExternalStore(editor.feed.subscribe, () => editor.feed.getSnapshot().view);
  const nameOf = useCallback((id: string) => names.get(id) ?? id, [names]);
  const threadsContext = useMemo<ThreadsContextValue>(
    () => ({ documentId, session, threads, names, onThread: comments.onThread }),
    [documentId, session, threads, names, comments.onThread],
  );
  useEffect(() => overlay.attach(view), [overlay, view]);
  // Names for the brackets and statuses drawn in the text, which are drawn again with them.
  useEffect(() => {
    setDelegationNames(names);
    statusStore.set(statusStore.getSnapshot().statuses);
  }, [names, statusStore]);
  // A pen-holder brackets for their own delegation until they choose another (NS7).
  useEffect(() => {
    if (bracketAuthor.get() === null) bracketAuthor.set(delegation.id);
  }, [delegation.id]);
  useEffect(() => overlay.setAmendments(records, nameOf), [overlay, records, nameOf, view]);
  useEffect(() => overlay.setVisible(showInline), [overlay, showInline]);
  useEffect(() => {
    const focusPanel = (event: KeyboardEvent) => {
      if (!isPanelShortcut(event)) return;
      event.preventDefault();
      panelRef.current?.focus();
    };
    window.addEventListener('keydown', focusPanel);
    return () => window.removeEventListener('keydown', focusPanel);
  }, []);
  const focusText = useCallback(() => view?.focus(), [view]);
  const onRecord = useCallback(
    (record: Parameters<typeof upsertAmendment>[1]) =>
      amendments.feed.apply((state) => upsertAmendment(state, record)),
    [amendments.feed],
  );
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
          {!missing && <ConnectionIndicator tracker={collab?.tracker ?? null} />}
        </div>
        {!missing && <EditorToolbar feed={editor.feed} brackets={editable ? names : undefined} />}
        {!missing && (
          <nav className="am-bar" aria-label="Amendments">
            <label className="am-toggle">
              <input
                type="checkbox"
                checked={showInline}
                onChange={(event) => setShowInline(event.target.checked)}
              />{' '}
              Show amendments inline
            </label>
            <a href={amendmentsPath(documentId)} onClick={followLink}>
              Two-column view
            </a>
            <a href={comparePath(documentId)} onClick={followLink}>
              Compare versions
            </a>
            <ExportsButton documentId={documentId} />
            {has(session, 'amendment.decide') && (
              <a href={consolidationPath(documentId)} onClick={followLink}>
                Consolidate
              </a>
            )}
            {has(session, 'amendment.propose') && (
              <a href={draftPath(documentId)} onClick={followLink}>
                Draft amendments
              </a>
            )}
            <button
              type="button"
              className="button button-quiet"
              aria-keyshortcuts={PANEL_SHORTCUT_ARIA}
              onClick={() => panelRef.current?.focus()}
            >
              Amendments panel ({records.filter((a) => a.status === 'submitted').length} pending)
            </button>
            <button
              type="button"
              className="button button-quiet"
              aria-keyshortcuts={COMMENT_SHORTCUT_ARIA}
              title={`Comment on the selected words (${commentShortcutLabel()})`}
              // Keeps the text's selection: the comment is on the words selected.
              onMouseDown={(event) => event.preventDefault()}
              onClick={comments.startOnSelection}
            >
              Comment
            </button>
            {comments.hint && (
              <span className="cm-hint" role="status">
                {comments.hint}
              </span>
            )}
          </nav>
        )}
      </div>
      <main className="editor-page">
        {!missing && <RoundBanner />}
        <EditorNotices
          documentId={documentId}
          notice={editor.notice}
          onDismiss={editor.dismissNotice}
          missing={missing}
          link={link}
        />
        {!editor.canWrite && !missing && <ReadOnlyNote penHolder={editable} />}
        {!missing && editable && (
          <StatusPanel
            documentId={documentId}
            store={statusStore}
            editorFeed={editor.feed}
            names={names}
            mayEdit={editable}
          />
        )}
        {!missing && (
          <div className="am-layout cm-layout">
            <div className="cm-sheet">
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
              <CommentsMargin
                documentId={documentId}
                session={session}
                names={names}
                threads={threads}
                on="base"
                editorFeed={editor.feed}
                anchors={anchors}
                pending={comments.pending}
                onPendingClose={comments.close}
                onStartGeneral={comments.startGeneral}
                onThread={comments.onThread}
              />
            </div>
            <ThreadsContext.Provider value={threadsContext}>
              <SelectionPanel
                ref={panelRef}
                editorFeed={editor.feed}
                documentId={documentId}
                session={session}
                amendments={records}
                compromises={compromises}
                names={names}
                onRecord={onRecord}
                onLeave={focusText}
              />
            </ThreadsContext.Provider>
          </div>
        )}
      </main>
    </>
  );
}
