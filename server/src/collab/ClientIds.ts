/** Something that owns client ids while it is connected (a Connection, or the server). */
export interface ClientIdHolder {
  readonly principal: { readonly id: string };
  /** Closes the holder when a newer connection of the same person takes its ids over. */
  close?(code: number, reason: string): void;
}

/**
 * The owner of the client ids the server writes with (seeding, repairs, accepted amendments).
 * No person can claim them; the origin stored with each update says for whom it acted.
 */
export const SERVER_HOLDER: ClientIdHolder = { principal: { id: '@server' } };

/**
 * The outcome of a claim: the ids to record as newly owned and the connections of the same
 * person that held some of the ids (a tab whose socket died and came back), or why it was
 * refused.
 */
export type ClaimResult =
  { ok: true; newOwners: number[]; replaced: ClientIdHolder[] } | { ok: false; reason: string };

/**
 * Binds Yjs client ids to people and live connections. Yjs trusts whatever client id an update
 * carries, so without this a client could write items under another person's id, or take over
 * their presence. A client id belongs to the person who first wrote with it (kept in the
 * store), and to one live connection at a time: a newer connection of the same person takes
 * it over (the older one is closed), anyone else is refused.
 */
export class ClientIds {
  private readonly live = new Map<number, ClientIdHolder>();

  constructor(
    /** Owners recorded in the store. */
    private readonly owners: Map<number, string>,
  ) {}

  /**
   * Checks that `holder` may act as each of `ids`. `hasHistory(id)` says whether the document
   * already holds items by that id (the seed's, or from before owners were recorded): such
   * an id without a recorded owner belongs to nobody who can claim it now.
   */
  claim(
    holder: ClientIdHolder,
    ids: Iterable<number>,
    hasHistory: (id: number) => boolean,
  ): ClaimResult {
    const newOwners: number[] = [];
    const replaced = new Set<ClientIdHolder>();
    const person = holder.principal.id;
    for (const id of ids) {
      const liveHolder = this.live.get(id);
      if (liveHolder && liveHolder !== holder) {
        if (liveHolder.principal.id !== person) {
          return { ok: false, reason: `client id ${id} is in use by another connection` };
        }
        replaced.add(liveHolder);
      }
      const owner = this.owners.get(id);
      if (owner !== undefined && owner !== person)
        return { ok: false, reason: `client id ${id} belongs to someone else` };
      if (owner === undefined && hasHistory(id))
        return { ok: false, reason: `client id ${id} belongs to someone else` };
      if (owner === undefined) newOwners.push(id);
    }
    return { ok: true, newOwners, replaced: [...replaced] };
  }

  /** True when `id` has a recorded owner or a live holder here. */
  knows(id: number): boolean {
    return this.owners.has(id) || this.live.has(id);
  }

  /** The live connection holding `id`, if any. */
  holderOf(id: number): ClientIdHolder | undefined {
    return this.live.get(id);
  }

  /** Records a successful claim: the ids are bound to the holder, new owners to its person. */
  commit(holder: ClientIdHolder, ids: Iterable<number>, newOwners: readonly number[]): void {
    for (const id of ids) this.live.set(id, holder);
    for (const id of newOwners) this.owners.set(id, holder.principal.id);
  }

  /**
   * Records owners another process stored (CL1): ids first written there belong to their
   * person here too. An owner recorded already is kept (the store keeps the first claim).
   */
  learn(owners: Iterable<{ clientId: number; personId: string }>): void {
    for (const { clientId, personId } of owners)
      if (!this.owners.has(clientId)) this.owners.set(clientId, personId);
  }

  /** Frees the ids a closing connection held (their owner stays recorded). */
  release(holder: ClientIdHolder): void {
    for (const [id, h] of this.live) if (h === holder) this.live.delete(id);
  }
}
