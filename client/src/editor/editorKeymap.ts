import type { Plugin, Command } from 'prosemirror-state';
import { keymap } from 'prosemirror-keymap';
import { toggleMark } from 'prosemirror-commands';
import { redoCommand, undoCommand } from 'y-prosemirror';
import { schema } from '@accord/shared';
import type { StructureCommands } from './structureCommands.js';
import { STRUCTURE_SHORTCUTS } from './structureShortcuts.js';

/**
 * Accord's own keys, placed before baseKeymap. Undo and redo go through Yjs's UndoManager so that
 * they undo only this person's changes, never a colleague's. Enter, Backspace and Delete (in all
 * their variants) keep the declaration's structure; the structure commands have their keys.
 */
export function editorKeymap(commands: StructureCommands): Plugin {
  const strong = schema.marks.strong;
  const em = schema.marks.em;
  if (!strong || !em) throw new Error('schema lacks the strong or em mark');
  const bindings: Record<string, Command> = {
    'Mod-z': undoCommand,
    'Mod-y': redoCommand,
    'Mod-Shift-z': redoCommand,
    'Mod-b': toggleMark(strong),
    'Mod-i': toggleMark(em),
    Enter: commands.enter,
    'Shift-Enter': commands.enter,
    Backspace: commands.backspace,
    'Mod-Backspace': commands.backspace,
    'Shift-Backspace': commands.backspace,
    'Alt-Backspace': commands.backspace,
    'Ctrl-h': commands.backspace,
    Delete: commands.deleteForward,
    'Mod-Delete': commands.deleteForward,
    'Alt-Delete': commands.deleteForward,
    'Ctrl-d': commands.deleteForward,
  };
  for (const shortcut of STRUCTURE_SHORTCUTS) {
    for (const key of shortcut.keys) bindings[key] = commands[shortcut.command];
  }
  return keymap(bindings);
}
