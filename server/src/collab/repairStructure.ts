import * as Y from 'yjs';
import { elementsOfItems } from './elementsOfItems.js';
import { joinLists } from './joinLists.js';
import { repairDuplicateIds } from './repairDuplicateIds.js';

/** What validation left for the server to set right after honest concurrent edits. */
export interface RepairTargets {
  /** Blocks (Yjs items) whose id is repeated or missing (DM6). */
  rename: readonly Y.ID[];
  /** Paragraphs (Yjs items) holding two lists (DM7). */
  join: readonly Y.ID[];
  /** Lists (Yjs items) left without items (DM8). */
  prune: readonly Y.ID[];
}

/** True when there is anything to repair. */
export function needsRepair(targets: Partial<RepairTargets>): boolean {
  return (
    (targets.rename?.length ?? 0) > 0 ||
    (targets.join?.length ?? 0) > 0 ||
    (targets.prune?.length ?? 0) > 0
  );
}

/**
 * The server's repair, made as one change of its own: ids first, since a joined list's items
 * are copies, which carry the ids their originals have by then.
 */
export function repairStructure(fragment: Y.XmlFragment, targets: RepairTargets): void {
  repairDuplicateIds(fragment, targets.rename);
  joinLists(fragment, targets.join);
  removeEmptyLists(fragment, targets.prune);
}

/** DM8: removes each list in `lists` (Yjs items) that still holds no item. */
function removeEmptyLists(fragment: Y.XmlFragment, lists: readonly Y.ID[]): void {
  for (const list of elementsOfItems(fragment, lists)) {
    const parent = list.parent;
    if (list.length > 0 || !(parent instanceof Y.XmlElement)) continue;
    parent.delete(parent.toArray().indexOf(list), 1);
  }
}
