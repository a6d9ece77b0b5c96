import { useEffect, useRef, useState, useSyncExternalStore, type RefObject } from 'react';
import type { EditorView } from 'prosemirror-view';
import type { Plugin } from 'prosemirror-state';
import type { Capability } from '@accord/shared';
import { connect, type Collaboration } from './collab/connect.js';
import type { SaveState } from './collab/SaveTracker.js';
import type { AccessClose } from './collab/accessClose.js';
import { createEditor } from './editor/createEditor.js';
import { EditorStateFeed } from './editor/EditorStateFeed.js';
import { followRoundLabels } from './editor/followRoundLabels.js';
import type { PresenceUser } from './presenceUser.js';
import { has } from './api/session.js';
import { recheckSession } from './session/sessionStore.js';

/** More refusals than this within a minute means reloading is not helping; stop and say so. */
const MAX_RELOADS_PER_MINUTE = 3;
/** A socket that never opens is retried every few seconds; the session is asked at most this often. */
const SESSION_CHECK_INTERVAL_MS = 10_000;
/** The longest wait before reopening after repeated access closes (never giving up). */
const MAX_REOPEN_DELAY_MS = 30_000;

/** Where the editor is: waiting for the first sync, showing the text, or facing an empty text. */
export type EditorPhase = 'loading' | 'ready' | 'empty';

/** What the editor page needs to show one open document. */
export interface EditorSession {
  /** The live collaboration, or null between two of them (reload, leaving). */
  collab: Collaboration | null;
  /**
   * The connection as the page needs it (editable, notices): it changes when the connection
   * does, not on every keystroke. ConnectionIndicator follows the save state itself.
   */
  link: LinkState;
  phase: EditorPhase;
  /** The document's title as the text currently has it. */
  title: string;
  /** Why the document was reloaded, until dismissed. */
  notice: string | null;
  dismissNotice: () => void;
  /** Whether the text accepts edits right now (allowed, and the connection is usable). */
  canEdit: boolean;
  /**
   * Whether this person may write the text: what the server last said on the socket (ACCESS),
   * else what the session says.
   */
  canWrite: boolean;
  /** The open editor and its state, for the toolbar. */
  feed: EditorStateFeed;
}

/**
 * The save state without the difference between "saving" and "saved" (both `online`), which
 * flips on every keystroke: a React commit while the text has focus walks the whole editable
 * DOM, so the page must not re-render for it.
 */
export type LinkState =
  | { kind: 'connecting' }
  | { kind: 'online' }
  | { kind: 'offline' }
  | { kind: 'refused'; message: string }
  | { kind: 'stopped'; message: string };

const CONNECTING: LinkState = { kind: 'connecting' };
const ONLINE: LinkState = { kind: 'online' };
const OFFLINE: LinkState = { kind: 'offline' };
const noSubscription = () => () => {};

/** The link state a save state stands for; the same object for the same state. */
function linkOf(state: SaveState, previous: LinkState): LinkState {
  switch (state.kind) {
    case 'connecting':
      return CONNECTING;
    case 'saving':
    case 'saved':
      return ONLINE;
    case 'offline':
      return OFFLINE;
    case 'refused':
    case 'stopped':
      return previous.kind === state.kind &&
        'message' in previous &&
        previous.message === state.message
        ? previous
        : { kind: state.kind, message: state.message };
  }
}

/** The link state of the current collaboration, re-rendering only when it changes. */
function useLinkState(collab: Collaboration | null): LinkState {
  const last = useRef<LinkState>(CONNECTING);
  const read = () => {
    last.current = collab ? linkOf(collab.tracker.getState(), last.current) : CONNECTING;
    return last.current;
  };
  return useSyncExternalStore(collab?.tracker.subscribe ?? noSubscription, read);
}

/** Entries of `times` within the last minute, plus now. */
function recent(times: number[], now: number): number[] {
  return [...times.filter((t) => now - t < 60_000), now];
}

/** What to tell the person after their rights changed under an open document. */
function rightsNotice(couldEdit: boolean, canEditNow: boolean, lostChanges: boolean): string {
  if (couldEdit && !canEditNow) {
    return `Your delegation’s rights have changed: this text is now read-only for you.${
      lostChanges ? ' Your most recent change had not been saved and was not kept.' : ''
    }`;
  }
  if (!couldEdit && canEditNow)
    return 'Your delegation’s rights have changed: you can now edit this text.';
  return 'Your delegation’s rights have changed; the document has been reopened with them.';
}

/**
 * Connects to a document, binds the editor into `mountRef` after the first sync, and keeps the
 * two alive together. When the server refuses a change the whole copy (Y.Doc, provider, editor)
 * is thrown away and the document loaded afresh: the refused update would otherwise be resent
 * on every reconnect. The same happens when the person's rights change (close 4403), after the
 * session has been read again; a socket the server will not open, or a close 4401, asks the
 * server about the session, and an ended session takes the app to the sign-in page.
 */
export function useEditorSession(options: {
  documentId: string;
  /** False (or a document known not to exist) means: do not connect at all. */
  enabled: boolean;
  user: PresenceUser;
  /** Whether the session allows editing (`text.edit`). */
  editable: boolean;
  mountRef: RefObject<HTMLDivElement | null>;
  /** Extra editor plugins (read when the editor is created), e.g. the working copy's. */
  plugins?: readonly Plugin[];
  /** The capability that lets this person write this text; `text.edit` for the base text. */
  writeCapability?: Capability;
  /** The document whose labels the editor shows (SL): a working copy shows its base text's. */
  labelsOf?: string;
}): EditorSession {
  const { documentId, enabled, user, editable, mountRef } = options;
  const writeCapability = options.writeCapability ?? 'text.edit';
  const labelsOf = options.labelsOf ?? documentId;
  const [generation, setGeneration] = useState(0);
  const [collab, setCollab] = useState<Collaboration | null>(null);
  const [phase, setPhase] = useState<EditorPhase>('loading');
  const [title, setTitle] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  // What the server said on this connection (ACCESS); null until it says.
  const [serverCanWrite, setServerCanWrite] = useState<boolean | null>(null);
  const [feed] = useState(() => new EditorStateFeed());
  const viewRef = useRef<EditorView | null>(null);
  const reloadTimes = useRef<number[]>([]);
  const reopenTimes = useRef<number[]>([]);
  const lastSessionCheck = useRef(0);
  // The connection effect reads the latest values without reconnecting when they change.
  const userRef = useRef(user);
  const editableRef = useRef(editable);
  const pluginsRef = useRef(options.plugins);
  useEffect(() => {
    userRef.current = user;
    editableRef.current = editable;
    pluginsRef.current = options.plugins;
  }, [user, editable, options.plugins]);

  const link = useLinkState(collab);
  const canWrite = serverCanWrite ?? editable;
  const canEdit = canWrite && link.kind !== 'stopped' && link.kind !== 'refused';
  const canEditRef = useRef(canEdit);
  const canWriteRef = useRef(canWrite);
  canWriteRef.current = canWrite;

  useEffect(() => {
    const mount = mountRef.current;
    if (!mount || !enabled) return;
    let view: EditorView | null = null;
    let disposed = false;
    let reopenTimer: ReturnType<typeof setTimeout> | undefined;
    // Set once an ACCESS message has already told the person their rights changed, so the
    // close (4403) that may follow does not replace that notice with a vaguer one.
    let rightsAnnounced = false;
    setPhase('loading');
    setServerCanWrite(null);

    const reopenAfter = async (reason: AccessClose) => {
      const couldEdit = editableRef.current;
      const lostChanges = session.tracker.unsavedCount() > 0;
      const now = await recheckSession();
      // null: the session has ended and the app is on its way to the sign-in page.
      if (disposed || now === null) return;
      if (reason === 'rights' && now !== undefined && (!rightsAnnounced || lostChanges)) {
        setNotice(rightsNotice(couldEdit, has(now, writeCapability), lostChanges));
      }
      reopenTimes.current = recent(reopenTimes.current, Date.now());
      const repeats = reopenTimes.current.length - 1;
      const delay = repeats === 0 ? 0 : Math.min(500 * 2 ** repeats, MAX_REOPEN_DELAY_MS);
      reopenTimer = setTimeout(() => setGeneration((g) => g + 1), delay);
    };

    const session: Collaboration = connect({
      documentId,
      user: userRef.current,
      onRefused: (message) => {
        reloadTimes.current = recent(reloadTimes.current, Date.now());
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
      onAccessClosed: (reason) => void reopenAfter(reason),
      onAccess: ({ canWrite: now }) => {
        if (disposed) return;
        const before = canWriteRef.current;
        canWriteRef.current = now;
        setServerCanWrite(now);
        if (now === before) return;
        // Rights changed under the open document: say so, and read the session again so that
        // the header's roles and the banner follow.
        rightsAnnounced = true;
        setNotice(rightsNotice(before, now, false));
        void recheckSession();
      },
      onConnectFailed: () => {
        const now = Date.now();
        if (now - lastSessionCheck.current < SESSION_CHECK_INTERVAL_MS) return;
        lastSessionCheck.current = now;
        // An ended session redirects to sign-in; otherwise the provider keeps retrying.
        void recheckSession();
      },
    });
    setCollab(session);
    // Asked for at once, so the round's labels usually arrive before the first sync.
    const labels = followRoundLabels(labelsOf, session.provider);

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
        onStateChange: (state) => feed.publish({ state }),
        plugins: pluginsRef.current,
        labels: labels.source,
      });
      viewRef.current = view;
      feed.publish({ view, state: view.state, editable: canEditRef.current });
      setPhase('ready');
    };
    session.provider.on('sync', onSync);
    return () => {
      disposed = true;
      clearTimeout(reopenTimer);
      session.provider.off('sync', onSync);
      view?.destroy();
      labels.stop();
      viewRef.current = null;
      feed.publish({ view: null, state: null });
      session.destroy();
      setCollab(null);
    };
  }, [documentId, generation, enabled, mountRef, feed, writeCapability, labelsOf]);

  useEffect(() => {
    canEditRef.current = canEdit;
    viewRef.current?.setProps({ editable: () => canEdit });
    feed.publish({ editable: canEdit });
  }, [canEdit, phase, feed]);

  useEffect(() => {
    // The server replaces this with the session's identity for everyone else; it keeps the
    // local state (shown as "you") consistent with the session.
    collab?.provider.awareness.setLocalStateField('user', user);
  }, [collab, user]);

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
    link,
    phase,
    title,
    notice,
    dismissNotice: () => setNotice(null),
    canEdit,
    canWrite,
    feed,
  };
}
