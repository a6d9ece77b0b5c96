import type { Node } from 'prosemirror-model';
import type { Command, EditorState } from 'prosemirror-state';
import { AMENDABLE_TYPES, inlineText, textNodeOf } from '@accord/shared';

/** The key that resets the block at the caret (not bound by the editor's own keymap). */
export const RESET_KEY = 'Mod-Alt-Backspace';

/** The innermost amendable block around the caret: its id, node and position. */
export function blockAtCaret(state: EditorState): { id: string; node: Node; pos: number } | null {
  const { $from } = state.selection;
  for (let depth = $from.depth; depth > 0; depth--) {
    const node = $from.node(depth);
    const id = node.attrs.id as string | null | undefined;
    if (AMENDABLE_TYPES.has(node.type.name) && id) return { id, node, pos: $from.before(depth) };
  }
  return null;
}

/** The block with `id` in `doc`, or null. */
function findBlock(doc: Node, id: string): Node | null {
  let found: Node | null = null;
  doc.descendants((node) => {
    if (found) return false;
    if (node.attrs.id === id) {
      found = node;
      return false;
    }
    return !node.isTextblock;
  });
  return found;
}

/**
 * Puts the block at the caret back as the base has it: a block the base has gets the base's text
 * (with its formatting and footnote markers); a block the delegation added is removed (with its
 * list, when it was the list's only item). Not applicable when the block already reads as the
 * base does. A block the delegation deleted has no caret to reset from: undo brings it back.
 */
export function resetBlock(baseDoc: () => Node | null): Command {
  return (state, dispatch) => {
    const base = baseDoc();
    const here = blockAtCaret(state);
    if (!base || !here) return false;
    const original = findBlock(base, here.id);
    if (original) {
      const from = textNodeOf(original);
      const to = textNodeOf(here.node);
      if (!from || !to || inlineText(from) === inlineText(to)) return false;
      // The text's first position: inside the block itself, or inside its first child (body).
      const start = to === here.node ? here.pos + 1 : here.pos + 2;
      if (dispatch) dispatch(state.tr.replaceWith(start, start + to.content.size, from.content));
      return true;
    }
    let pos = here.pos;
    let size = here.node.nodeSize;
    const $pos = state.doc.resolve(here.pos);
    if (here.node.type.name === 'list_item' && $pos.parent.childCount === 1) {
      pos = $pos.before();
      size = $pos.parent.nodeSize;
    }
    if (dispatch) dispatch(state.tr.delete(pos, pos + size));
    return true;
  };
}
