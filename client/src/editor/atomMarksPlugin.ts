import { Plugin, PluginKey } from 'prosemirror-state';
import { isFromYjs } from './fromYjs.js';

/** Plugin key of the atom marks plugin. */
export const atomMarksPluginKey = new PluginKey('accordAtomMarks');

/**
 * Keeps marks off footnote markers. ProseMirror lets bold or italic span a marker, but
 * y-prosemirror stores no marks on inline nodes: the editor would show a bold marker that no
 * colleague, nor the editor itself after a reload, ever sees (the convergence fuzz found it).
 */
export function atomMarksPlugin(): Plugin {
  return new Plugin({
    key: atomMarksPluginKey,
    appendTransaction(transactions, _oldState, newState) {
      if (!transactions.some((tr) => tr.docChanged && !isFromYjs(tr))) return null;
      const tr = newState.tr;
      newState.doc.descendants((node, pos) => {
        if (node.type.name === 'footnote_ref' && node.marks.length > 0)
          tr.setNodeMarkup(pos, undefined, node.attrs, []);
        return node.isTextblock ? node.childCount > 0 : true;
      });
      return tr.docChanged ? tr : null;
    },
  });
}
