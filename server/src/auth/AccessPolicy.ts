import type { IncomingMessage } from 'node:http';
import type { Principal } from './Principal.js';
import type { Refusal } from './Refusal.js';

/**
 * What a connection asks to do with a document: read it, write its base text, or write in the
 * person's own delegation's working copy of it (reading that copy needs only `read`).
 */
export type Operation = 'read' | 'write' | 'draft';

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
