import { useCallback, useEffect, useState } from 'react';
import type { Plugin } from 'prosemirror-state';
import type { Thread } from '@accord/shared';
import type { AmendmentFeed } from '../amendments/AmendmentFeed.js';
import { upsertThread } from '../amendments/feedState.js';
import type { EditorStateFeed } from '../editor/EditorStateFeed.js';
import { isCommentShortcut } from './commentShortcut.js';
import type { PendingThread } from './NewThreadForm.js';
import { selectedRange } from './selectedRange.js';
import { selectionAnchor, type TextAnchor } from './textAnchor.js';
import { ThreadAnchors } from './threadPlugin.js';

/**
 * The threads' anchors of one editor and the plugin to give it (made before the editor, which
 * reads its plugins when it is created).
 */
export function useThreadAnchors(on: TextAnchor['on']): {
  anchors: ThreadAnchors;
  plugins: readonly Plugin[];
} {
  const [made] = useState(() => {
    const anchors = new ThreadAnchors((t) => t.anchor.type === 'text' && t.anchor.on === on);
    return { anchors, plugins: [anchors.plugin] };
  });
  return made;
}

/** What a page with comments needs: the form's state and the actions. */
export interface Comments {
  pending: PendingThread | null;
  /** Starts a thread on the selected words (the Comment button and Ctrl/⌘+Alt+M). */
  startOnSelection: () => void;
  startGeneral: () => void;
  close: (posted: boolean) => void;
  onThread: (thread: Thread) => void;
  /** Why nothing started (no words selected), until the next try. */
  hint: string | null;
}

/**
 * Comments for one editor page: places the threads of `on` in its text, listens for the
 * shortcut, and keeps the form of the thread being started.
 */
export function useComments(options: {
  anchors: ThreadAnchors;
  on: TextAnchor['on'];
  threads: readonly Thread[];
  feed: AmendmentFeed;
  editorFeed: EditorStateFeed;
}): Comments {
  const { anchors, on, threads, feed, editorFeed } = options;
  const [pending, setPending] = useState<PendingThread | null>(null);
  const [hint, setHint] = useState<string | null>(null);
  useEffect(() => anchors.setThreads(threads), [anchors, threads]);

  const startOnSelection = useCallback(() => {
    const view = editorFeed.getSnapshot().view;
    if (!view || view.isDestroyed) return;
    const range = selectedRange(view);
    const target = range ? selectionAnchor(view.state, on, range) : null;
    if (!target) {
      setHint('Select the words you want to comment on first.');
      return;
    }
    setHint(null);
    setPending(target);
  }, [editorFeed, on]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!isCommentShortcut(event)) return;
      event.preventDefault();
      startOnSelection();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [startOnSelection]);

  const close = useCallback(
    (posted: boolean) => {
      const wasText = pending?.anchor.type === 'text';
      setPending(null);
      // Back to the words the comment is on, as after any small dialog.
      if (wasText || posted) editorFeed.getSnapshot().view?.focus();
    },
    [pending, editorFeed],
  );

  const onThread = useCallback(
    (thread: Thread) => feed.apply((state) => upsertThread(state, thread)),
    [feed],
  );

  return {
    pending,
    startOnSelection,
    startGeneral: useCallback(() => {
      setHint(null);
      setPending({ anchor: { type: 'document' }, quote: '' });
    }, []),
    close,
    onThread,
    hint,
  };
}
