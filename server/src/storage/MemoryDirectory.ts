import { randomUUID } from 'node:crypto';
import type { Delegation, Role } from '@accord/shared';
import { invitationState } from '@accord/shared';
import { isoAt, type Clock } from '../time/Clock.js';
import type {
  Directory,
  DirectoryRefusal,
  Invitation,
  StoredPerson,
  StoredSession,
} from './Directory.js';

// User names are unique and found regardless of ASCII case, as SQLite's COLLATE NOCASE does.
const nocase = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

interface StoredInvitation extends Invitation {
  tokenHash: string;
}

/**
 * The participants directory in memory, with the semantics of `SqliteDirectory` (refusal
 * values, atomic writes, orderings, "now" from the clock). Values are copied in and out.
 */
export class MemoryDirectory implements Directory {
  private readonly delegations: Delegation[] = [];
  private readonly people = new Map<string, StoredPerson>();
  private readonly sessions = new Map<string, StoredSession>();
  private readonly invitations: StoredInvitation[] = [];

  constructor(private readonly clock: Clock) {}

  async isEmpty(): Promise<boolean> {
    return this.delegations.length === 0;
  }

  async listDelegations(): Promise<Delegation[]> {
    return this.delegations.map(copyDelegation);
  }

  async getDelegation(id: string): Promise<Delegation | null> {
    const found = this.delegations.find((d) => d.id === id);
    return found ? copyDelegation(found) : null;
  }

  async createDelegations(delegations: Delegation[]): Promise<true | DirectoryRefusal> {
    const ids = delegations.map((d) => d.id);
    if (ids.some((id, i) => ids.indexOf(id) !== i || this.delegations.some((d) => d.id === id)))
      return 'conflict';
    this.delegations.push(...delegations.map(copyDelegation));
    return true;
  }

  async setRoles(delegationId: string, roles: Role[]): Promise<true | DirectoryRefusal> {
    const found = this.delegations.find((d) => d.id === delegationId);
    if (!found) return 'not-found';
    found.roles = [...roles];
    return true;
  }

  async listPeople(): Promise<StoredPerson[]> {
    return [...this.people.values()]
      .sort(
        (a, b) =>
          byCode(a.delegationId, b.delegationId) || byCode(nocase(a.username), nocase(b.username)),
      )
      .map((p) => ({ ...p }));
  }

  async getPerson(id: string): Promise<StoredPerson | null> {
    const found = this.people.get(id);
    return found ? { ...found } : null;
  }

  async findPersonByUsername(username: string): Promise<StoredPerson | null> {
    const found = this.byUsername(username);
    return found ? { ...found } : null;
  }

  async createPerson(
    p: Omit<StoredPerson, 'id' | 'disabled'>,
  ): Promise<StoredPerson | DirectoryRefusal> {
    return this.insertPerson(p);
  }

  async setDisabled(personId: string, disabled: boolean): Promise<true | DirectoryRefusal> {
    const found = this.people.get(personId);
    if (!found) return 'not-found';
    found.disabled = disabled;
    return true;
  }

  async createSession(tokenHash: string, session: StoredSession): Promise<void> {
    const now = this.clock.now();
    for (const [hash, s] of this.sessions) if (s.expiresAt <= now) this.sessions.delete(hash);
    if (this.sessions.has(tokenHash)) throw new Error('a session with this token exists');
    if (!this.people.has(session.personId)) throw new Error(`no person ${session.personId}`);
    this.sessions.set(tokenHash, { personId: session.personId, expiresAt: session.expiresAt });
  }

  async getSession(tokenHash: string): Promise<StoredSession | null> {
    const found = this.sessions.get(tokenHash);
    return found ? { ...found } : null;
  }

  async deleteSession(tokenHash: string): Promise<void> {
    this.sessions.delete(tokenHash);
  }

  async deleteSessionsOf(personId: string): Promise<void> {
    for (const [hash, s] of this.sessions) if (s.personId === personId) this.sessions.delete(hash);
  }

  async createInvitation(
    tokenHash: string,
    inv: Omit<Invitation, 'id' | 'usedAt' | 'usedBy'>,
  ): Promise<Invitation> {
    if (this.invitations.some((i) => i.tokenHash === tokenHash))
      throw new Error('an invitation with this token exists');
    if (!this.delegations.some((d) => d.id === inv.delegationId))
      throw new Error(`no delegation ${inv.delegationId}`);
    const created: Invitation = { ...inv, id: randomUUID(), usedAt: null, usedBy: null };
    this.invitations.push({ ...created, tokenHash });
    return { ...created };
  }

  async findInvitation(tokenHash: string): Promise<Invitation | null> {
    const found = this.invitations.find((i) => i.tokenHash === tokenHash);
    return found ? publicInvitation(found) : null;
  }

  async listInvitations(): Promise<Invitation[]> {
    return [...this.invitations]
      .sort((a, b) => byCode(b.createdAt, a.createdAt))
      .map(publicInvitation);
  }

  async acceptInvitation(
    tokenHash: string,
    p: Omit<StoredPerson, 'id' | 'disabled' | 'delegationId' | 'displayName'>,
  ): Promise<StoredPerson | DirectoryRefusal> {
    const now = this.clock.now();
    const found = this.invitations.find((i) => i.tokenHash === tokenHash);
    if (!found) return 'not-found';
    const state = invitationState(found, now);
    if (state !== 'open') return state;
    const created = this.insertPerson({
      ...p,
      delegationId: found.delegationId,
      displayName: found.displayName,
    });
    if (typeof created === 'string') return created;
    found.usedAt = isoAt(now);
    found.usedBy = created.id;
    return created;
  }

  private byUsername(username: string): StoredPerson | undefined {
    const wanted = nocase(username);
    return [...this.people.values()].find((p) => nocase(p.username) === wanted);
  }

  private insertPerson(p: Omit<StoredPerson, 'id' | 'disabled'>): StoredPerson | DirectoryRefusal {
    if (!this.delegations.some((d) => d.id === p.delegationId)) return 'not-found';
    if (this.byUsername(p.username)) return 'conflict';
    const created: StoredPerson = {
      id: randomUUID(),
      username: p.username,
      displayName: p.displayName,
      delegationId: p.delegationId,
      passwordHash: p.passwordHash,
      disabled: false,
    };
    this.people.set(created.id, created);
    return { ...created };
  }
}

const copyDelegation = (d: Delegation): Delegation => ({ ...d, roles: [...d.roles] });
const publicInvitation = ({ tokenHash: _hash, ...inv }: StoredInvitation): Invitation => ({
  ...inv,
});
