import { AddMarkStep, RemoveMarkStep, ReplaceStep } from 'prosemirror-transform';
import type { Transaction } from 'prosemirror-state';

/**
 * True when a transaction only types or deletes text (or changes marks) inside single
 * textblocks: no block, list item or footnote marker appears, disappears or moves. Whatever is
 * derived from the structure (numbering, labels) then stays as it was and only needs mapping,
 * which keeps typing on a long text cheap.
 */
export function isTextOnlyChange(tr: Transaction): boolean {
  return tr.steps.every((step, i) => {
    if (step instanceof AddMarkStep || step instanceof RemoveMarkStep) return true;
    if (!(step instanceof ReplaceStep)) return false;
    const { from, to, slice } = step as unknown as {
      from: number;
      to: number;
      slice: { openStart: number; openEnd: number; content: import('prosemirror-model').Fragment };
    };
    if (slice.openStart !== 0 || slice.openEnd !== 0) return false;
    const doc = tr.docs[i]!;
    const $from = doc.resolve(from);
    if (!$from.parent.isTextblock || !$from.sameParent(doc.resolve(to))) return false;
    let onlyText = true;
    slice.content.forEach((node) => {
      if (!node.isText) onlyText = false;
    });
    if (onlyText && to > from)
      doc.nodesBetween(from, to, (node, pos) => {
        // Ancestors of the range (the paragraph around the words) are walked too: skip them.
        const around = pos < from && pos + node.nodeSize > to;
        if (!around && !node.isText) onlyText = false;
        return onlyText;
      });
    return onlyText;
  });
}
