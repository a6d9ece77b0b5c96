import type { Node } from 'prosemirror-model';

/**
 * A block's running text as negotiators print it (NS7, NS10): square brackets and alternatives
 * are marks in the text, never typed characters, so an export prints them itself — "[ … ]"
 * around a bracketed passage, "Alt 1: … / Alt 2: …" for the options of an alternative.
 */

/** One piece of printed text: a text node (with its marks), a footnote marker, or a sign. */
export type PrintedPiece =
  { kind: 'text'; node: Node } | { kind: 'ref'; ref: string } | { kind: 'sign'; text: string };

const markAttr = (node: Node, mark: string, attr: string): unknown =>
  node.marks.find((m) => m.type.name === mark)?.attrs[attr];

/**
 * The pieces of an inline node's content, with the printed signs where a bracket or an
 * alternative opens, changes or closes. A footnote marker inside a bracket does not close it
 * (a passage split by a marker is one bracket).
 */
export function printedPieces(textNode: Node): PrintedPiece[] {
  const out: PrintedPiece[] = [];
  let bracket: string | null = null;
  let group: string | null = null;
  let option: number | null = null;
  const closeBracket = () => {
    if (bracket !== null) out.push({ kind: 'sign', text: ']' });
    bracket = null;
  };
  textNode.forEach((child) => {
    if (!child.isText) {
      if (child.type.name === 'footnote_ref')
        out.push({ kind: 'ref', ref: child.attrs.ref as string });
      return;
    }
    const nextBracket = (markAttr(child, 'bracket', 'id') as string | undefined) ?? null;
    const nextGroup = (markAttr(child, 'alternative', 'group') as string | undefined) ?? null;
    const nextOption = (markAttr(child, 'alternative', 'option') as number | undefined) ?? null;
    const altChanges = nextGroup !== group || nextOption !== option;
    if (nextBracket !== bracket || (altChanges && nextGroup !== null)) closeBracket();
    if (altChanges && nextGroup !== null)
      out.push({
        kind: 'sign',
        text: nextGroup === group ? ` / Alt ${nextOption}: ` : `Alt ${nextOption}: `,
      });
    group = nextGroup;
    option = nextOption;
    if (nextBracket !== null && bracket === null) out.push({ kind: 'sign', text: '[' });
    bracket = nextBracket;
    out.push({ kind: 'text', node: child });
  });
  closeBracket();
  return out;
}
