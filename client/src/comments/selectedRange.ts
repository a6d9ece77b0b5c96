import type { EditorView } from 'prosemirror-view';

/**
 * The words selected in the editor: its selection, or (when the text is read-only and the
 * browser's selection has not reached ProseMirror yet) the browser's own selection inside it.
 */
export function selectedRange(view: EditorView): { from: number; to: number } | null {
  const { from, to } = view.state.selection;
  if (from < to) return { from, to };
  const dom = view.dom.ownerDocument.getSelection();
  if (!dom || dom.rangeCount === 0 || dom.isCollapsed) return null;
  const range = dom.getRangeAt(0);
  if (!view.dom.contains(range.startContainer) || !view.dom.contains(range.endContainer))
    return null;
  try {
    const a = view.posAtDOM(range.startContainer, range.startOffset);
    const b = view.posAtDOM(range.endContainer, range.endOffset);
    return a < b ? { from: a, to: b } : b < a ? { from: b, to: a } : null;
  } catch {
    return null;
  }
}
