import type { Delegation } from '@accord/shared';

/** Who is on the other end of a request or connection, from the server's session. */
export interface Principal {
  /** The person's id. */
  id: string;
  username: string;
  /** Display name for presence and the audit log, never taken from the client. */
  name: string;
  /** The person's delegation as the directory has it now, roles included. */
  delegation: Delegation;
  /** Presence colour, chosen by the server. */
  color: string;
  /** The session this principal came with (absent when rebuilt from the directory alone). */
  session?: { tokenHash: string; expiresAt: number };
}
