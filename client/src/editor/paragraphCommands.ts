import type { Command } from 'prosemirror-state';
import { structureCommands } from './structureCommands.js';

// The first paragraph commands, kept under their old names for code written against them (the
// fuzz test's edits). They now run the structure-aware commands the editor binds.
const commands = structureCommands();

/** Enter as the editor binds it (see `structureCommands().enter`). */
export const splitNumberedParagraph: Command = commands.enter;

/** Backspace as the editor binds it (see `structureCommands().backspace`). */
export const joinNumberedParagraphBackward: Command = commands.backspace;
