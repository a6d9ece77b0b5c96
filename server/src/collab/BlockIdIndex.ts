import * as Y from 'yjs';
import { ID_NODE_TYPES } from '@accord/shared';

/** True when `el` is in the document: neither it nor any ancestor is deleted. */
export function isLive(el: { _item: Y.Item | null }): boolean {
  let item = el._item;
  while (item !== null) {
    if (item.deleted) return false;
    item = (item.parent as { _item: Y.Item | null })._item;
  }
  return true;
}

/** True when `el` is a block that must carry an id (DM2). */
export function needsId(el: Y.XmlElement): boolean {
  return ID_NODE_TYPES.has(el.nodeName);
}

/**
 * Which live blocks carry which id, kept beside the validator's shadow document so that a
 * duplicate can be found without walking the whole text on every keystroke. Entries go stale
 * when a block is deleted or its id changes; `holders` prunes them as it reads.
 */
export class BlockIdIndex {
  private readonly byId = new Map<string, Set<Y.XmlElement>>();

  /** Indexes every live block of `fragment`. */
  static build(fragment: Y.XmlFragment): BlockIdIndex {
    const index = new BlockIdIndex();
    for (const node of fragment.createTreeWalker((n) => n instanceof Y.XmlElement && needsId(n))) {
      index.add(node as Y.XmlElement);
    }
    return index;
  }

  /** Records `el` under the id it carries now (no-op without one). */
  add(el: Y.XmlElement): void {
    const id = el.getAttribute('id');
    if (typeof id !== 'string') return;
    let set = this.byId.get(id);
    if (!set) this.byId.set(id, (set = new Set()));
    set.add(el);
  }

  /** The live blocks that carry `id` now. */
  holders(id: string): Y.XmlElement[] {
    const set = this.byId.get(id);
    if (!set) return [];
    for (const el of set) if (el.getAttribute('id') !== id || !isLive(el)) set.delete(el);
    if (set.size === 0) this.byId.delete(id);
    return [...set];
  }
}
