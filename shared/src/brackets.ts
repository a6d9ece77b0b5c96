import type { Node } from 'prosemirror-model';

/** One square-bracketed passage of the text (NS7): a `bracket` mark, by its id. */
export interface Bracket {
  /** The bracket's id (the mark's `id`): one passage even when a footnote marker splits it. */
  id: string;
  /** The delegation that asked for it. */
  by: string;
  /** The id of the top-level block it is in (a paragraph, a goal, the chapeau, a footnote). */
  blockId: string | null;
  /** The bracketed words, as plain text. */
  text: string;
}

/**
 * Every bracket of `doc`, in document order. A bracket is counted once per top-level block
 * (a paragraph with its list, a goal with its action points, the chapeau, a footnote): the
 * pieces of one passage split by a footnote marker are one bracket, while a bracketed passage
 * copied into another paragraph is another bracket there, to be agreed separately.
 */
export function bracketsIn(doc: Node): Bracket[] {
  const out: Bracket[] = [];
  doc.forEach((top) => {
    if (top.type.name === 'goal') {
      // A goal's action points are paragraphs of their own (statuses and counts are theirs).
      top.forEach((child) =>
        out.push(...bracketsOfBlock(child, blockIdOf(child) ?? blockIdOf(top))),
      );
    } else if (top.type.name === 'footnotes') {
      top.forEach((fn) => out.push(...bracketsOfBlock(fn, blockIdOf(fn))));
    } else out.push(...bracketsOfBlock(top, blockIdOf(top)));
  });
  return out;
}

function blockIdOf(node: Node): string | null {
  const id: unknown = node.attrs.id;
  return typeof id === 'string' ? id : null;
}

/** The brackets inside one block, each id once, its text gathered from all its pieces. */
function bracketsOfBlock(block: Node, blockId: string | null): Bracket[] {
  const found = new Map<string, Bracket>();
  block.descendants((node) => {
    if (!node.isText) return true;
    for (const mark of node.marks) {
      if (mark.type.name !== 'bracket') continue;
      const id = mark.attrs.id as string;
      const seen = found.get(id);
      if (seen) seen.text += node.text ?? '';
      else found.set(id, { id, by: mark.attrs.by as string, blockId, text: node.text ?? '' });
    }
    return false;
  });
  return [...found.values()];
}

/** How many brackets remain in `doc` (see `bracketsIn`). */
export function countBrackets(doc: Node): number {
  return bracketsIn(doc).length;
}
