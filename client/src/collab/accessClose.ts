import { CloseCode } from '@accord/shared';

/**
 * Socket closes that are about the person, not the document, and are answered by asking the
 * server about the session (GET /api/session) rather than by `classifyClose`'s verdicts:
 * - `session`: 4401, the session ended (expired, signed out, account disabled): if the server
 *   confirms, the person signs in again;
 * - `rights`: 4403, the delegation's rights changed (a role granted or revoked): the session
 *   is re-read and the document reopened with the new rights, read-only if editing is gone.
 */
export type AccessClose = 'session' | 'rights';

/** The access meaning of a close code, or null for every other close. */
export function accessClose(code: number): AccessClose | null {
  if (code === CloseCode.Unauthenticated) return 'session';
  if (code === CloseCode.Forbidden) return 'rights';
  return null;
}
