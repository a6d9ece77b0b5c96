import type { EditorState } from 'prosemirror-state';
import { AMENDABLE_TYPES, blockText } from '@accord/shared';
import { labelOfBlockId } from '../editor/labelsPlugin.js';

/** The block the selection is in, as the side panel lists amendments to it. */
export interface SelectedBlock {
  blockId: string;
  /** Its current text (`blockText`). */
  text: string;
  /** Where it starts in the document. */
  pos: number;
}

/**
 * The innermost amendable block around the start of the selection (a list item before its
 * paragraph), or null outside any (the title). Read-only editors have a selection too.
 */
export function selectedBlock(state: EditorState): SelectedBlock | null {
  const $from = state.selection.$from;
  for (let depth = $from.depth; depth >= 0; depth--) {
    const node = $from.node(depth);
    const id = node.attrs.id as string | null | undefined;
    if (id && AMENDABLE_TYPES.has(node.type.name))
      return { blockId: id, text: blockText(node), pos: depth === 0 ? 0 : $from.before(depth) };
  }
  return null;
}

/** The citation of a block ("OP3") in `state`'s document as the editor shows it, for headings. */
export function labelOfBlock(state: EditorState, blockId: string): string | null {
  return labelOfBlockId(state, blockId);
}
