import type { Node } from 'prosemirror-model';
import type { Command, EditorState } from 'prosemirror-state';
import {
  ALTERNATIVE_OPTIONS_MAX,
  cryptoRandom,
  newBlockId,
  schema,
  type RandomSource,
} from '@accord/shared';

/** The alternative key, as ProseMirror names it (Ctrl+Alt+O, ⌘⌥O on a Mac). */
export const ALTERNATIVE_KEY = 'Mod-Alt-o';

/** True when some text of the selection is an option of an alternative. */
export function selectionHasAlternative(state: EditorState): boolean {
  const { from, to, empty } = state.selection;
  return !empty && state.doc.rangeHasMark(from, to, schema.marks.alternative!);
}

/**
 * NS10: makes the selected words an option of an alternative. Right after an option (with at
 * most a space between) they become the next option of that alternative
 * ("Alt 2"); elsewhere "Alt 1" of a new one. On a selection holding options, the same command
 * removes them. Never types "Alt" or "/": the option is a mark, printed by the page.
 */
export function toggleAlternative(random: RandomSource = cryptoRandom): Command {
  return (state, dispatch) => {
    const { from, to, empty, $from } = state.selection;
    if (empty) return false;
    const type = schema.marks.alternative!;
    if (selectionHasAlternative(state)) {
      if (dispatch) dispatch(state.tr.removeMark(from, to, type).scrollIntoView());
      return true;
    }
    if (!$from.parent.isTextblock || !$from.parent.type.allowsMarkType(type)) return false;
    // The word just before the selection (one space between allowed): an option there is
    // continued by the next one, so the plain text reads "shall ensure should ensure".
    const space = $from.parentOffset > 1 && state.doc.textBetween(from - 1, from) === ' ' ? 1 : 0;
    const $before = space ? state.doc.resolve(from - space) : $from;
    const previous = $before.nodeBefore?.marks.find((m) => m.type === type);
    let group: string = newBlockId(random);
    let option = 1;
    if (previous) {
      group = previous.attrs.group as string;
      option = highestOption($from.parent, group) + 1;
      if (option > ALTERNATIVE_OPTIONS_MAX) return false;
    }
    if (dispatch)
      dispatch(state.tr.addMark(from, to, type.create({ group, option })).scrollIntoView());
    return true;
  };
}

/** The highest option number of `group` in the block. */
function highestOption(block: Node, group: string): number {
  let highest = 0;
  block.descendants((node) => {
    for (const mark of node.marks)
      if (mark.type.name === 'alternative' && mark.attrs.group === group)
        highest = Math.max(highest, mark.attrs.option as number);
  });
  return highest;
}
