import * as Y from 'yjs';
import { derivedBlockId } from '@accord/shared';
import { needsId } from './BlockIdIndex.js';
import { itemKey } from './elementsOfItems.js';

/**
 * DM6: gives a fresh id to each block in `targets` (Yjs items of the blocks a later update
 * brought) that still repeats the id of another live block, or has none. The block stored first
 * keeps the id; the new one gets an id derived from the duplicate and its Yjs item, never one
 * the document already has, so every server computes the same repair. Returns how many blocks
 * were given a new id.
 */
export function repairDuplicateIds(fragment: Y.XmlFragment, targets: readonly Y.ID[]): number {
  const wanted = new Set(targets.map(itemKey));
  const holders = new Map<string, number>();
  const found: Y.XmlElement[] = [];
  for (const node of fragment.createTreeWalker((n) => n instanceof Y.XmlElement && needsId(n))) {
    const el = node as Y.XmlElement;
    const id = el.getAttribute('id');
    const item = el._item;
    if (item && wanted.has(itemKey(item.id))) found.push(el);
    if (typeof id === 'string') holders.set(id, (holders.get(id) ?? 0) + 1);
  }
  let renamed = 0;
  for (const el of found) {
    const id = el.getAttribute('id');
    if (typeof id === 'string' && (holders.get(id) ?? 0) < 2) continue;
    const item = el._item!;
    const base = `${id ?? 'none'}:${item.id.client}:${item.id.clock}`;
    let fresh = derivedBlockId(base);
    for (let i = 1; holders.has(fresh); i++) fresh = derivedBlockId(`${base}:${i}`);
    if (typeof id === 'string') holders.set(id, (holders.get(id) ?? 1) - 1);
    holders.set(fresh, 1);
    el.setAttribute('id', fresh);
    renamed++;
  }
  return renamed;
}
