import type { IncomingMessage } from 'node:http';
import type { Delegation } from '@accord/shared';
import type { Directory, StoredPerson } from '../storage/Directory.js';
import type { AuditLog } from '../storage/AuditLog.js';
import type { Clock } from '../time/Clock.js';
import type { PasswordHasher } from './password.js';
import { hashToken, newToken } from './tokens.js';
import { SESSION_COOKIE, readCookie } from './cookies.js';
import type { Principal } from './Principal.js';
import { refusal, type Refusal } from './Refusal.js';
import { principalColor } from './principalColor.js';

/** How long a session lasts without signing in again: a long negotiating day. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/** A successful sign-in: the token for the cookie and who signed in. */
export interface SignedIn {
  token: string;
  principal: Principal;
}

/**
 * Sign-in, sign-out and "who is this request from". Sessions are random tokens whose hashes
 * the directory keeps; the principal is rebuilt from the directory on every request, so a
 * role change or a disabled account takes effect at once.
 */
export class Authenticator {
  constructor(
    private readonly directory: Directory,
    private readonly audit: AuditLog,
    /** The server's clock: session expiry is decided by it alone. */
    private readonly clock: Clock,
    /** Hashes the passwords of new accounts and checks those of sign-ins. */
    readonly passwords: PasswordHasher,
  ) {}

  /** Checks a user name and password; the same refusal for an unknown name and a wrong password. */
  async signIn(username: string, password: string): Promise<SignedIn | Refusal> {
    const person = await this.directory.findPersonByUsername(username);
    const ok = person
      ? await this.passwords.verify(password, person.passwordHash)
      : await this.passwords.verifyNobody(password);
    const delegation = person ? await this.directory.getDelegation(person.delegationId) : null;
    if (!person || !ok || person.disabled || !delegation) {
      await this.audit.append({
        personId: person?.id ?? null,
        username,
        delegationId: person?.delegationId ?? null,
        action: 'sign-in',
        target: null,
        outcome: 'refused',
        detail: { reason: person?.disabled ? 'account disabled' : 'wrong user name or password' },
      });
      return refusal(401, 'wrong user name or password');
    }
    const token = newToken();
    await this.directory.createSession(hashToken(token), {
      personId: person.id,
      expiresAt: this.clock.now() + SESSION_TTL_MS,
    });
    await this.audit.append({
      personId: person.id,
      username: person.username,
      delegationId: person.delegationId,
      action: 'sign-in',
      target: null,
      outcome: 'ok',
      detail: {},
    });
    return { token, principal: toPrincipal(person, delegation) };
  }

  /** Starts a session for a person who was just created (an accepted invitation). */
  async startSession(person: StoredPerson): Promise<SignedIn | Refusal> {
    const delegation = await this.directory.getDelegation(person.delegationId);
    if (!delegation) return refusal(404, 'the delegation no longer exists');
    const token = newToken();
    await this.directory.createSession(hashToken(token), {
      personId: person.id,
      expiresAt: this.clock.now() + SESSION_TTL_MS,
    });
    return { token, principal: toPrincipal(person, delegation) };
  }

  /** Ends the session of a request, if it has one; returns the ended session's token hash. */
  async signOut(req: IncomingMessage): Promise<string | null> {
    const token = readCookie(req, SESSION_COOKIE);
    if (!token) return null;
    const principal = await this.principalOf(req);
    await this.directory.deleteSession(hashToken(token));
    if (!('refused' in principal)) {
      await this.audit.append({
        personId: principal.id,
        username: principal.username,
        delegationId: principal.delegation.id,
        action: 'sign-out',
        target: null,
        outcome: 'ok',
        detail: {},
      });
    }
    return hashToken(token);
  }

  /** Who a request is from, by its session cookie: 401 when there is none or it expired. */
  async principalOf(req: IncomingMessage): Promise<Principal | Refusal> {
    const token = readCookie(req, SESSION_COOKIE);
    if (!token) return refusal(401, 'not signed in');
    const session = await this.directory.getSession(hashToken(token));
    if (!session) return refusal(401, 'not signed in');
    const tokenHash = hashToken(token);
    if (session.expiresAt <= this.clock.now()) {
      await this.directory.deleteSession(tokenHash);
      return refusal(401, 'your session has expired; please sign in again');
    }
    const principal = await this.principalById(session.personId);
    return 'refused' in principal
      ? principal
      : { ...principal, session: { tokenHash, expiresAt: session.expiresAt } };
  }

  /** The principal of a person as the directory has them now (roles included). */
  async principalById(personId: string): Promise<Principal | Refusal> {
    const person = await this.directory.getPerson(personId);
    if (!person || person.disabled) return refusal(401, 'this account is disabled');
    const delegation = await this.directory.getDelegation(person.delegationId);
    if (!delegation) return refusal(401, 'this account has no delegation');
    return toPrincipal(person, delegation);
  }
}

function toPrincipal(person: StoredPerson, delegation: Delegation): Principal {
  return {
    id: person.id,
    username: person.username,
    name: person.displayName,
    delegation,
    color: principalColor(person.id),
  };
}
