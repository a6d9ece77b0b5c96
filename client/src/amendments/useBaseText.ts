import { useEffect, useState } from 'react';
import type { Node } from 'prosemirror-model';
import { yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror';
import { schema } from '@accord/shared';
import { connect } from '../collab/connect.js';
import type { PresenceUser } from '../presenceUser.js';
import { recheckSession } from '../session/sessionStore.js';

/** The longest wait before connecting again after the server closed the socket. */
const LONGEST_WAIT_MS = 15_000;
/** Later changes are read together after this pause (a timer, not a frame: hidden tabs get none). */
const READ_DELAY_MS = 50;

/**
 * The base text of a document as a ProseMirror node, live, without an editor: for views that
 * only read it (the two-column view, the working copy's base, the consolidation workspace).
 * Null until the first sync, which is read at once (a page waits on it to draw); later changes
 * are read at most once every few tens of milliseconds, so a burst of typing by the Chair costs
 * one conversion. With `marks`, the socket's opening and the first sync are marked on the
 * page's performance timeline under that prefix (for the benchmarks).
 */
export function useBaseText(
  documentId: string,
  user: PresenceUser,
  options: { marks?: string } = {},
): Node | null {
  const marks = options.marks;
  const [doc, setDoc] = useState<Node | null>(null);
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let frame: ReturnType<typeof setTimeout> | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let synced = false;
    const again = (delay: number) => {
      clearTimeout(timer);
      timer = setTimeout(() => setGeneration((g) => g + 1), delay);
    };
    const collab = connect({
      documentId,
      user,
      onRefused: () => again(0),
      onAccessClosed: () => {
        void recheckSession().then((session) => {
          if (session !== null) again(Math.min(1000 * 2 ** generation, LONGEST_WAIT_MS));
        });
      },
      onConnectFailed: () => void recheckSession(),
    });
    const read = () => {
      clearTimeout(frame);
      frame = undefined;
      if (synced) setDoc(yXmlFragmentToProseMirrorRootNode(collab.fragment, schema));
    };
    const schedule = () => {
      frame ??= setTimeout(read, READ_DELAY_MS);
    };
    const onStatus = ({ status }: { status: string }) => {
      if (marks && status === 'connected') performance.mark(`${marks}:text socket open`);
    };
    const onSync = (isSynced: boolean) => {
      if (!isSynced) return;
      const first = !synced;
      synced = true;
      if (!first) return schedule();
      if (marks) performance.mark(`${marks}:text sync received`);
      read();
    };
    collab.provider.on('status', onStatus);
    collab.provider.on('sync', onSync);
    collab.fragment.observeDeep(schedule);
    return () => {
      clearTimeout(frame);
      clearTimeout(timer);
      collab.provider.off('status', onStatus);
      collab.provider.off('sync', onSync);
      collab.fragment.unobserveDeep(schedule);
      collab.destroy();
    };
    // `user` is only the first presence; the server replaces it.
  }, [documentId, generation, marks]);
  return doc;
}
