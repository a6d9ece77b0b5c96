import type { Node } from 'prosemirror-model';

/** Blocks a thread is listed beside in the margin: those the gutter labels. */
const PARAGRAPHS: ReadonlySet<string> = new Set([
  'title',
  'chapeau',
  'preambular',
  'operative',
  'goal',
  'action',
  'footnote',
]);

/**
 * The paragraph a position is in: the innermost block the gutter labels (a preambular or
 * operative paragraph with its list, a goal's action, a footnote), or null between them.
 */
export function paragraphAt(doc: Node, pos: number): { node: Node; pos: number } | null {
  const $pos = doc.resolve(Math.max(0, Math.min(pos, doc.content.size)));
  for (let depth = $pos.depth; depth > 0; depth--) {
    const node = $pos.node(depth);
    if (PARAGRAPHS.has(node.type.name)) return { node, pos: $pos.before(depth) };
  }
  return null;
}
