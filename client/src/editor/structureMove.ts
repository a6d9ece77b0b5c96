import type { EditorState, Transaction } from 'prosemirror-state';
import { NUMBERED, ancestor, caretAt, nodeType, type Located } from './structure.js';

const LIST_ITEM: ReadonlySet<string> = new Set(['list_item']);
const GOAL: ReadonlySet<string> = new Set(['goal']);

/**
 * The block Alt-Up/Down moves: the list item the caret is in, else its paragraph or action
 * point, else (in a goal's title) the goal.
 */
function movable(state: EditorState): Located | null {
  const { $from } = state.selection;
  return (
    ancestor($from, LIST_ITEM) ??
    ancestor($from, NUMBERED) ??
    ($from.parent.type.name === 'goal_title' ? ancestor($from, GOAL) : null)
  );
}

/**
 * Moves the block at the caret one place up (`-1`) or down (`1`) among its siblings of the same
 * kind, in one transaction: the block is the same node, so it keeps its id (DM2), and the caret
 * keeps its place in it. It never crosses into another part (PP1 does not go above the chapeau,
 * the last preambular paragraph does not become operative, 2.1 stays under its goal's title).
 */
export function moveBlock(state: EditorState, direction: -1 | 1): Transaction | null {
  const block = movable(state);
  if (!block) return null;
  const $block = state.doc.resolve(block.pos);
  const index = $block.index();
  const parent = $block.parent;
  const otherIndex = index + direction;
  if (otherIndex < 0 || otherIndex >= parent.childCount) return null;
  const other = parent.child(otherIndex);
  if (other.type !== block.node.type) return null;
  const caretOffset = state.selection.from - block.pos;
  const tr = state.tr;
  const end = block.pos + block.node.nodeSize;
  if (direction < 0) {
    const target = block.pos - other.nodeSize;
    tr.delete(block.pos, end);
    tr.insert(target, block.node);
    caretAt(tr, target + caretOffset);
  } else {
    tr.delete(block.pos, end);
    const target = block.pos + other.nodeSize;
    tr.insert(target, block.node);
    caretAt(tr, target + caretOffset);
  }
  return tr;
}

/**
 * Mod-]: the paragraph the caret is in becomes the last item of the list of the paragraph of the
 * same kind before it (the list is made if there is none); its own items follow. The text keeps
 * its id.
 */
export function indentIntoList(state: EditorState): Transaction | null {
  const { $from } = state.selection;
  if ($from.parent.type.name !== 'body') return null;
  const paragraph = $from.node(-1);
  const start = $from.before(-1);
  const previous = state.doc.resolve(start).nodeBefore;
  if (!NUMBERED.has(paragraph.type.name) || previous?.type !== paragraph.type) return null;
  const item = nodeType('list_item').create(paragraph.attrs, $from.parent.content);
  const items = [item];
  if (paragraph.childCount > 1) paragraph.child(1).forEach((i) => items.push(i));
  const tr = state.tr.delete(start, start + paragraph.nodeSize);
  let itemStart: number;
  if (previous.childCount > 1) {
    // start - 1 closes the previous paragraph, start - 2 its list: items go at its end.
    itemStart = start - 2;
    tr.insert(itemStart, items);
  } else {
    tr.insert(start - 1, nodeType('list').create(null, items));
    itemStart = start;
  }
  caretAt(tr, itemStart + 1 + $from.parentOffset);
  return tr;
}

/**
 * Mod-[: the list item the caret is in becomes a paragraph of its list's kind right after the
 * paragraph holding the list, keeping its id; the items after it follow as that paragraph's list.
 */
export function outdentFromList(state: EditorState): Transaction | null {
  const { $from } = state.selection;
  if ($from.parent.type.name !== 'list_item') return null;
  const item = $from.parent;
  const list = $from.node(-1);
  const paragraph = $from.node(-2);
  const index = $from.index(-1);
  const following = list.content.cut($from.after() - $from.start(-1));
  const body = nodeType('body').create(null, item.content);
  const content = following.size > 0 ? [body, nodeType('list').create(null, following)] : [body];
  const moved = paragraph.type.create(item.attrs, content);
  const paragraphEnd = $from.after(-2);
  const from = index === 0 ? $from.before(-1) : $from.before();
  const to = index === 0 ? $from.after(-1) : $from.end(-1);
  const tr = state.tr.insert(paragraphEnd, moved);
  tr.delete(from, to);
  caretAt(tr, paragraphEnd - (to - from) + 2 + $from.parentOffset);
  return tr;
}
