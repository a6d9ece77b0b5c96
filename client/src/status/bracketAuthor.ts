/**
 * For whom the next bracket is placed (NS7): the delegation that asked the Chair for it. One
 * per tab, chosen beside the toolbar's Bracket button and read by the key and the button alike;
 * until a pen-holder chooses, it is their own delegation.
 */
class BracketAuthor {
  private delegationId: string | null = null;
  private readonly listeners = new Set<() => void>();

  /** The delegation brackets are placed for now, or null before the page set one. */
  readonly get = (): string | null => this.delegationId;

  /** Chooses the delegation the next brackets are for. */
  set(delegationId: string | null): void {
    if (delegationId === this.delegationId) return;
    this.delegationId = delegationId;
    for (const listener of this.listeners) listener();
  }

  /** Subscribes to changes (React's `useSyncExternalStore`). */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}

/** The tab's bracket author. */
export const bracketAuthor = new BracketAuthor();

/** Delegations' names for the text's brackets ("bracketed by Germany"), filled by the page. */
const names = new Map<string, string>();

/** Records the delegations' names (ids stand in until they are known). */
export function setDelegationNames(known: ReadonlyMap<string, string>): void {
  for (const [id, name] of known) names.set(id, name);
}

/** A delegation's name, or its id when not known yet. */
export function delegationName(id: string): string {
  return names.get(id) ?? id;
}
