import type { StructureCommands } from './structureCommands.js';

/** One of the declaration's own commands as the toolbar and the keymap offer it. */
export interface StructureShortcut {
  /** Which of `structureCommands` it runs. */
  command: keyof StructureCommands;
  /** The button's words. */
  label: string;
  /** What it does, for the accessible name and the tooltip. */
  description: string;
  /** ProseMirror key names; the first is shown. */
  keys: readonly string[];
}

/**
 * The structure commands with their keys, in toolbar order. One list, so the toolbar shows the
 * keys the keymap really binds.
 */
export const STRUCTURE_SHORTCUTS: readonly StructureShortcut[] = [
  {
    command: 'newParagraph',
    label: 'New paragraph',
    description: 'New paragraph after this one',
    keys: ['Mod-Enter'],
  },
  {
    command: 'newActionPoint',
    label: 'New action point',
    description: 'New action point after this one',
    keys: ['Mod-Shift-Enter'],
  },
  {
    command: 'newGoal',
    label: 'New goal',
    description: 'New goal after this one',
    keys: ['Mod-Alt-Enter'],
  },
  {
    command: 'insertFootnote',
    label: 'Footnote',
    description: 'Insert a footnote here',
    keys: ['Mod-Alt-f'],
  },
  { command: 'moveUp', label: 'Move up', description: 'Move this block up', keys: ['Alt-ArrowUp'] },
  {
    command: 'moveDown',
    label: 'Move down',
    description: 'Move this block down',
    keys: ['Alt-ArrowDown'],
  },
  {
    command: 'indent',
    label: 'Into list',
    description: 'Make this paragraph an item of the list above',
    keys: ['Mod-]'],
  },
  {
    command: 'outdent',
    label: 'Out of list',
    description: 'Make this list item a paragraph of its own',
    keys: ['Mod-['],
  },
];

/** True on Apple platforms, where Mod is ⌘ (ProseMirror's keymap decides the same way). */
function isMac(): boolean {
  return typeof navigator !== 'undefined' && /Mac|iP(hone|[oa]d)/.test(navigator.platform);
}

const WORDS: Record<string, string> = {
  ArrowUp: '↑',
  ArrowDown: '↓',
  Enter: 'Enter',
};

/** A ProseMirror key name as people read it: "Ctrl+Alt+F", "Alt+↑" (⌘ on a Mac). */
export function keyLabel(key: string, mac = isMac()): string {
  return key
    .split('-')
    .map((part) => {
      if (part === 'Mod') return mac ? '⌘' : 'Ctrl';
      if (part === 'Alt') return mac ? '⌥' : 'Alt';
      if (part === 'Shift') return mac ? '⇧' : 'Shift';
      return WORDS[part] ?? part.toUpperCase();
    })
    .join('+');
}

/** A ProseMirror key name as `aria-keyshortcuts` wants it: "Control+Alt+F". */
export function ariaKeys(key: string, mac = isMac()): string {
  return key
    .split('-')
    .map((part) =>
      part === 'Mod' ? (mac ? 'Meta' : 'Control') : part.length === 1 ? part.toUpperCase() : part,
    )
    .join('+');
}
