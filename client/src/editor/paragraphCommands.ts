import type { Command } from 'prosemirror-state';
import { TextSelection } from 'prosemirror-state';

/** Paragraphs made of a running text (`body`) and an optional list. */
const NUMBERED: ReadonlySet<string> = new Set(['preambular', 'operative', 'action']);

/**
 * Enter inside the running text of a numbered paragraph. The schema allows one body per paragraph,
 * so the stock splitBlock refuses; this splits the paragraph itself, keeping the reading order
 * and keeping the paragraph's id on the text that stays in place (the id plugin gives the new
 * paragraph its own):
 * - at the very start, an empty paragraph is inserted before (the text keeps its id);
 * - at the end of a body followed by a list, a new first list item is opened;
 * - elsewhere the paragraph is split in two, the list going with the second half.
 */
export const splitNumberedParagraph: Command = (state, dispatch) => {
  const { $from, $to } = state.selection;
  if ($from.depth < 2 || $from.parent.type.name !== 'body' || !$from.sameParent($to)) return false;
  const paragraph = $from.node(-1);
  if (!NUMBERED.has(paragraph.type.name)) return false;
  if (!dispatch) return true;

  const tr = state.tr.deleteSelection();
  const $pos = tr.selection.$from;
  const paragraphStart = $pos.before(-1);
  if ($pos.parentOffset === 0 && $pos.parent.content.size > 0) {
    const empty = paragraph.type.createAndFill();
    if (!empty) return false;
    tr.insert(paragraphStart, empty);
  } else if ($pos.parentOffset === $pos.parent.content.size && paragraph.childCount > 1) {
    const list = paragraph.child(1);
    const item = list.firstChild?.type.createAndFill();
    if (!item) return false;
    // After the body comes the list's opening token; the new item goes right inside it.
    const insertAt = $pos.after() + 1;
    tr.insert(insertAt, item);
    tr.setSelection(TextSelection.create(tr.doc, insertAt + 1));
  } else {
    tr.split($pos.pos, 2);
  }
  dispatch(tr.scrollIntoView());
  return true;
};

/**
 * Backspace at the start of a numbered paragraph joins it to the previous paragraph of the same
 * kind when that one ends in running text (no list), which keeps the schema valid; the joined
 * paragraph keeps the earlier paragraph's id. Other cases fall through to the stock commands.
 */
export const joinNumberedParagraphBackward: Command = (state, dispatch) => {
  const { $from, empty } = state.selection;
  if (!empty || $from.depth < 2 || $from.parentOffset !== 0 || $from.parent.type.name !== 'body')
    return false;
  const paragraph = $from.node(-1);
  if (!NUMBERED.has(paragraph.type.name) || $from.index(-1) !== 0) return false;
  const $boundary = state.doc.resolve($from.before(-1));
  const previous = $boundary.nodeBefore;
  if (!previous || previous.type !== paragraph.type || previous.childCount !== 1) return false;
  if (dispatch) dispatch(state.tr.join($boundary.pos, 2).scrollIntoView());
  return true;
};
