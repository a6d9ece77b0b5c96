import type { Node } from 'prosemirror-model';
import { EditorState, TextSelection, type Command } from 'prosemirror-state';

/**
 * The position in `doc` at the start, the end, or `offset` characters into the textblock whose
 * text is exactly `text`; fails when no textblock or several have that text, so a test names
 * its place unambiguously.
 */
export function posIn(doc: Node, text: string, where: 'start' | 'end' | number = 'start'): number {
  const found: { node: Node; pos: number }[] = [];
  doc.descendants((node, pos) => {
    if (node.isTextblock && node.textContent === text) found.push({ node, pos });
    return !node.isTextblock;
  });
  if (found.length !== 1) throw new Error(`${found.length} textblocks read "${text}"`);
  const { node, pos } = found[0]!;
  const offset = where === 'start' ? 0 : where === 'end' ? node.content.size : where;
  return pos + 1 + offset;
}

/** An editor state on `doc` with the caret (or a selection to `to`) at `from`. */
export function stateAt(doc: Node, from: number, to = from): EditorState {
  const state = EditorState.create({ doc });
  return state.apply(state.tr.setSelection(TextSelection.create(doc, from, to)));
}

/** Runs `command` on `state`; returns the state after it and whether the command handled it. */
export function run(
  command: Command,
  state: EditorState,
): { state: EditorState; handled: boolean } {
  let next = state;
  const handled = command(state, (tr) => {
    next = next.apply(tr);
  });
  return { state: next, handled };
}

/** The text of the textblock the caret is in, and the caret's offset there. */
export function caretOf(state: EditorState): { text: string; offset: number; block: string } {
  const { $from } = state.selection;
  return {
    text: $from.parent.textContent,
    offset: $from.parentOffset,
    block: $from.parent.type.name,
  };
}
