import type { Node } from 'prosemirror-model';
import type { Transform } from 'prosemirror-transform';
import { ID_NODE_TYPES } from './schema.js';
import { newBlockId, cryptoRandom, type RandomSource } from './blockId.js';

/** A block whose id must be (re)assigned: it has none, or repeats an earlier block's id. */
export interface IdRepair {
  pos: number;
  id: string;
}

/**
 * Finds blocks that need an id. Splitting a paragraph copies its attributes, so the second half
 * repeats the id: the first occurrence in document order keeps it (the text before the cursor
 * stays "the same paragraph"), later ones get fresh ids.
 */
export function findIdRepairs(doc: Node, random: RandomSource = cryptoRandom): IdRepair[] {
  const seen = new Set<string>();
  const repairs: IdRepair[] = [];
  doc.descendants((node, pos) => {
    if (!ID_NODE_TYPES.has(node.type.name)) return true;
    const id = node.attrs.id as string | null;
    if (id === null || seen.has(id)) {
      let fresh = newBlockId(random);
      while (seen.has(fresh)) fresh = newBlockId(random);
      seen.add(fresh);
      repairs.push({ pos, id: fresh });
    } else {
      seen.add(id);
    }
    return true;
  });
  return repairs;
}

/** Gives every block in `tr.doc` a unique id; returns whether anything changed. */
export function ensureBlockIds(tr: Transform, random: RandomSource = cryptoRandom): boolean {
  const repairs = findIdRepairs(tr.doc, random);
  // Attribute changes never move positions, so the positions found above stay valid.
  for (const { pos, id } of repairs) tr.setNodeAttribute(pos, 'id', id);
  return repairs.length > 0;
}
