import { readPresenceUser, type PresenceUser } from './presenceUser.js';

/** Someone with the document open (once, however many tabs they have open). */
export interface PresentPerson extends PresenceUser {
  /** The first awareness client id seen for them: a stable React key. */
  clientId: number;
  self: boolean;
}

/** The people of one delegation present in the document. */
export interface PresenceGroup {
  delegationId: string;
  delegationName: string;
  /** True for the viewer's own delegation, which is listed first. */
  own: boolean;
  people: PresentPerson[];
}

const UNKNOWN_DELEGATION = 'Delegation not known';

/**
 * Groups awareness states by delegation: the viewer's delegation first, then the others by
 * name; in each, the viewer first, then by name. A person with two tabs open counts once.
 */
export function groupPresence(
  states: ReadonlyMap<number, unknown>,
  self: { clientId: number; personId: string; delegationId: string },
): PresenceGroup[] {
  const groups = new Map<string, PresenceGroup>();
  const seen = new Set<string>();
  for (const [clientId, state] of [...states].sort(([a], [b]) => a - b)) {
    const user = readPresenceUser(state);
    if (!user) continue;
    const isSelf =
      clientId === self.clientId || (user.personId !== '' && user.personId === self.personId);
    const personKey = user.personId !== '' ? user.personId : `client:${clientId}`;
    if (seen.has(personKey)) continue;
    seen.add(personKey);
    const groupKey = user.delegationId || user.delegationName || '';
    let group = groups.get(groupKey);
    if (!group) {
      group = {
        delegationId: user.delegationId,
        delegationName: user.delegationName || UNKNOWN_DELEGATION,
        own: user.delegationId !== '' && user.delegationId === self.delegationId,
        people: [],
      };
      groups.set(groupKey, group);
    }
    group.people.push({ ...user, clientId, self: isSelf });
  }
  for (const group of groups.values()) {
    group.people.sort(
      (a, b) =>
        Number(b.self) - Number(a.self) || a.name.localeCompare(b.name) || a.clientId - b.clientId,
    );
  }
  return [...groups.values()].sort(
    (a, b) => Number(b.own) - Number(a.own) || a.delegationName.localeCompare(b.delegationName),
  );
}

/** How many people the groups hold. */
export function countPeople(groups: readonly PresenceGroup[]): number {
  return groups.reduce((n, g) => n + g.people.length, 0);
}
