import * as Y from 'yjs';
import { derivedBlockId } from '@accord/shared';
import { needsId } from './BlockIdIndex.js';

/**
 * DM6: gives every block that repeats one of `ids` a fresh id. The first block in document order
 * keeps the id (as the editor's own repair does, shared/ensureBlockIds.ts), later ones get an
 * id derived from the duplicate and their Yjs item, so every server computes the same repair.
 * Returns how many blocks were given a new id.
 */
export function repairDuplicateIds(fragment: Y.XmlFragment, ids: ReadonlySet<string>): number {
  const seen = new Set<string>();
  const taken = new Set<string>();
  const later: Y.XmlElement[] = [];
  for (const node of fragment.createTreeWalker((n) => n instanceof Y.XmlElement && needsId(n))) {
    const el = node as Y.XmlElement;
    const id = el.getAttribute('id');
    if (typeof id !== 'string') continue;
    taken.add(id);
    if (!ids.has(id)) continue;
    if (seen.has(id)) later.push(el);
    else seen.add(id);
  }
  for (const el of later) {
    const item = el._item;
    const base = `${el.getAttribute('id')}:${item?.id.client ?? 0}:${item?.id.clock ?? 0}`;
    let fresh = derivedBlockId(base);
    for (let i = 1; taken.has(fresh); i++) fresh = derivedBlockId(`${base}:${i}`);
    taken.add(fresh);
    el.setAttribute('id', fresh);
  }
  return later.length;
}
