import type { Plugin } from 'prosemirror-state';
import { keymap } from 'prosemirror-keymap';
import { toggleMark } from 'prosemirror-commands';
import { redoCommand, undoCommand } from 'y-prosemirror';
import { schema } from '@accord/shared';
import { joinNumberedParagraphBackward, splitNumberedParagraph } from './paragraphCommands.js';

/**
 * Accord's own keys, placed before baseKeymap. Undo and redo go through Yjs's UndoManager so that
 * they undo only this person's changes, never a colleague's.
 */
export function editorKeymap(): Plugin {
  const strong = schema.marks.strong;
  const em = schema.marks.em;
  if (!strong || !em) throw new Error('schema lacks the strong or em mark');
  return keymap({
    'Mod-z': undoCommand,
    'Mod-y': redoCommand,
    'Mod-Shift-z': redoCommand,
    'Mod-b': toggleMark(strong),
    'Mod-i': toggleMark(em),
    Enter: splitNumberedParagraph,
    Backspace: joinNumberedParagraphBackward,
  });
}
