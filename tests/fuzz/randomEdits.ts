import { Fragment, type Node } from 'prosemirror-model';
import { TextSelection, type Command } from 'prosemirror-state';
import { baseKeymap, chainCommands, deleteSelection, toggleMark } from 'prosemirror-commands';
import { redoCommand, undoCommand } from 'y-prosemirror';
import { newBlockId, schema } from '@accord/shared';
import {
  joinNumberedParagraphBackward,
  splitNumberedParagraph,
} from '../../client/src/editor/paragraphCommands.js';
import type { HeadlessEditor } from './HeadlessEditor.js';
import type { Random } from './Random.js';
import {
  findNodes,
  offsetIn,
  paragraphs,
  pickHot,
  textblocks,
  type Located,
} from './editTargets.js';

/** Enter and Backspace as the editor's keymaps chain them: Accord's commands, then the stock ones. */
const enter = chainCommands(splitNumberedParagraph, baseKeymap['Enter']!);
const backspace = chainCommands(joinNumberedParagraphBackward, baseKeymap['Backspace']!);

/** Blocks whose running text may hold a footnote marker (inline content with atoms). */
const MARKER_HOSTS: ReadonlySet<string> = new Set(['body', 'chapeau', 'list_item']);

/** One kind of edit: does it on `editor` and says what it did, or null when it did not apply. */
type Edit = (editor: HeadlessEditor, random: Random) => string | null;

const node = (name: string) => {
  const type = schema.nodes[name];
  if (!type) throw new Error(`schema has no ${name}`);
  return type;
};

function placeCursor(editor: HeadlessEditor, pos: number, to = pos): void {
  const { doc } = editor.state;
  editor.dispatch(editor.state.tr.setSelection(TextSelection.create(doc, pos, to)));
}

/** Types a few characters one keystroke (one transaction) at a time, as a person does. */
const typeText: Edit = (editor, random) => {
  const block = pickHot(random, textblocks(editor.doc), 8);
  if (!block) return null;
  const at = offsetIn(random, block);
  placeCursor(editor, at);
  const text = random.word();
  for (const ch of text) editor.dispatch(editor.state.tr.insertText(ch));
  return `type ${JSON.stringify(text)} at ${at} in ${block.node.type.name}`;
};

/** Deletes a range inside one block's running text (a marker inside it goes too). */
const deleteText: Edit = (editor, random) => {
  const blocks = textblocks(editor.doc).filter((b) => b.node.content.size > 0);
  const block = pickHot(random, blocks, 8);
  if (!block) return null;
  const from = offsetIn(random, block);
  const to = Math.min(from + random.between(1, 6), block.pos + 1 + block.node.content.size);
  editor.dispatch(editor.state.tr.delete(from, to));
  return `delete ${from}-${to} in ${block.node.type.name}`;
};

/** Selects from one block into a later one and deletes, as Shift-click and Delete would. */
const deleteAcross: Edit = (editor, random) => {
  const blocks = textblocks(editor.doc);
  const first = pickHot(random, blocks, 8);
  if (!first) return null;
  const later = blocks.filter((b) => b.pos > first.pos).slice(0, 3);
  if (later.length === 0) return null;
  const from = offsetIn(random, first);
  const to = offsetIn(random, random.pick(later));
  placeCursor(editor, from, to);
  editor.run(deleteSelection);
  return `delete across ${from}-${to}`;
};

/** Enter at a random place in a random block. */
const pressEnter: Edit = (editor, random) => {
  const block = pickHot(random, textblocks(editor.doc), 8);
  if (!block) return null;
  const at = offsetIn(random, block);
  placeCursor(editor, at);
  return editor.run(enter) ? `Enter at ${at} in ${block.node.type.name}` : null;
};

/** Backspace at the start of a block: joins, lifts or does nothing, as the keymap decides. */
const backspaceAtStart: Edit = (editor, random) => {
  const block = pickHot(random, textblocks(editor.doc), 8);
  if (!block) return null;
  placeCursor(editor, block.pos + 1);
  return editor.run(backspace) ? `Backspace at start of ${block.node.type.name}` : null;
};

/** A new empty paragraph of the same kind after a paragraph (its id comes from the id plugin). */
const newParagraph: Edit = (editor, random) => {
  const paragraph = pickHot(random, paragraphs(editor.doc));
  if (!paragraph) return null;
  const fresh = paragraph.node.type.createAndFill();
  if (!fresh) return null;
  const at = paragraph.pos + paragraph.node.nodeSize;
  editor.dispatch(editor.state.tr.insert(at, fresh));
  return `new ${paragraph.node.type.name} at ${at}`;
};

/** Gives a paragraph without a list a list of one item. */
const addList: Edit = (editor, random) => {
  const bare = paragraphs(editor.doc).filter((p) => p.node.childCount === 1);
  const paragraph = pickHot(random, bare);
  if (!paragraph) return null;
  const item = node('list_item').create(null, schema.text(random.word()));
  const at = paragraph.pos + paragraph.node.nodeSize - 1;
  editor.dispatch(editor.state.tr.insert(at, node('list').create(null, item)));
  return `add list to ${paragraph.node.type.name} at ${paragraph.pos}`;
};

function listItems(doc: Node): Located[] {
  return findNodes(doc, (n) => n.type.name === 'list_item');
}

/** Adds a list item after another. */
const addListItem: Edit = (editor, random) => {
  const item = pickHot(random, listItems(editor.doc));
  if (!item) return null;
  const at = item.pos + item.node.nodeSize;
  const text = random.chance(0.5) ? schema.text(random.word()) : Fragment.empty;
  editor.dispatch(editor.state.tr.insert(at, node('list_item').create(null, text)));
  return `add list item at ${at}`;
};

/** Removes a list item, or the whole list with its last item. */
const removeListItem: Edit = (editor, random) => {
  const item = pickHot(random, listItems(editor.doc));
  if (!item) return null;
  const $item = editor.doc.resolve(item.pos);
  const list = $item.parent;
  const tr = editor.state.tr;
  if (list.childCount > 1) tr.delete(item.pos, item.pos + item.node.nodeSize);
  else tr.delete($item.before(), $item.after());
  editor.dispatch(tr);
  return `remove list item at ${item.pos}`;
};

/** Inserts a footnote marker and its footnote (at the end of the footnotes) in one step. */
const insertFootnote: Edit = (editor, random) => {
  const hosts = textblocks(editor.doc).filter((b) => MARKER_HOSTS.has(b.node.type.name));
  const host = pickHot(random, hosts, 8);
  if (!host) return null;
  const id = newBlockId(() => random.float());
  const at = offsetIn(random, host);
  const tr = editor.state.tr.insert(at, node('footnote_ref').create({ ref: id }));
  const notesEnd = tr.doc.content.size - 1;
  tr.insert(notesEnd, node('footnote').create({ id }, schema.text(random.word(12))));
  editor.dispatch(tr);
  return `footnote ${id} at ${at}`;
};

/**
 * Moves a paragraph above its previous sibling of the same kind, or below the next one. ProseMirror
 * has no move step: the paragraph is deleted and inserted again, so in Yjs it becomes a new
 * element carrying the same id (two clients moving it at once leave two).
 */
const moveParagraph: Edit = (editor, random) => {
  const paragraph = pickHot(random, paragraphs(editor.doc));
  if (!paragraph) return null;
  const $p = editor.doc.resolve(paragraph.pos);
  const index = $p.index();
  const up = random.chance(0.5);
  const other = $p.parent.maybeChild(up ? index - 1 : index + 1);
  if (!other || other.type !== paragraph.node.type) return null;
  const tr = editor.state.tr;
  const size = paragraph.node.nodeSize;
  if (up) {
    tr.delete(paragraph.pos, paragraph.pos + size);
    tr.insert(paragraph.pos - other.nodeSize, paragraph.node);
  } else {
    tr.delete(paragraph.pos, paragraph.pos + size);
    tr.insert(paragraph.pos + other.nodeSize, paragraph.node);
  }
  editor.dispatch(tr);
  return `move ${paragraph.node.type.name} ${String(paragraph.node.attrs.id)} ${up ? 'up' : 'down'}`;
};

/** Copies a paragraph and pastes it after another of the same kind (its id repeats, then repaired). */
const pasteParagraph: Edit = (editor, random) => {
  const all = paragraphs(editor.doc);
  const source = pickHot(random, all);
  if (!source) return null;
  const sameKind = all.filter((p) => p.node.type === source.node.type);
  const target = random.pick(sameKind);
  const at = target.pos + target.node.nodeSize;
  editor.dispatch(editor.state.tr.insert(at, source.node));
  return `paste ${String(source.node.attrs.id)} at ${at}`;
};

/** Bold, italic or a link on a stretch of running text. */
const formatText: Edit = (editor, random) => {
  const blocks = textblocks(editor.doc).filter(
    (b) => b.node.type.name === 'body' && b.node.content.size > 1,
  );
  const block = pickHot(random, blocks, 8);
  if (!block) return null;
  const from = offsetIn(random, block);
  const to = Math.min(from + random.between(1, 8), block.pos + 1 + block.node.content.size);
  placeCursor(editor, from, to);
  const kind = random.pick(['strong', 'em', 'link'] as const);
  const mark = schema.marks[kind]!;
  const command: Command =
    kind === 'link'
      ? (state, dispatch) => {
          dispatch?.(state.tr.addMark(from, to, mark.create({ href: 'https://example.org/x' })));
          return true;
        }
      : toggleMark(mark);
  return editor.run(command) ? `${kind} ${from}-${to}` : null;
};

/** A new goal with one action point, after a goal (Call for Action only). */
const newGoal: Edit = (editor, random) => {
  const goal = pickHot(
    random,
    findNodes(editor.doc, (n) => n.type.name === 'goal'),
  );
  if (!goal) return null;
  const fresh = node('goal').create(null, [
    node('goal_title').create(null, schema.text(random.word())),
    node('action').createAndFill()!,
  ]);
  const at = goal.pos + goal.node.nodeSize;
  editor.dispatch(editor.state.tr.insert(at, fresh));
  return `new goal at ${at}`;
};

const undo: Edit = (editor) => (editor.run(undoCommand) ? 'undo' : null);
const redo: Edit = (editor) => (editor.run(redoCommand) ? 'redo' : null);

/** How often each edit is chosen, relative to the others. */
const EDITS = {
  typeText: 30,
  deleteText: 10,
  deleteAcross: 2,
  pressEnter: 8,
  backspaceAtStart: 6,
  newParagraph: 4,
  addList: 4,
  addListItem: 4,
  removeListItem: 3,
  insertFootnote: 3,
  moveParagraph: 5,
  pasteParagraph: 2,
  formatText: 4,
  newGoal: 1,
  undo: 6,
  redo: 2,
} as const;

const EDIT_FUNCTIONS: Record<keyof typeof EDITS, Edit> = {
  typeText,
  deleteText,
  deleteAcross,
  pressEnter,
  backspaceAtStart,
  newParagraph,
  addList,
  addListItem,
  removeListItem,
  insertFootnote,
  moveParagraph,
  pasteParagraph,
  formatText,
  newGoal,
  undo,
  redo,
};

/** The names of the edits the fuzz makes. */
export type EditKind = keyof typeof EDITS;

/**
 * Makes one random edit as a person would in the browser editor, and says what it was. A pause
 * before it (an undo boundary) comes with probability one half, as a person's pauses cut undo
 * steps. Returns null when the chosen edit did not apply to the current text.
 */
export function randomEdit(editor: HeadlessEditor, random: Random): string | null {
  if (random.chance(0.5)) editor.undoManager().stopCapturing();
  const kind = random.weighted(EDITS);
  return EDIT_FUNCTIONS[kind](editor, random);
}
