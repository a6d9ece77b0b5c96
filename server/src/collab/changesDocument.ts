import * as Y from 'yjs';

type DeleteSet = ReturnType<typeof Y.createDeleteSet>;

/** True when every deleted range of `inner` is also deleted in `outer`. */
function deletesContained(inner: DeleteSet, outer: DeleteSet): boolean {
  for (const [client, ranges] of inner.clients) {
    const have = outer.clients.get(client) ?? [];
    for (const r of ranges) {
      // `have` is sorted and merged; find the range that starts at or before r.clock.
      let lo = 0;
      let hi = have.length - 1;
      let found = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if ((have[mid]?.clock ?? 0) <= r.clock) {
          found = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      const cover = have[found];
      if (!cover || cover.clock + cover.len < r.clock + r.len) return false;
    }
  }
  return true;
}

/** The client ids of the items in `update` that `known` does not have yet. */
export function newItemClients(update: Uint8Array, known: (client: number) => number): Set<number> {
  const clients = new Set<number>();
  for (const s of Y.decodeUpdate(update).structs) {
    if (s instanceof Y.Skip) continue;
    if (s.id.clock + s.length > known(s.id.client)) clients.add(s.id.client);
  }
  return clients;
}

/**
 * True when applying `update` would change `doc`: it carries items the document lacks, or
 * deletes something not yet deleted. A read-only client's sync step 2 normally changes
 * nothing (it only echoes what it received); anything else from it is a write.
 */
export function changesDocument(doc: Y.Doc, update: Uint8Array): boolean {
  const { structs, ds } = Y.decodeUpdate(update);
  for (const s of structs) {
    if (s instanceof Y.Skip) continue;
    if (s.id.clock + s.length > Y.getState(doc.store, s.id.client)) return true;
  }
  return !deletesContained(ds, Y.createDeleteSetFromStructStore(doc.store));
}
