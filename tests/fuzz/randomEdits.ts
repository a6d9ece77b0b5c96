import { Fragment, type Node } from 'prosemirror-model';
import { TextSelection, type Command } from 'prosemirror-state';
import { baseKeymap, chainCommands, toggleMark } from 'prosemirror-commands';
import { redoCommand, undoCommand } from 'y-prosemirror';
import { schema } from '@accord/shared';
import {
  structureCommands,
  type StructureCommands,
} from '../../client/src/editor/structureCommands.js';
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

/** One kind of edit: does it on `editor` and says what it did, or null when it did not apply. */
type Edit = (editor: HeadlessEditor, random: Random, commands: StructureCommands) => string | null;

/**
 * A key as the editor's keymaps chain it: Accord's binding (editorKeymap) first, then the stock
 * binding (baseKeymap) when Accord's declines.
 */
function key(editor: HeadlessEditor, accord: Command, stock: string): boolean {
  return editor.run(chainCommands(accord, baseKeymap[stock]!));
}

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
const deleteAcross: Edit = (editor, random, commands) => {
  const blocks = textblocks(editor.doc);
  const first = pickHot(random, blocks, 8);
  if (!first) return null;
  const later = blocks.filter((b) => b.pos > first.pos).slice(0, 3);
  if (later.length === 0) return null;
  const from = offsetIn(random, first);
  const to = offsetIn(random, random.pick(later));
  placeCursor(editor, from, to);
  return key(editor, commands.deleteForward, 'Delete') ? `delete across ${from}-${to}` : null;
};

/** Enter at a random place in a random block. */
const pressEnter: Edit = (editor, random, commands) => {
  const block = pickHot(random, textblocks(editor.doc), 8);
  if (!block) return null;
  const at = offsetIn(random, block);
  placeCursor(editor, at);
  return key(editor, commands.enter, 'Enter') ? `Enter at ${at} in ${block.node.type.name}` : null;
};

/** Backspace at the start of a block: joins, lifts or does nothing, as the keymap decides. */
const backspaceAtStart: Edit = (editor, random, commands) => {
  const block = pickHot(random, textblocks(editor.doc), 8);
  if (!block) return null;
  placeCursor(editor, block.pos + 1);
  return key(editor, commands.backspace, 'Backspace')
    ? `Backspace at start of ${block.node.type.name}`
    : null;
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

/**
 * One of the declaration's structure commands (structureCommands.ts), with the caret in a block
 * it applies to: new paragraph, action point or goal, footnote, move up or down, indent, outdent.
 */
const structure: Edit = (editor, random, commands) => {
  const name = random.pick([
    'newParagraph',
    'newActionPoint',
    'newGoal',
    'insertFootnote',
    'moveUp',
    'moveDown',
    'moveUp',
    'moveDown',
    'indent',
    'outdent',
  ] as const);
  const blocks = textblocks(editor.doc).filter((b) => b.node.type.name !== 'title');
  const block = pickHot(random, blocks, 8);
  if (!block) return null;
  placeCursor(editor, offsetIn(random, block));
  return editor.run(commands[name]) ? `${name} in ${block.parent}>${block.node.type.name}` : null;
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

const undo: Edit = (editor) => (editor.run(undoCommand) ? 'undo' : null);
const redo: Edit = (editor) => (editor.run(redoCommand) ? 'redo' : null);

/** How often each edit is chosen, relative to the others. */
const EDITS = {
  typeText: 30,
  deleteText: 10,
  deleteAcross: 2,
  pressEnter: 8,
  backspaceAtStart: 6,
  structure: 16,
  addList: 4,
  addListItem: 4,
  removeListItem: 3,
  pasteParagraph: 2,
  formatText: 4,
  undo: 6,
  redo: 2,
} as const;

const EDIT_FUNCTIONS: Record<keyof typeof EDITS, Edit> = {
  typeText,
  deleteText,
  deleteAcross,
  pressEnter,
  backspaceAtStart,
  structure,
  addList,
  addListItem,
  removeListItem,
  pasteParagraph,
  formatText,
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
  // New blocks get ids from the seed, so a replay makes the same ids.
  const commands = structureCommands(() => random.float());
  return EDIT_FUNCTIONS[kind](editor, random, commands);
}
