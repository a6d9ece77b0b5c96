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

/** What an update tells about its sender, read in one decoding pass. */
export interface UpdateFacts {
  /** Client ids of the items the server does not have yet. */
  clients: Set<number>;
  /**
   * For each client, the clock up to which the sender must have known its items: the update's
   * own items, the neighbours and parents its new items were placed against, and what it
   * deletes. Yjs delivers each client's items in order, so knowing one means knowing those
   * before it.
   */
  seen: Map<number, number>;
}

/** Reads `update`'s new clients and what its sender had seen; throws when it does not decode. */
export function readUpdateFacts(
  update: Uint8Array,
  known: (client: number) => number,
): UpdateFacts {
  const clients = new Set<number>();
  const seen = new Map<number, number>();
  const see = (id: Y.ID | null, length = 1) => {
    if (id && id.clock + length > (seen.get(id.client) ?? 0))
      seen.set(id.client, id.clock + length);
  };
  const { structs, ds } = Y.decodeUpdate(update);
  for (const s of structs) {
    if (s instanceof Y.Skip) continue;
    if (s.id.clock + s.length > known(s.id.client)) clients.add(s.id.client);
    see(s.id, s.length);
    if (s instanceof Y.Item) {
      see(s.origin);
      see(s.rightOrigin);
      if (s.parent instanceof Y.ID) see(s.parent);
    }
  }
  for (const [client, ranges] of ds.clients)
    for (const r of ranges) see(Y.createID(client, r.clock), r.len);
  return { clients, seen };
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
