import * as Y from 'yjs';
import { elementsOfItems } from './elementsOfItems.js';

/**
 * DM7: joins the lists of each paragraph in `paragraphs` (Yjs items) into its first list. Two
 * editors who give one paragraph a list at once merge into two lists; the schema admits that
 * so that no editor deletes text over it, and this server change makes it one list again, in
 * the order the items stand. List items keep their ids (their copies replace them in the same
 * change). Returns how many lists were removed.
 */
export function joinLists(fragment: Y.XmlFragment, paragraphs: readonly Y.ID[]): number {
  let removed = 0;
  for (const paragraph of elementsOfItems(fragment, paragraphs)) {
    const lists = paragraph
      .toArray()
      .filter((c): c is Y.XmlElement => c instanceof Y.XmlElement && c.nodeName === 'list');
    const [first, ...rest] = lists;
    if (!first) continue;
    for (const list of rest) {
      const items = list.toArray().map((item) => item.clone());
      first.insert(first.length, items as Y.XmlElement[]);
      paragraph.delete(paragraph.toArray().indexOf(list), 1);
      removed++;
    }
  }
  return removed;
}
