import type { Response } from 'express';
import type { Capability } from '@accord/shared';
import { capabilitiesOf } from '@accord/shared';
import type { Principal } from '../auth/Principal.js';
import type { Authenticator } from '../auth/Authenticator.js';
import type { AuditLog } from '../storage/AuditLog.js';
import type { Directory } from '../storage/Directory.js';
import type { DocumentStore } from '../storage/DocumentStore.js';

/** What the API routes need from the server instance. */
export interface ApiContext {
  documents: DocumentStore;
  directory: Directory;
  audit: AuditLog;
  auth: Authenticator;
  allowedOrigins: readonly string[];
  /** Cookies get the Secure flag (the server is reached over https). */
  secureCookies: boolean;
  /** Called after a change of roles or accounts: open connections are re-checked. */
  rightsChanged(): Promise<void>;
  /** Called after sign-out: the session's open connections are closed. */
  sessionEnded(tokenHash: string): void;
}

/** The session payload of /api/session: who you are and what you may do. */
export interface SessionView {
  person: { id: string; username: string; displayName: string; color: string };
  delegation: Principal['delegation'];
  capabilities: Capability[];
}

/** Builds the session payload for a principal. */
export function sessionView(principal: Principal): SessionView {
  return {
    person: {
      id: principal.id,
      username: principal.username,
      displayName: principal.name,
      color: principal.color,
    },
    delegation: principal.delegation,
    capabilities: [...capabilitiesOf(principal.delegation)],
  };
}

/** The signed-in principal that `requireSession` put on the response. */
export function principalOf(res: Response): Principal {
  return res.locals.principal as Principal;
}
