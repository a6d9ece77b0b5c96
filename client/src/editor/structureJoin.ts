import type { ResolvedPos } from 'prosemirror-model';
import type { Transaction } from 'prosemirror-state';
import { caretAt, caretBefore, isEmptyParagraph, isReferenced } from './structure.js';

/**
 * What joining a textblock to the one before it did: `changed` the document (the caret is at
 * the seam), or `blocked` because the two belong to blocks of different kinds.
 */
export type JoinOutcome = 'changed' | 'blocked';

/** Removes the block at `[from, to)` and puts the caret at the end of the text before it. */
function removeBlock(tr: Transaction, from: number, to: number): JoinOutcome {
  tr.delete(from, to);
  caretBefore(tr, from);
  return 'changed';
}

/**
 * The first list item's text joins the end of its paragraph's running text (the item leaves
 * the list; an emptied list goes with it).
 */
function joinFirstItemToBody(tr: Transaction, $pos: ResolvedPos): JoinOutcome {
  const item = $pos.parent;
  const list = $pos.node(-1);
  const listStart = $pos.before(-1);
  const bodyEnd = listStart - 1;
  if (list.childCount === 1) tr.delete(listStart, $pos.after(-1));
  else tr.delete($pos.before(), $pos.after());
  tr.insert(bodyEnd, item.content);
  caretAt(tr, bodyEnd);
  return 'changed';
}

/**
 * Joins the paragraph whose body starts at `$pos` to the previous paragraph of the same kind.
 * Without a list the two bodies join (the earlier paragraph keeps its id); after a list, the
 * running text joins the last list item and the paragraph's own items follow it.
 */
function joinParagraphs(tr: Transaction, $pos: ResolvedPos): JoinOutcome {
  const paragraph = $pos.node(-1);
  const start = $pos.before(-1);
  const previous = tr.doc.resolve(start).nodeBefore;
  if (!previous) return 'blocked';
  if (previous.childCount === 1) {
    tr.join(start, 2);
    caretAt(tr, start - 2);
    return 'changed';
  }
  // start - 1 closes the previous paragraph, start - 2 its list, start - 3 its last item.
  const lastItemEnd = start - 3;
  tr.delete(start, start + paragraph.nodeSize);
  if (paragraph.childCount > 1) tr.insert(start - 2, paragraph.child(1).content);
  tr.insert(lastItemEnd, paragraph.child(0).content);
  caretAt(tr, lastItemEnd);
  return 'changed';
}

/**
 * Backspace at the very start of a textblock, made structure-aware: text joins only text of the
 * same kind of block (two preambular paragraphs, two items of one list, an item into its own
 * paragraph's running text). At a boundary between kinds (chapeau / PP1, last PP / OP1, goal
 * title / first action point, last action / footnotes …) nothing merges; an empty block there
 * is removed instead, when the schema lets it go (never the title, chapeau, a goal's title or a
 * footnote a marker points at). `$pos` must be at offset 0 of its textblock.
 */
export function joinBackwardAt(tr: Transaction, $pos: ResolvedPos): JoinOutcome {
  const block = $pos.parent;
  switch (block.type.name) {
    case 'list_item': {
      if ($pos.index(-1) > 0) {
        const cut = $pos.before();
        tr.join(cut);
        caretAt(tr, cut - 1);
        return 'changed';
      }
      return joinFirstItemToBody(tr, $pos);
    }
    case 'body': {
      const paragraph = $pos.node(-1);
      const previous = tr.doc.resolve($pos.before(-1)).nodeBefore;
      if (previous?.type === paragraph.type) return joinParagraphs(tr, $pos);
      if (isEmptyParagraph(paragraph)) return removeBlock(tr, $pos.before(-1), $pos.after(-1));
      return 'blocked';
    }
    case 'goal_title': {
      const goal = $pos.node(-1);
      if (block.content.size === 0 && goal.childCount === 1)
        return removeBlock(tr, $pos.before(-1), $pos.after(-1));
      return 'blocked';
    }
    case 'footnote': {
      if (block.content.size === 0 && !isReferenced(tr.doc, block.attrs.id))
        return removeBlock(tr, $pos.before(), $pos.after());
      return 'blocked';
    }
    default:
      // The title and the chapeau never merge into anything before them.
      return 'blocked';
  }
}
