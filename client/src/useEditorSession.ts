import { useEffect, useRef, useState, useSyncExternalStore, type RefObject } from 'react';
import type { EditorView } from 'prosemirror-view';
import { connect, type Collaboration } from './collab/connect.js';
import type { SaveState } from './collab/SaveTracker.js';
import { createEditor } from './editor/createEditor.js';
import type { PresenceUser } from './identity.js';

/** More refusals than this within a minute means reloading is not helping; stop and say so. */
const MAX_RELOADS_PER_MINUTE = 3;

/** Where the editor is: waiting for the first sync, showing the text, or facing an empty text. */
export type EditorPhase = 'loading' | 'ready' | 'empty';

/** What the editor page needs to show one open document. */
export interface EditorSession {
  /** The live collaboration, or null between two of them (reload, leaving). */
  collab: Collaboration | null;
  saveState: SaveState;
  phase: EditorPhase;
  /** The document's title as the text currently has it. */
  title: string;
  /** Why the document was reloaded, until dismissed. */
  notice: string | null;
  dismissNotice: () => void;
  /** Whether the text accepts edits right now (allowed, and the connection is usable). */
  canEdit: boolean;
}

const CONNECTING: SaveState = { kind: 'connecting' };
const noSubscription = () => () => {};
const connectingState = () => CONNECTING;

/** The tracker's state of the current collaboration, re-rendering on every change. */
function useSaveState(collab: Collaboration | null): SaveState {
  return useSyncExternalStore(
    collab?.tracker.subscribe ?? noSubscription,
    collab?.tracker.getState ?? connectingState,
  );
}

/**
 * Connects to a document, binds the editor into `mountRef` after the first sync, and keeps the
 * two alive together. When the server refuses a change the whole copy (Y.Doc, provider, editor)
 * is thrown away and the document loaded afresh: the refused update would otherwise be resent
 * on every reconnect.
 */
export function useEditorSession(options: {
  documentId: string;
  /** False (or a document known not to exist) means: do not connect at all. */
  enabled: boolean;
  user: PresenceUser;
  editable: boolean;
  mountRef: RefObject<HTMLDivElement | null>;
}): EditorSession {
  const { documentId, enabled, user, editable, mountRef } = options;
  const [generation, setGeneration] = useState(0);
  const [collab, setCollab] = useState<Collaboration | null>(null);
  const [phase, setPhase] = useState<EditorPhase>('loading');
  const [title, setTitle] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const viewRef = useRef<EditorView | null>(null);
  const reloadTimes = useRef<number[]>([]);
  // The connection effect reads the latest name without reconnecting when it changes.
  const userRef = useRef(user);
  useEffect(() => {
    userRef.current = user;
  }, [user]);

  const saveState = useSaveState(collab);
  const canEdit = editable && saveState.kind !== 'stopped' && saveState.kind !== 'refused';
  const canEditRef = useRef(canEdit);

  useEffect(() => {
    const mount = mountRef.current;
    if (!mount || !enabled) return;
    let view: EditorView | null = null;
    let disposed = false;
    setPhase('loading');
    const session: Collaboration = connect({
      documentId,
      user: userRef.current,
      onRefused: (message) => {
        const now = Date.now();
        reloadTimes.current = [...reloadTimes.current.filter((t) => now - t < 60_000), now];
        if (reloadTimes.current.length > MAX_RELOADS_PER_MINUTE) {
          session.tracker.stop(
            `${message} Reloading did not help; please reload the page or contact the secretariat.`,
          );
          return;
        }
        setNotice(
          `${message} The document has been reloaded from the server; your most recent edit was not kept.`,
        );
        setGeneration((g) => g + 1);
      },
    });
    setCollab(session);

    const onSync = (synced: boolean) => {
      if (!synced || disposed || view) return;
      // Seeding is the server's job; an empty text is shown as such, never filled in from here.
      if (session.fragment.length === 0) {
        setPhase('empty');
        return;
      }
      view = createEditor({
        mount,
        fragment: session.fragment,
        awareness: session.provider.awareness,
        editable: canEditRef.current,
        onDocChange: (doc) => setTitle(doc.firstChild?.textContent ?? ''),
      });
      viewRef.current = view;
      setPhase('ready');
    };
    session.provider.on('sync', onSync);
    return () => {
      disposed = true;
      session.provider.off('sync', onSync);
      view?.destroy();
      viewRef.current = null;
      session.destroy();
      setCollab(null);
    };
  }, [documentId, generation, enabled, mountRef]);

  useEffect(() => {
    canEditRef.current = canEdit;
    viewRef.current?.setProps({ editable: () => canEdit });
  }, [canEdit, phase]);

  useEffect(() => {
    collab?.provider.awareness.setLocalStateField('user', { name: user.name, color: user.color });
  }, [collab, user.name, user.color]);

  useEffect(() => {
    // Closing the tab with unconfirmed changes would lose them; the browser asks first.
    const warn = (event: BeforeUnloadEvent) => {
      if (collab && collab.tracker.unsavedCount() > 0) event.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [collab]);

  return {
    collab,
    saveState,
    phase,
    title,
    notice,
    dismissNotice: () => setNotice(null),
    canEdit,
  };
}
