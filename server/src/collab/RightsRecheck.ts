import { CloseCode } from '@accord/shared';
import type { AccessPolicy } from '../auth/AccessPolicy.js';
import { isRefusal } from '../auth/Refusal.js';
import type { Connection } from './Connection.js';

/**
 * AC9: re-checks every open connection after roles or accounts changed. A disabled account is
 * closed (4401); a connection that lost the right to write is closed (4403, the client reloads
 * read-only); one that gained it may write at once, and its editor is told so (ACCESS).
 */
export async function recheckConnections(
  connections: Iterable<Connection>,
  access: AccessPolicy,
): Promise<void> {
  await Promise.all(
    [...connections].map(async (conn) => {
      const principal = await access.refresh(conn.principal);
      if (isRefusal(principal)) return conn.close(CloseCode.Unauthenticated, principal.message);
      const room = conn.room;
      const canRead = await access.authorise(principal, room.documentId, 'read');
      if (isRefusal(canRead)) return conn.close(CloseCode.Forbidden, canRead.message);
      if (room.delegationId !== null && room.delegationId !== principal.delegation.id)
        return conn.close(CloseCode.Forbidden, 'this working copy is another delegation’s');
      const op = room.delegationId === null ? 'write' : 'draft';
      const canWrite = (await access.authorise(principal, room.documentId, op)) === true;
      const lostWrite = conn.canWrite && !canWrite;
      conn.principal = { ...principal, session: conn.principal.session };
      if (lostWrite)
        return conn.close(
          CloseCode.Forbidden,
          'your rights changed: the text is now read-only for you',
        );
      conn.canWrite = canWrite;
      room.restamp(conn);
    }),
  );
}

/** Closes the connections opened with a session that has ended (sign-out, AC9). */
export function closeSession(connections: Iterable<Connection>, tokenHash: string): void {
  for (const conn of connections) {
    if (conn.principal.session?.tokenHash === tokenHash)
      conn.close(CloseCode.Unauthenticated, 'signed out');
  }
}
