import type { ResolvedPos } from 'prosemirror-model';
import type { Transaction } from 'prosemirror-state';
import { newBlockId, type RandomSource } from '@accord/shared';
import {
  caretAt,
  emptyGoal,
  emptyListItem,
  emptyParagraph,
  isEmptyParagraph,
  nodeType,
} from './structure.js';

/**
 * Enter in an empty paragraph leaves the part it is in rather than piling up empty numbered
 * paragraphs: the last (empty) preambular paragraph becomes the first operative one, the last
 * (empty) action point of a goal becomes a new goal. Anywhere else it does nothing.
 */
function leaveEmptyParagraph(tr: Transaction, $pos: ResolvedPos, random: RandomSource): boolean {
  const paragraph = $pos.node(-1);
  const start = $pos.before(-1);
  const next = tr.doc.resolve($pos.after(-1)).nodeAfter;
  const isLast = next?.type !== paragraph.type;
  if (!isLast) return false;
  if (paragraph.type.name === 'preambular') {
    tr.setNodeMarkup(start, nodeType('operative'), paragraph.attrs);
    return true;
  }
  if (paragraph.type.name === 'action') {
    const goalEnd = $pos.after(-2);
    tr.insert(goalEnd, emptyGoal(random));
    tr.delete(start, start + paragraph.nodeSize);
    // The goal's end moved back by the removed action; its title's text starts two further on.
    caretAt(tr, goalEnd - paragraph.nodeSize + 2);
    return true;
  }
  return false;
}

/** Enter in the running text of a numbered paragraph (its `body`). */
function enterInBody(tr: Transaction, $pos: ResolvedPos, random: RandomSource): boolean {
  const paragraph = $pos.node(-1);
  const start = $pos.before(-1);
  if (isEmptyParagraph(paragraph)) return leaveEmptyParagraph(tr, $pos, random);
  if ($pos.parentOffset === 0 && $pos.parent.content.size > 0) {
    // At the very start: an empty paragraph before; the text keeps its paragraph and its id.
    tr.insert(start, emptyParagraph(paragraph.type, random));
    return true;
  }
  if ($pos.parentOffset === $pos.parent.content.size && paragraph.childCount > 1) {
    // At the end of a running text followed by a list: a new first list item.
    const insertAt = $pos.after() + 1;
    tr.insert(insertAt, emptyListItem(random));
    caretAt(tr, insertAt + 1);
    return true;
  }
  // Elsewhere the paragraph splits in two, its list going with the second half, which is new.
  tr.split($pos.pos, 2);
  tr.setNodeAttribute($pos.pos + 2, 'id', newBlockId(random));
  return true;
}

/**
 * Enter in a list item: splits it, or, in an empty item, leaves the list: the item goes, and
 * the items after it (if any) follow a new paragraph of the same kind, where the caret goes.
 */
function enterInListItem(tr: Transaction, $pos: ResolvedPos, random: RandomSource): boolean {
  const item = $pos.parent;
  if (item.content.size > 0) {
    if ($pos.parentOffset === 0) {
      tr.insert($pos.before(), emptyListItem(random));
    } else {
      tr.split($pos.pos);
      tr.setNodeAttribute($pos.pos + 1, 'id', newBlockId(random));
    }
    return true;
  }
  const list = $pos.node(-1);
  const index = $pos.index(-1);
  const paragraph = $pos.node(-2);
  const paragraphEnd = $pos.after(-2);
  const following = list.content.cut($pos.after() - $pos.start(-1));
  const fresh = emptyParagraph(paragraph.type, random);
  const moved =
    following.size > 0
      ? paragraph.type.create(fresh.attrs, [
          fresh.child(0),
          nodeType('list').create(null, following),
        ])
      : fresh;
  // Everything from the empty item on leaves this list (the whole list when it was the first).
  const from = index === 0 ? $pos.before(-1) : $pos.before();
  const to = index === 0 ? $pos.after(-1) : $pos.end(-1);
  tr.insert(paragraphEnd, moved);
  tr.delete(from, to);
  caretAt(tr, paragraphEnd - (to - from) + 2);
  return true;
}

/**
 * Enter anywhere in the declaration, structure-aware. `$pos` is a collapsed caret in a
 * textblock, after any selection has been deleted. Returns false where Enter does nothing (the
 * title, a footnote, an empty paragraph in the middle of its part).
 */
export function enterAt(tr: Transaction, $pos: ResolvedPos, random: RandomSource): boolean {
  switch ($pos.parent.type.name) {
    case 'body':
      return enterInBody(tr, $pos, random);
    case 'list_item':
      return enterInListItem(tr, $pos, random);
    case 'chapeau': {
      if ($pos.parentOffset !== $pos.parent.content.size) return false;
      // After the chapeau comes the preamble: a new first preambular paragraph.
      const at = $pos.after();
      tr.insert(at, emptyParagraph(nodeType('preambular'), random));
      caretAt(tr, at + 2);
      return true;
    }
    case 'goal_title': {
      const goal = $pos.node(-1);
      const at = $pos.after();
      const first = goal.childCount > 1 ? goal.child(1) : null;
      if (!first || !isEmptyParagraph(first))
        tr.insert(at, emptyParagraph(nodeType('action'), random));
      caretAt(tr, at + 2);
      return true;
    }
    default:
      return false;
  }
}
