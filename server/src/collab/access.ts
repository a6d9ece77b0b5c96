import type { IncomingMessage } from 'node:http';

/** Who is on the other end of a connection, as established at the upgrade. */
export interface Principal {
  /** Stable identifier of the person (or "anonymous" before sign-in exists). */
  id: string;
  /** Display name for presence, taken from the server's side, not from the client. */
  name: string;
}

/** A refusal that is expected (wrong password, no right): a value, not an exception. */
export interface Refusal {
  refused: true;
  /** HTTP status for the upgrade response (401, 403, 404). */
  status: number;
  message: string;
}

/** What a connection asks to do with a document. */
export type Operation = 'read' | 'write';

/**
 * The one place where authentication and authorisation plug into the collaboration path: the
 * server asks it at the upgrade (before any document is opened) and before every write.
 */
export interface AccessPolicy {
  authenticate(req: IncomingMessage): Promise<Principal | Refusal>;
  authorise(principal: Principal, documentId: string, op: Operation): Promise<true | Refusal>;
}

/** True when `value` is a refusal rather than a result. */
export function isRefusal(value: unknown): value is Refusal {
  return typeof value === 'object' && value !== null && (value as Refusal).refused === true;
}

/**
 * Everyone may read and write everything. The foundation's default, until delegations and
 * roles exist; no production configuration should keep it.
 */
export const openAccess: AccessPolicy = {
  async authenticate() {
    return { id: 'anonymous', name: 'Anonymous' };
  },
  async authorise() {
    return true;
  },
};
