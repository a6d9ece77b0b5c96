import type { Command, EditorState } from 'prosemirror-state';
import { cryptoRandom, newBlockId, schema, type RandomSource } from '@accord/shared';

/** The bracket key, as ProseMirror names it (Ctrl+Alt+B, ⌘⌥B on a Mac). */
export const BRACKET_KEY = 'Mod-Alt-b';

/** True when some text of the selection is bracketed. */
export function selectionHasBracket(state: EditorState): boolean {
  const { from, to, empty } = state.selection;
  const type = schema.marks.bracket!;
  if (empty) return false;
  return state.doc.rangeHasMark(from, to, type);
}

/**
 * NS7: brackets the selected words for the delegation `by()` names (a new bracket id), or, on a
 * selection that holds bracketed words, lifts those brackets whole: the same key does both,
 * as negotiators bracket and "lift" brackets. Never types a "[" or "]": the bracket is a mark,
 * synced as formatting. Does nothing on an empty selection or without a delegation.
 */
export function toggleBracket(
  by: () => string | null,
  random: RandomSource = cryptoRandom,
): Command {
  return (state, dispatch) => {
    const { from, to, empty } = state.selection;
    if (empty) return false;
    const type = schema.marks.bracket!;
    if (selectionHasBracket(state)) {
      // A bracket is lifted whole, as negotiators lift one: every piece of each bracket the
      // selection touches, in the top-level blocks it spans.
      if (dispatch) {
        const ids = new Set<string>();
        state.doc.nodesBetween(from, to, (node) => {
          for (const mark of node.marks) if (mark.type === type) ids.add(mark.attrs.id as string);
        });
        const start = state.selection.$from.before(1);
        const end = state.selection.$to.after(1);
        const tr = state.tr;
        state.doc.nodesBetween(start, end, (node, pos) => {
          if (!node.isText) return true;
          for (const mark of node.marks)
            if (mark.type === type && ids.has(mark.attrs.id as string))
              tr.removeMark(pos, pos + node.nodeSize, mark);
          return false;
        });
        dispatch(tr.scrollIntoView());
      }
      return true;
    }
    const delegation = by();
    if (delegation === null) return false;
    // Only where brackets may stand (not in the title): refuse rather than bracket nothing.
    let allowed = false;
    state.doc.nodesBetween(from, to, (node) => {
      if (node.isTextblock && node.type.allowsMarkType(type)) allowed = true;
      return !allowed;
    });
    if (!allowed) return false;
    if (dispatch) {
      const mark = type.create({ id: newBlockId(random), by: delegation });
      dispatch(state.tr.addMark(from, to, mark).scrollIntoView());
    }
    return true;
  };
}
