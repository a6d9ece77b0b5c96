import { EditorNotices } from '../EditorNotices.js';
import {
  useEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
  type CSSProperties,
} from 'react';
import type { Node } from 'prosemirror-model';
import { keymap } from 'prosemirror-keymap';
import { textBlocks, workingCopyChanges } from '@accord/shared';
import { useRoundLabels } from '../editor/useRoundLabels.js';
import { has, type Session } from '../api/session.js';
import { usePresenceUser } from '../session/usePresenceUser.js';
import { documentPath, followLink } from '../router.js';
import { useDocumentSummary } from '../useDocumentSummary.js';
import { useEditorSession } from '../useEditorSession.js';
import { Header } from '../Header.js';
import { Presence } from '../Presence.js';
import { ConnectionIndicator } from '../ConnectionIndicator.js';
import { EditorToolbar } from '../editor/EditorToolbar.js';
import { ariaKeys, keyLabel } from '../editor/structureShortcuts.js';
import { useBaseText } from '../amendments/useBaseText.js';
import { useAmendmentFeed } from '../amendments/AmendmentFeed.js';
import { delegationColor } from '../amendments/delegationColor.js';
import { baseIndex, type BaseIndex } from './trackChanges.js';
import { setBase, trackChangesPlugin } from './trackChangesPlugin.js';
import { blockAtCaret, resetBlock, RESET_KEY } from './resetBlock.js';
import { changeRows } from './changeRows.js';
import { SubmitPanel } from './SubmitPanel.js';
import { useComments, useThreadAnchors } from '../comments/useComments.js';
import { CommentsMargin } from '../comments/CommentsMargin.js';
import { COMMENT_SHORTCUT_ARIA, commentShortcutLabel } from '../comments/commentShortcut.js';
import { useDelegationNames } from '../amendments/useDelegationNames.js';
import { RoundBanner } from '../rounds/RoundBanner.js';
import '../styles/draft.css';
import '../styles/comments.css';

/** Presence colour until the server stamps one. */
/** The submit panel re-reads the changes after this pause in typing (it walks the whole text). */
const CHANGES_DELAY_MS = 250;

/** The reset key as people read it ("Ctrl+Alt+Backspace"). */
const RESET_LABEL = keyLabel(RESET_KEY).replace('BACKSPACE', 'Backspace');

/** The room of the signed-in person's delegation's working copy of a document. */
export function draftRoom(documentId: string): string {
  return `${documentId}/draft`;
}

/** The working copy's text, re-read after a pause in typing. */
function useSettledDoc(doc: Node | null): Node | null {
  const [settled, setSettled] = useState(doc);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(doc), CHANGES_DELAY_MS);
    return () => clearTimeout(timer);
  }, [doc]);
  return settled;
}

/**
 * The delegation's working copy of a document (issue 7): the base text with the delegation's
 * edits, which all its members edit together live, shown as track changes in the delegation's
 * colour; a block can be reset to the base text; the side panel submits the changes as
 * amendments. The base text follows live, read-only, through its own connection.
 */
export function DraftPage({ documentId, session }: { documentId: string; session: Session }) {
  const mountRef = useRef<HTMLDivElement>(null);
  const lookup = useDocumentSummary(documentId);
  const missing = lookup.state === 'missing';
  const allowed = has(session, 'amendment.propose');
  const { person, delegation } = session;
  const user = usePresenceUser(session);

  const baseDoc = useBaseText(documentId, user);
  const baseDocRef = useRef<Node | null>(null);
  const baseIndexRef = useRef<BaseIndex | null>(null);
  const { anchors, plugins: commentPlugins } = useThreadAnchors('working-copy');
  const [plugins] = useState(() => [
    ...commentPlugins,
    trackChangesPlugin(() => baseIndexRef.current),
    keymap({ [RESET_KEY]: resetBlock(() => baseDocRef.current) }),
  ]);

  const editor = useEditorSession({
    documentId: draftRoom(documentId),
    enabled: !missing && allowed,
    user,
    editable: allowed,
    mountRef,
    plugins,
    writeCapability: 'amendment.propose',
    labelsOf: documentId,
  });
  const { collab, link, phase } = editor;
  const snapshot = useSyncExternalStore(editor.feed.subscribe, editor.feed.getSnapshot);
  const view = snapshot.view;

  useEffect(() => {
    baseDocRef.current = baseDoc;
    if (!baseDoc) return;
    const index = baseIndex(textBlocks(baseDoc));
    baseIndexRef.current = index;
    if (view && !view.isDestroyed) view.dispatch(setBase(view.state, index));
  }, [baseDoc, view]);

  const { feed, snapshot: amendments } = useAmendmentFeed(documentId);
  const names = useDelegationNames();
  const comments = useComments({
    anchors,
    on: 'working-copy',
    threads: amendments.threads,
    feed,
    editorFeed: editor.feed,
  });
  const draftDoc = useSettledDoc(snapshot.state?.doc ?? null);
  const labels = useRoundLabels(documentId, baseDoc);
  const own = useMemo(
    () => amendments.amendments.filter((a) => a.delegationId === delegation.id),
    [amendments.amendments, delegation.id],
  );
  const rows = useMemo(
    () =>
      baseDoc && draftDoc ? changeRows(workingCopyChanges(baseDoc, draftDoc), labels, own) : [],
    [baseDoc, draftDoc, labels, own],
  );

  const here = snapshot.state ? blockAtCaret(snapshot.state) : null;
  const hereLabel = here ? (labels.get(here.id)?.short ?? 'new block') : null;
  const canReset =
    snapshot.editable && snapshot.state !== null && resetBlock(() => baseDoc)(snapshot.state);
  const reset = () => {
    if (!view) return;
    resetBlock(() => baseDoc)(view.state, view.dispatch);
    view.focus();
  };

  const title =
    (lookup.state === 'found' ? lookup.summary.title : '') || editor.title || documentId;
  useEffect(() => {
    document.title = `Working copy — ${title} — Accord`;
  }, [title]);

  const color = delegationColor(delegation.id);

  if (!allowed) {
    return (
      <>
        <Header />
        <main className="page page-narrow">
          <h1 className="page-title">No working copy for your delegation</h1>
          <p className="muted">
            Your delegation does not propose amendments.{' '}
            <a href={documentPath(documentId)} onClick={followLink}>
              Back to the text
            </a>
          </p>
        </main>
      </>
    );
  }

  return (
    <>
      <Header />
      <div className="doc-bar">
        <div className="doc-bar-inner">
          <div className="doc-bar-heading">
            <a className="doc-bar-back" href={documentPath(documentId)} onClick={followLink}>
              ← Back to the document
            </a>
            <h1 className="doc-bar-title">
              {missing ? 'Document not found' : `Working copy: ${title}`}
            </h1>
          </div>
          <span className="badge draft-badge">Draft of {delegation.name}</span>
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
        {!missing && <EditorToolbar feed={editor.feed} />}
      </div>
      <main className="editor-page draft-page">
        {!missing && <RoundBanner />}
        <EditorNotices
          documentId={documentId}
          notice={editor.notice}
          onDismiss={editor.dismissNotice}
          missing={missing}
          link={link}
        />
        {!missing && (
          <div className="draft-layout">
            <div className="draft-main">
              <div className="draft-tools" style={{ '--tc-color': color } as CSSProperties}>
                <p className="draft-intro">
                  Only your delegation sees this copy. Changes to the base text appear here as the
                  Chair makes them.
                </p>
                <div className="draft-legend" role="note" aria-label="Legend">
                  <span>Your changes, in your delegation’s colour:</span>{' '}
                  <ins className="tc-ins">inserted</ins> <del className="tc-del">deleted</del>{' '}
                  <span className="tc-new-sample">new paragraph</span>
                </div>
                <div className="draft-reset">
                  <button
                    type="button"
                    className="button button-small"
                    disabled={!canReset}
                    aria-keyshortcuts={ariaKeys(RESET_KEY)}
                    title={`Reset to the base text (${RESET_LABEL})`}
                    onMouseDown={(e) => e.preventDefault()}
                    onClick={reset}
                  >
                    {here && here.id && !labels.has(here.id)
                      ? 'Remove this new block'
                      : `Reset ${hereLabel ?? 'paragraph'} to the base text`}
                  </button>{' '}
                  <span className="muted">
                    or press <kbd>{RESET_LABEL}</kbd> in a paragraph. Undo (
                    <kbd>{keyLabel('Mod-z')}</kbd>) brings back a paragraph you deleted.
                  </span>
                </div>
                <div className="draft-comment">
                  <button
                    type="button"
                    className="button button-small"
                    aria-keyshortcuts={COMMENT_SHORTCUT_ARIA}
                    title={`Comment on the selected words (${commentShortcutLabel()})`}
                    onMouseDown={(e) => e.preventDefault()}
                    onClick={comments.startOnSelection}
                  >
                    Comment
                  </button>{' '}
                  <span className="muted">
                    on the selected words (<kbd>{commentShortcutLabel()}</kbd>): only your
                    delegation sees comments on this copy.
                  </span>
                  {comments.hint && (
                    <span className="cm-hint" role="status">
                      {' '}
                      {comments.hint}
                    </span>
                  )}
                </div>
              </div>
              <div className="cm-sheet">
                <article
                  className="paper draft-paper"
                  data-phase={phase}
                  data-editable={editor.canEdit ? 'true' : 'false'}
                  style={{ '--tc-color': color } as CSSProperties}
                >
                  {phase === 'loading' && (
                    <p className="paper-message" role="status">
                      Loading your working copy from the server…
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
                  threads={amendments.threads}
                  on="working-copy"
                  editorFeed={editor.feed}
                  anchors={anchors}
                  pending={comments.pending}
                  onPendingClose={comments.close}
                  onThread={comments.onThread}
                />
              </div>
            </div>
            <SubmitPanel
              documentId={documentId}
              rows={rows}
              ownAmendments={own}
              feed={feed}
              ready={baseDoc !== null && draftDoc !== null && amendments.loaded}
            />
          </div>
        )}
      </main>
    </>
  );
}
