import { forwardRef, memo, useMemo } from 'react';
import type { Amendment, Compromise } from '@accord/shared';
import type { Session } from '../api/session.js';
import type { EditorSnapshot, EditorStateFeed } from '../editor/EditorStateFeed.js';
import { useFeedValue } from '../editor/useFeedValue.js';
import { labelAt } from '../editor/labelsPlugin.js';
import { AmendmentPanel } from './AmendmentPanel.js';

// Re-rendered only when what it shows changes, not on every transaction.
const Panel = memo(AmendmentPanel);
import { labelOfBlock, selectedBlock } from './selectedBlock.js';

/** How long typing must pause before the panel shows the paragraph's new text. */
const TEXT_SETTLE_MS = 300;

/** The paragraph the selection is in, its text and its label. */
interface CurrentBlock {
  blockId: string | null;
  text: string | null;
  label: string | null;
}

/**
 * Reads the current block from the editor. The label comes from the labels plugin (already
 * derived); a block it does not label (the chapeau) is labelled once per block, not per key.
 */
function currentBlockReader(): (snapshot: EditorSnapshot) => CurrentBlock {
  let last: CurrentBlock = { blockId: null, text: null, label: null };
  return ({ state }) => {
    const current = state ? selectedBlock(state) : null;
    if (!state || !current) return (last = { blockId: null, text: null, label: null });
    const label =
      labelAt(state, current.pos) ??
      (last.blockId === current.blockId ? last.label : labelOfBlock(state, current.blockId));
    return (last = { blockId: current.blockId, text: current.text, label });
  };
}

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
  // A new paragraph shows at once; its text as typed once typing pauses, so the panel and its
  // differences never commit on every keystroke (see useFeedValue).
  const read = useMemo(currentBlockReader, []);
  const current = useFeedValue(editorFeed, read, {
    equal: (a, b) => a.blockId === b.blockId && a.text === b.text && a.label === b.label,
    delayMs: (a, b) => (a.blockId === b.blockId ? TEXT_SETTLE_MS : 0),
  });
  const block = useMemo(
    () =>
      current.blockId === null || current.text === null
        ? null
        : { blockId: current.blockId, text: current.text },
    [current.blockId, current.text],
  );
  return <Panel ref={ref} {...rest} block={block} label={current.label} />;
});
