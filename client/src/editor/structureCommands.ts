import type { Command, EditorState, Transaction } from 'prosemirror-state';
import { NodeSelection } from 'prosemirror-state';
import { cryptoRandom, type RandomSource } from '@accord/shared';
import { joinBackwardAt } from './structureJoin.js';
import { deleteRangeSafely } from './structureDelete.js';
import { enterAt } from './structureEnter.js';
import { nextTextblockStart } from './structure.js';
import {
  insertActionPoint,
  insertFootnote,
  insertGoal,
  insertParagraphAfter,
} from './structureInsert.js';
import { indentIntoList, moveBlock, outdentFromList } from './structureMove.js';

/**
 * True when the selection spans more than one textblock (or whole blocks): deleting it must go
 * through `deleteRangeSafely`, never ProseMirror's replace, which would merge the two ends'
 * blocks whatever their kinds.
 */
export function spansBlocks(state: EditorState): boolean {
  const { selection } = state;
  if (selection.empty) return false;
  if (selection instanceof NodeSelection && selection.node.isInline) return false;
  const { $from, $to } = selection;
  return !($from.parent.isTextblock && $from.sameParent($to));
}

/** Turns a transaction builder into a Command; it dispatches only what changed the document. */
function command(build: (state: EditorState) => Transaction | null): Command {
  return (state, dispatch) => {
    const tr = build(state);
    if (!tr) return false;
    if (dispatch) dispatch(tr.scrollIntoView());
    return true;
  };
}

/**
 * The declaration's own commands: pure ProseMirror commands (no DOM), usable by the editor's
 * keymap and toolbar, by tests and by the fuzz test. New blocks get fresh ids from `random`; a
 * moved block keeps its id.
 */
export function structureCommands(random: RandomSource = cryptoRandom) {
  /** Deletes a selection spanning several blocks without merging blocks of different kinds. */
  const deleteSelection: Command = (state, dispatch) => {
    if (!spansBlocks(state)) return false;
    if (dispatch) {
      const tr = state.tr;
      deleteRangeSafely(tr, state.selection.from, state.selection.to);
      dispatch(tr.scrollIntoView());
    }
    return true;
  };

  /**
   * Backspace: a selection over several blocks is deleted safely; at the very start of a
   * textblock, joins only blocks of the same kind (see `joinBackwardAt`) and otherwise does
   * nothing. Elsewhere it leaves the key to the default behaviour.
   */
  const backspace: Command = (state, dispatch) => {
    if (!state.selection.empty) return deleteSelection(state, dispatch);
    const { $from } = state.selection;
    if (!$from.parent.isTextblock || $from.parentOffset !== 0) return false;
    const tr = state.tr;
    if (joinBackwardAt(tr, $from) === 'changed' && dispatch) dispatch(tr.scrollIntoView());
    return true;
  };

  /** Delete: the mirror of Backspace, at the very end of a textblock. */
  const deleteForward: Command = (state, dispatch) => {
    if (!state.selection.empty) return deleteSelection(state, dispatch);
    const { $from } = state.selection;
    if (!$from.parent.isTextblock || $from.parentOffset !== $from.parent.content.size) return false;
    const next = nextTextblockStart($from);
    if (next === null) return true;
    const tr = state.tr;
    if (joinBackwardAt(tr, tr.doc.resolve(next)) === 'changed' && dispatch)
      dispatch(tr.scrollIntoView());
    return true;
  };

  /**
   * Enter, structure-aware (see `enterAt`): splits paragraphs and list items, leaves a list from
   * an empty item, goes from a goal's title to its first action point; does nothing in the title
   * and footnotes. A selection is deleted first (safely when it spans blocks).
   */
  const enter: Command = (state, dispatch) => {
    const tr = state.tr;
    if (spansBlocks(state)) deleteRangeSafely(tr, state.selection.from, state.selection.to);
    else if (!state.selection.empty) tr.deleteSelection();
    const { $from } = tr.selection;
    if (!$from.parent.isTextblock) return false;
    const changed = enterAt(tr, $from, random);
    if (dispatch && (changed || tr.docChanged)) dispatch(tr.scrollIntoView());
    return true;
  };

  return {
    backspace,
    deleteForward,
    deleteSelection,
    enter,
    /** A new empty paragraph of the same kind after this one. */
    newParagraph: command((state) => insertParagraphAfter(state, random)),
    /** A new action point after this one (or first in the goal). */
    newActionPoint: command((state) => insertActionPoint(state, random)),
    /** A new goal after this one (or first, from before the goals). */
    newGoal: command((state) => insertGoal(state, random)),
    /** A footnote marker at the caret and its body in the footnotes, the caret in it. */
    insertFootnote: command((state) => insertFootnote(state, random)),
    /** Moves the list item, paragraph or goal at the caret one place up. */
    moveUp: command((state) => moveBlock(state, -1)),
    /** Moves the list item, paragraph or goal at the caret one place down. */
    moveDown: command((state) => moveBlock(state, 1)),
    /** Makes the paragraph at the caret an item of the previous paragraph's list. */
    indent: command(indentIntoList),
    /** Makes the list item at the caret a paragraph of its own. */
    outdent: command(outdentFromList),
  } satisfies Record<string, Command>;
}

/** The commands `structureCommands` makes, by name. */
export type StructureCommands = ReturnType<typeof structureCommands>;
