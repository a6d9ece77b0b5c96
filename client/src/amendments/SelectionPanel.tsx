import { forwardRef, memo, useDeferredValue, useMemo, useSyncExternalStore } from 'react';
import type { Amendment, Compromise } from '@accord/shared';
import type { Session } from '../api/session.js';
import type { EditorStateFeed } from '../editor/EditorStateFeed.js';
import { AmendmentPanel } from './AmendmentPanel.js';

// Re-rendered only when what it shows changes, not on every transaction.
const Panel = memo(AmendmentPanel);
import { labelOfBlock, selectedBlock } from './selectedBlock.js';

/**
 * The amendment panel for the paragraph the editor's selection is in, following the selection
 * and the text as they change. Kept apart from the page so that only this part re-renders on
 * every keystroke.
 */
export const SelectionPanel = forwardRef<
  HTMLHeadingElement,
  {
    editorFeed: EditorStateFeed;
    documentId: string;
    session: Session;
    amendments: readonly Amendment[];
    compromises: readonly Compromise[];
    names: ReadonlyMap<string, string>;
    onRecord: (record: Amendment) => void;
    onLeave: () => void;
  }
>(function SelectionPanel({ editorFeed, ...rest }, ref) {
  const { state } = useSyncExternalStore(editorFeed.subscribe, editorFeed.getSnapshot);
  const current = state ? selectedBlock(state) : null;
  const blockId = current?.blockId ?? null;
  const text = current?.text ?? null;
  const block = useMemo(
    () => (blockId === null || text === null ? null : { blockId, text }),
    [blockId, text],
  );
  // The label changes only with the structure; read it again when the paragraph changes.
  const label = useMemo(
    () => (state && blockId ? labelOfBlock(state, blockId) : null),
    [blockId, state === null],
  );
  // Typing in a paragraph with many amendments must not wait for the panel's differences.
  const shown = useDeferredValue(block);
  return <Panel ref={ref} {...rest} block={shown} label={label} />;
});
