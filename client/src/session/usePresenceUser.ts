import { useMemo } from 'react';
import type { Session } from '../api/session.js';
import type { PresenceUser } from '../presenceUser.js';

/** The grey of a person whose account has no colour of its own. */
const NEUTRAL = '#6b7280';

/**
 * How the signed-in person appears to colleagues (the people present, their cursor). The same
 * object while the session names the same person, so the editors built on it are not rebuilt.
 */
export function usePresenceUser(session: Session): PresenceUser {
  const { person, delegation } = session;
  return useMemo<PresenceUser>(
    () => ({
      name: person.displayName,
      color: person.color ?? NEUTRAL,
      personId: person.id,
      delegationId: delegation.id,
      delegationName: delegation.name,
    }),
    [person.displayName, person.color, person.id, delegation.id, delegation.name],
  );
}
