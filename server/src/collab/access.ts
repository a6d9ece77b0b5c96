import type { IncomingMessage } from 'node:http';
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

/** A refusal that is expected (wrong password, no right): a value, not an exception. */
export interface Refusal {
  refused: true;
  /** HTTP status for the response (401, 403, 404). */
  status: number;
  message: string;
}

/** What a connection asks to do with a document. */
export type Operation = 'read' | 'write';

/**
 * The one place where authentication and authorisation plug into the collaboration path: the
 * server asks it at the upgrade (before any document is opened) and whenever rights change.
 */
export interface AccessPolicy {
  authenticate(req: IncomingMessage): Promise<Principal | Refusal>;
  authorise(principal: Principal, documentId: string, op: Operation): Promise<true | Refusal>;
  /** The principal of a person as it is now; a refusal when the account is gone or disabled. */
  refresh(principal: Principal): Promise<Principal | Refusal>;
}

/** True when `value` is a refusal rather than a result. */
export function isRefusal(value: unknown): value is Refusal {
  return typeof value === 'object' && value !== null && (value as Refusal).refused === true;
}
