import type { Node } from 'prosemirror-model';
import type { Random } from './Random.js';

/** A node of the document and where it starts. */
export interface Located {
  node: Node;
  /** Position just before the node. */
  pos: number;
  /** Type name of the node's parent. */
  parent: string;
}

/** Numbered paragraphs: running text (`body`) and an optional list. */
export const PARAGRAPH_TYPES: ReadonlySet<string> = new Set(['preambular', 'operative', 'action']);

/** Every node of the document matching `accept`, in document order. */
export function findNodes(doc: Node, accept: (node: Node) => boolean): Located[] {
  const found: Located[] = [];
  doc.descendants((node, pos, parent) => {
    if (accept(node)) found.push({ node, pos, parent: parent?.type.name ?? 'doc' });
    return !node.isTextblock;
  });
  return found;
}

/** Blocks that hold running text (title, chapeau, body, list item, goal title, footnote). */
export function textblocks(doc: Node): Located[] {
  return findNodes(doc, (n) => n.isTextblock);
}

/** Numbered paragraphs (preambular, operative, action). */
export function paragraphs(doc: Node): Located[] {
  return findNodes(doc, (n) => PARAGRAPH_TYPES.has(n.type.name));
}

/**
 * Picks a target, mostly among the first few: edits crowd into the same blocks so that clients
 * working at once really collide (a long declaration would otherwise keep them apart).
 */
export function pickHot<T>(random: Random, items: readonly T[], hot = 4): T | null {
  if (items.length === 0) return null;
  if (random.chance(0.75)) return items[random.int(Math.min(hot, items.length))]!;
  return random.pick(items);
}

/** A position inside a textblock's content, at a random offset (`pos` is before the block). */
export function offsetIn(random: Random, block: Located): number {
  return block.pos + 1 + random.int(block.node.content.size + 1);
}
