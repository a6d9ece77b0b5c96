import { useEffect, useState } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import { readPresenceUser, type PresenceUser } from './identity.js';

/** Someone with the document open. */
interface Present extends PresenceUser {
  clientId: number;
  self: boolean;
}

/** How many people are named in the bar; the rest are summed up. */
const SHOWN = 4;

function readPresent(awareness: Awareness): Present[] {
  const present: Present[] = [];
  awareness.getStates().forEach((state, clientId) => {
    const user = readPresenceUser(state);
    if (user) present.push({ ...user, clientId, self: clientId === awareness.clientID });
  });
  // Yourself first, then everyone else in a stable order so the bar does not jump around.
  return present.sort(
    (a, b) =>
      Number(b.self) - Number(a.self) || a.name.localeCompare(b.name) || a.clientId - b.clientId,
  );
}

function usePresent(awareness: Awareness): Present[] {
  const [present, setPresent] = useState(() => readPresent(awareness));
  useEffect(() => {
    let key = '';
    // Cursor moves also fire "change"; only a change in who is here should re-render the bar.
    const refresh = () => {
      const next = readPresent(awareness);
      const nextKey = JSON.stringify(next);
      if (nextKey === key) return;
      key = nextKey;
      setPresent(next);
    };
    refresh();
    awareness.on('change', refresh);
    return () => awareness.off('change', refresh);
  }, [awareness]);
  return present;
}

function initials(name: string): string {
  const words = name.split(' ').filter((w) => w !== '');
  const letters =
    words.length > 1
      ? (words[0]?.[0] ?? '') + (words[words.length - 1]?.[0] ?? '')
      : name.slice(0, 2);
  return letters.toUpperCase();
}

function Avatar({ user }: { user: PresenceUser }) {
  return (
    <span className="avatar" style={{ backgroundColor: user.color }} aria-hidden="true">
      {initials(user.name)}
    </span>
  );
}

/** Who has this document open: a coloured mark and name each, yourself first (click to rename). */
export function Presence({
  awareness,
  onEditSelf,
}: {
  awareness: Awareness;
  onEditSelf: () => void;
}) {
  const present = usePresent(awareness);
  const shown = present.slice(0, SHOWN);
  const hidden = present.slice(SHOWN);
  const others = present.filter((p) => !p.self).length;
  return (
    <div
      className="presence"
      aria-label={`${others === 0 ? 'Nobody else' : others === 1 ? '1 other person' : `${others} other people`} in this document`}
    >
      <ul className="presence-list">
        {shown.map((p) => (
          <li key={p.clientId} className="presence-person" data-self={p.self || undefined}>
            {p.self ? (
              <button
                type="button"
                className="presence-self"
                onClick={onEditSelf}
                title="Change how colleagues see you"
              >
                <Avatar user={p} />
                <span className="presence-name">{p.name}</span>
                <span className="presence-you">(you)</span>
              </button>
            ) : (
              <span className="presence-other" title={p.name}>
                <Avatar user={p} />
                <span className="presence-name">{p.name}</span>
              </span>
            )}
          </li>
        ))}
        {hidden.length > 0 && (
          <li className="presence-more" title={hidden.map((p) => p.name).join(', ')}>
            +{hidden.length} more
          </li>
        )}
      </ul>
    </div>
  );
}
