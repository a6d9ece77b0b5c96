import * as Y from 'yjs';

/**
 * DM7: joins the lists of each paragraph in `paragraphs` (Yjs items) into its first list. Two
 * editors who give one paragraph a list at once merge into two lists; the schema admits that
 * so that no editor deletes text over it, and this server change makes it one list again, in
 * the order the items stand. List items keep their ids (their copies replace them in the same
 * change). Returns how many lists were removed.
 */
export function joinLists(fragment: Y.XmlFragment, paragraphs: readonly Y.ID[]): number {
  const wanted = new Set(paragraphs.map((p) => `${p.client}:${p.clock}`));
  const found: Y.XmlElement[] = [];
  for (const node of fragment.createTreeWalker((n) => n instanceof Y.XmlElement)) {
    const item = (node as Y.XmlElement)._item;
    if (item && wanted.has(`${item.id.client}:${item.id.clock}`)) found.push(node as Y.XmlElement);
  }
  let removed = 0;
  for (const paragraph of found) {
    const children = paragraph.toArray();
    const lists = children.filter(
      (c): c is Y.XmlElement => c instanceof Y.XmlElement && c.nodeName === 'list',
    );
    const [first, ...rest] = lists;
    if (!first) continue;
    for (const list of rest) {
      const items = list.toArray().map((item) => item.clone());
      first.insert(first.length, items as Y.XmlElement[]);
      paragraph.delete(children.indexOf(list) - removedBefore(children, rest, list), 1);
      removed++;
    }
  }
  return removed;
}

/** How many of `rest` stand before `list` in `children` (already deleted, shifting indices). */
function removedBefore(
  children: readonly unknown[],
  rest: readonly Y.XmlElement[],
  list: Y.XmlElement,
): number {
  const at = children.indexOf(list);
  return rest.filter((r) => children.indexOf(r) < at).length;
}
