import { Plugin, PluginKey } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { isFromYjs } from './fromYjs.js';

/** Plugin key of the read-only guard. */
export const readOnlyGuardKey = new PluginKey('accordReadOnlyGuard');

/**
 * While the view is not editable, drops every local change of the text (a paste, a drop, a
 * command run by some other path than the keyboard), keeping only what arrives through Yjs. The
 * server refuses such changes anyway; this keeps them from reaching it and from showing here.
 */
export function readOnlyGuard(): Plugin {
  let view: EditorView | null = null;
  return new Plugin({
    key: readOnlyGuardKey,
    view(editorView) {
      view = editorView;
      return {
        destroy() {
          view = null;
        },
      };
    },
    filterTransaction(tr) {
      return !tr.docChanged || isFromYjs(tr) || view === null || view.editable;
    },
  });
}
