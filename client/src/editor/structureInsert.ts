import type { Node } from 'prosemirror-model';
import type { EditorState, Transaction } from 'prosemirror-state';
import { footnoteNumbers, newBlockId, type RandomSource } from '@accord/shared';
import {
  NUMBERED,
  ancestor,
  caretAt,
  emptyGoal,
  emptyParagraph,
  isEmptyParagraph,
  nodeType,
} from './structure.js';

const GOAL: ReadonlySet<string> = new Set(['goal']);
const ACTION: ReadonlySet<string> = new Set(['action']);

/** Inserts an empty action point as the goal's first (the goal starts at `goalPos`). */
function firstAction(tr: Transaction, goalPos: number, goal: Node, random: RandomSource): void {
  const at = goalPos + 1 + goal.child(0).nodeSize;
  const first = goal.childCount > 1 ? goal.child(1) : null;
  if (!first || !isEmptyParagraph(first)) tr.insert(at, emptyParagraph(nodeType('action'), random));
  caretAt(tr, at + 2);
}

/**
 * A new empty paragraph of the same kind right after the one the caret is in (from a list item,
 * after the paragraph holding the list); from the chapeau, a first preambular paragraph; from a
 * goal's title, its first action point. Returns false where there is no such paragraph.
 */
export function insertParagraphAfter(state: EditorState, random: RandomSource): Transaction | null {
  const { $from } = state.selection;
  const tr = state.tr;
  const paragraph = ancestor($from, NUMBERED);
  if (paragraph) {
    const at = paragraph.pos + paragraph.node.nodeSize;
    tr.insert(at, emptyParagraph(paragraph.node.type, random));
    caretAt(tr, at + 2);
    return tr;
  }
  const name = $from.parent.type.name;
  if (name === 'chapeau') {
    const at = $from.after();
    tr.insert(at, emptyParagraph(nodeType('preambular'), random));
    caretAt(tr, at + 2);
    return tr;
  }
  if (name === 'goal_title') {
    firstAction(tr, $from.before(-1), $from.node(-1), random);
    return tr;
  }
  return null;
}

/** A new action point after the one the caret is in, or first in the goal from its title. */
export function insertActionPoint(state: EditorState, random: RandomSource): Transaction | null {
  const { $from } = state.selection;
  const tr = state.tr;
  const action = ancestor($from, ACTION);
  if (action) {
    const at = action.pos + action.node.nodeSize;
    tr.insert(at, emptyParagraph(action.node.type, random));
    caretAt(tr, at + 2);
    return tr;
  }
  const goal = ancestor($from, GOAL);
  if (!goal) return null;
  firstAction(tr, goal.pos, goal.node, random);
  return tr;
}

/**
 * A new goal, its title ready for typing: after the goal the caret is in, or, from anywhere
 * before the goals, as the first goal (right after the operative part).
 */
export function insertGoal(state: EditorState, random: RandomSource): Transaction | null {
  const { $from } = state.selection;
  const tr = state.tr;
  const goal = ancestor($from, GOAL);
  let at: number;
  if (goal) {
    at = goal.pos + goal.node.nodeSize;
  } else {
    if ($from.depth === 0 || $from.node(1).type.name === 'footnotes') return null;
    let first = -1;
    state.doc.forEach((block, offset) => {
      if (first < 0 && (block.type.name === 'goal' || block.type.name === 'footnotes'))
        first = offset;
    });
    if (first < 0) return null;
    at = first;
  }
  tr.insert(at, emptyGoal(random));
  caretAt(tr, at + 2);
  return tr;
}

/** Where footnote `n` (1-based, by the order of markers) goes in the footnotes block. */
function footnoteIndex(doc: Node, numbers: Map<string, number>, n: number): number {
  const notes = doc.lastChild;
  if (!notes) return 0;
  let index = 0;
  notes.forEach((note, _offset, i) => {
    const number = numbers.get(note.attrs.id as string);
    if (number !== undefined && number < n) index = i + 1;
  });
  return index;
}

/**
 * Inserts a footnote: a marker at the caret (after the selection, which stays) and a new, empty
 * footnote body in the footnotes block, where its number puts it; the caret goes into the body.
 * Only where the schema allows markers (running text, list items, the chapeau).
 */
export function insertFootnote(state: EditorState, random: RandomSource): Transaction | null {
  const { $to } = state.selection;
  const refType = nodeType('footnote_ref');
  if (!$to.parent.isTextblock || !$to.parent.canReplaceWith($to.index(), $to.index(), refType))
    return null;
  const notes = state.doc.lastChild;
  if (notes?.type.name !== 'footnotes') return null;
  const id = newBlockId(random);
  const tr = state.tr.insert($to.pos, refType.create({ ref: id }));
  const numbers = footnoteNumbers(tr.doc);
  const n = numbers.get(id) ?? numbers.size;
  const index = footnoteIndex(tr.doc, numbers, n);
  const notesStart = tr.doc.content.size - (tr.doc.lastChild?.nodeSize ?? 0);
  let at = notesStart + 1;
  for (let i = 0; i < index; i++) at += tr.doc.lastChild?.child(i).nodeSize ?? 0;
  tr.insert(at, nodeType('footnote').create({ id }));
  caretAt(tr, at + 1);
  return tr;
}
