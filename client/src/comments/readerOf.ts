import type { ThreadReader } from '@accord/shared';
import type { Session } from '../api/session.js';

/** The session as the shared thread rules read it (the server decides; this only hides). */
export function readerOf(session: Session): ThreadReader {
  return {
    personId: session.person.id,
    delegationId: session.delegation.id,
    roles: session.delegation.roles,
  };
}
