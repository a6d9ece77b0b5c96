import { Plugin, PluginKey } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { deleteRangeSafely } from './structureDelete.js';
import { spansBlocks, type StructureCommands } from './structureCommands.js';

/** Plugin key of the structure guard. */
export const structureGuardKey = new PluginKey('accordStructureGuard');

/** What ProseMirror's own input handlers mark their transactions with. */
function uiEvent(meta: unknown): string | null {
  return typeof meta === 'string' ? meta : null;
}

/**
 * Keeps the paths that do not go through the keymap from merging blocks of different kinds:
 * typing or pasting over a selection that spans blocks deletes it as Backspace would
 * (`deleteRangeSafely`) first; cutting such a selection copies it, then deletes it the same
 * way; dragging it is not a move.
 */
export function structureGuard(commands: StructureCommands): Plugin {
  let view: EditorView | null = null;
  return new Plugin({
    key: structureGuardKey,
    view(editorView) {
      view = editorView;
      return {
        destroy() {
          view = null;
        },
      };
    },
    props: {
      handleTextInput(editorView, from, to, text) {
        const { state } = editorView;
        if (!spansBlocks(state)) return false;
        const tr = state.tr;
        deleteRangeSafely(tr, from, to);
        editorView.dispatch(tr.insertText(text).scrollIntoView());
        return true;
      },
      handlePaste(editorView, _event, slice) {
        const { state } = editorView;
        if (!spansBlocks(state)) return false;
        const tr = state.tr;
        deleteRangeSafely(tr, state.selection.from, state.selection.to);
        editorView.dispatch(
          tr.replaceSelection(slice).scrollIntoView().setMeta('uiEvent', 'paste'),
        );
        return true;
      },
    },
    filterTransaction(tr, state) {
      const event = uiEvent(tr.getMeta('uiEvent'));
      if ((event !== 'cut' && event !== 'drop') || !spansBlocks(state)) return true;
      // The clipboard already holds the cut text; delete the selection the safe way instead.
      if (event === 'cut') {
        queueMicrotask(() => {
          if (view) commands.deleteSelection(view.state, view.dispatch);
        });
      }
      return false;
    },
  });
}
