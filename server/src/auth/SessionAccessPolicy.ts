import type { IncomingMessage } from 'node:http';
import { can } from '@accord/shared';
import type { AccessPolicy, Operation } from './AccessPolicy.js';
import type { Principal } from './Principal.js';
import type { Refusal } from './Refusal.js';
import type { Authenticator } from './Authenticator.js';
import { isAllowedOrigin } from './origin.js';
import type { WritingWindow } from '../rounds/WritingWindow.js';

/**
 * Access by session cookie and the delegation's capabilities (shared/capability.ts): every
 * participant reads the negotiation's documents; only pen-holders and the Secretariat write, and
 * only while the rounds let the text change (RD9–RD13); working copies close with the final text.
 */
export class SessionAccessPolicy implements AccessPolicy {
  constructor(
    private readonly auth: Authenticator,
    private readonly allowedOrigins: readonly string[],
    private readonly window: WritingWindow,
  ) {}

  async authenticate(req: IncomingMessage): Promise<Principal | Refusal> {
    if (!isAllowedOrigin(req, this.allowedOrigins)) {
      return { refused: true, status: 403, message: `origin ${req.headers.origin} is not allowed` };
    }
    return this.auth.principalOf(req);
  }

  async authorise(
    principal: Principal,
    _documentId: string,
    op: Operation,
  ): Promise<true | Refusal> {
    const capability =
      op === 'read' ? 'text.read' : op === 'draft' ? 'amendment.propose' : 'text.edit';
    if (can(principal.delegation, capability)) {
      if (op === 'read') return true;
      return (op === 'draft' ? this.window.workingCopy() : this.window.baseEdit()) ?? true;
    }
    return {
      refused: true,
      status: 403,
      message:
        op === 'read'
          ? 'you may not read this document'
          : op === 'draft'
            ? 'your delegation may not propose amendments now'
            : 'the text is read-only for your delegation',
    };
  }

  refresh(principal: Principal): Promise<Principal | Refusal> {
    return this.auth.principalById(principal.id);
  }
}
