import { useEffect, useState } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import { countPeople, groupPresence, type PresenceGroup } from './presenceGroups.js';

/** How many people are named in the bar before the rest go into "+N more". */
const SHOWN = 5;

/** The groups present, re-rendering only when who is here changes (not on every cursor move). */
function usePresenceGroups(
  awareness: Awareness,
  personId: string,
  delegationId: string,
): PresenceGroup[] {
  const [groups, setGroups] = useState<PresenceGroup[]>([]);
  useEffect(() => {
    let key = '';
    const refresh = () => {
      const next = groupPresence(awareness.getStates(), {
        clientId: awareness.clientID,
        personId,
        delegationId,
      });
      const nextKey = JSON.stringify(next);
      if (nextKey === key) return;
      key = nextKey;
      setGroups(next);
    };
    refresh();
    awareness.on('change', refresh);
    return () => awareness.off('change', refresh);
  }, [awareness, personId, delegationId]);
  return groups;
}

/** Whole groups up to about `limit` people (always at least one group), and the rest. */
function split(groups: PresenceGroup[], limit: number): [PresenceGroup[], PresenceGroup[]] {
  let count = 0;
  let cut = 0;
  while (cut < groups.length && (cut === 0 || count + groups[cut]!.people.length <= limit)) {
    count += groups[cut]!.people.length;
    cut++;
  }
  return [groups.slice(0, cut), groups.slice(cut)];
}

/** Delegations, each with its people and their colours. */
function GroupList({ groups, className }: { groups: PresenceGroup[]; className: string }) {
  return (
    <ul className={className}>
      {groups.map((g) => (
        <li
          key={g.delegationId || g.delegationName}
          className="presence-group"
          data-delegation={g.delegationId}
        >
          <span className="presence-delegation">{g.delegationName}</span>
          <ul className="presence-people">
            {g.people.map((p) => (
              <li key={p.clientId} className="presence-person" data-self={p.self || undefined}>
                <span
                  className="presence-dot"
                  style={{ backgroundColor: p.color }}
                  aria-hidden="true"
                />
                <span className="presence-name">{p.name}</span>
                {p.self && <span className="presence-you">(you)</span>}
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}

/**
 * Who has this document open, grouped by delegation (the names, colours and delegations are
 * stamped by the server from each person's session). Your own delegation comes first.
 */
export function Presence({
  awareness,
  personId,
  delegationId,
}: {
  awareness: Awareness;
  personId: string;
  delegationId: string;
}) {
  const groups = usePresenceGroups(awareness, personId, delegationId);
  const [shown, hidden] = split(groups, SHOWN);
  const others = countPeople(groups) - 1;
  const hiddenCount = countPeople(hidden);
  return (
    <div
      className="presence"
      aria-label={`${others <= 0 ? 'Nobody else' : others === 1 ? '1 other person' : `${others} other people`} in this document`}
    >
      <GroupList groups={shown} className="presence-groups" />
      {hiddenCount > 0 && (
        <details className="presence-more">
          <summary>+{hiddenCount} more</summary>
          <div className="presence-panel">
            <GroupList groups={groups} className="presence-panel-groups" />
          </div>
        </details>
      )}
    </div>
  );
}
