import * as Y from 'yjs';

/** A Yjs item id as a map key. */
export function itemKey(id: Y.ID): string {
  return `${id.client}:${id.clock}`;
}

/**
 * The live elements of `fragment` created by the items `ids`, in document order: how a repair
 * finds again, in its own copy of the document, the blocks validation named.
 */
export function elementsOfItems(fragment: Y.XmlFragment, ids: readonly Y.ID[]): Y.XmlElement[] {
  if (ids.length === 0) return [];
  const wanted = new Set(ids.map(itemKey));
  const found: Y.XmlElement[] = [];
  for (const node of fragment.createTreeWalker((n) => n instanceof Y.XmlElement)) {
    const item = (node as Y.XmlElement)._item;
    if (item && wanted.has(itemKey(item.id))) found.push(node as Y.XmlElement);
  }
  return found;
}
