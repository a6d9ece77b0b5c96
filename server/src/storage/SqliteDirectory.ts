import {
  delegationOf,
  invitationOf,
  personOf,
  type DelegationRow,
  type InvitationRow,
  type PersonRow,
} from './directoryRows.js';
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { isoAt, type Clock } from '../time/Clock.js';
import type { Delegation, Role } from '@accord/shared';
import { invitationState } from '@accord/shared';
import type {
  Directory,
  DirectoryRefusal,
  Invitation,
  StoredPerson,
  StoredSession,
} from './Directory.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS delegations (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  roles TEXT NOT NULL DEFAULT '[]',
  position INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS people (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE COLLATE NOCASE,
  display_name TEXT NOT NULL,
  delegation_id TEXT NOT NULL REFERENCES delegations(id),
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS sessions (
  token_hash TEXT PRIMARY KEY,
  person_id TEXT NOT NULL REFERENCES people(id),
  expires_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS invitations (
  id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  delegation_id TEXT NOT NULL REFERENCES delegations(id),
  display_name TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT,
  used_by TEXT
);
`;

const isUniqueViolation = (err: unknown) =>
  (err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' ||
  (err as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY';

/** The participants directory in the server's SQLite database; "now" is its clock's. */
export class SqliteDirectory implements Directory {
  constructor(
    private readonly db: Database.Database,
    private readonly clock: Clock,
  ) {
    db.exec(SCHEMA);
  }

  async isEmpty(): Promise<boolean> {
    return this.db.prepare('SELECT 1 FROM delegations LIMIT 1').get() === undefined;
  }

  async listDelegations(): Promise<Delegation[]> {
    return (
      this.db.prepare('SELECT * FROM delegations ORDER BY position').all() as DelegationRow[]
    ).map(delegationOf);
  }

  async getDelegation(id: string): Promise<Delegation | null> {
    const row = this.db.prepare('SELECT * FROM delegations WHERE id = ?').get(id) as
      DelegationRow | undefined;
    return row ? delegationOf(row) : null;
  }

  async createDelegations(delegations: Delegation[]): Promise<true | DirectoryRefusal> {
    const insert = this.db.prepare(
      'INSERT INTO delegations (id, name, kind, roles, position) VALUES (?, ?, ?, ?, (SELECT COALESCE(MAX(position), 0) + 1 FROM delegations))',
    );
    try {
      this.db.transaction(() => {
        for (const d of delegations) insert.run(d.id, d.name, d.kind, JSON.stringify(d.roles));
      })();
      return true;
    } catch (err) {
      if (isUniqueViolation(err)) return 'conflict';
      throw err;
    }
  }

  async setRoles(delegationId: string, roles: Role[]): Promise<true | DirectoryRefusal> {
    const result = this.db
      .prepare('UPDATE delegations SET roles = ? WHERE id = ?')
      .run(JSON.stringify(roles), delegationId);
    return result.changes === 1 ? true : 'not-found';
  }

  async listPeople(): Promise<StoredPerson[]> {
    return (
      this.db.prepare('SELECT * FROM people ORDER BY delegation_id, username').all() as PersonRow[]
    ).map(personOf);
  }

  async getPerson(id: string): Promise<StoredPerson | null> {
    const row = this.db.prepare('SELECT * FROM people WHERE id = ?').get(id) as
      PersonRow | undefined;
    return row ? personOf(row) : null;
  }

  async findPersonByUsername(username: string): Promise<StoredPerson | null> {
    const row = this.db.prepare('SELECT * FROM people WHERE username = ?').get(username) as
      PersonRow | undefined;
    return row ? personOf(row) : null;
  }

  async createPerson(
    p: Omit<StoredPerson, 'id' | 'disabled'>,
  ): Promise<StoredPerson | DirectoryRefusal> {
    return this.insertPerson(p);
  }

  private insertPerson(p: Omit<StoredPerson, 'id' | 'disabled'>): StoredPerson | DirectoryRefusal {
    if (!this.db.prepare('SELECT 1 FROM delegations WHERE id = ?').get(p.delegationId))
      return 'not-found';
    const id = randomUUID();
    try {
      this.db
        .prepare(
          'INSERT INTO people (id, username, display_name, delegation_id, password_hash) VALUES (?, ?, ?, ?, ?)',
        )
        .run(id, p.username, p.displayName, p.delegationId, p.passwordHash);
    } catch (err) {
      if (isUniqueViolation(err)) return 'conflict';
      throw err;
    }
    return { ...p, id, disabled: false };
  }

  async setDisabled(personId: string, disabled: boolean): Promise<true | DirectoryRefusal> {
    const result = this.db
      .prepare('UPDATE people SET disabled = ? WHERE id = ?')
      .run(disabled ? 1 : 0, personId);
    return result.changes === 1 ? true : 'not-found';
  }

  async createSession(tokenHash: string, session: StoredSession): Promise<void> {
    this.db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(this.clock.now());
    this.db
      .prepare('INSERT INTO sessions (token_hash, person_id, expires_at) VALUES (?, ?, ?)')
      .run(tokenHash, session.personId, session.expiresAt);
  }

  async getSession(tokenHash: string): Promise<StoredSession | null> {
    const row = this.db
      .prepare('SELECT person_id, expires_at FROM sessions WHERE token_hash = ?')
      .get(tokenHash) as { person_id: string; expires_at: number } | undefined;
    return row ? { personId: row.person_id, expiresAt: row.expires_at } : null;
  }

  async deleteSession(tokenHash: string): Promise<void> {
    this.db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash);
  }

  async deleteSessionsOf(personId: string): Promise<void> {
    this.db.prepare('DELETE FROM sessions WHERE person_id = ?').run(personId);
  }

  async createInvitation(
    tokenHash: string,
    inv: Omit<Invitation, 'id' | 'usedAt' | 'usedBy'>,
  ): Promise<Invitation> {
    const id = randomUUID();
    this.db
      .prepare(
        'INSERT INTO invitations (id, token_hash, delegation_id, display_name, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        id,
        tokenHash,
        inv.delegationId,
        inv.displayName,
        inv.createdBy,
        inv.createdAt,
        inv.expiresAt,
      );
    return { ...inv, id, usedAt: null, usedBy: null };
  }

  async findInvitation(tokenHash: string): Promise<Invitation | null> {
    const row = this.db.prepare('SELECT * FROM invitations WHERE token_hash = ?').get(tokenHash) as
      InvitationRow | undefined;
    return row ? invitationOf(row) : null;
  }

  async listInvitations(): Promise<Invitation[]> {
    return (
      this.db.prepare('SELECT * FROM invitations ORDER BY created_at DESC').all() as InvitationRow[]
    ).map(invitationOf);
  }

  async acceptInvitation(
    tokenHash: string,
    p: Omit<StoredPerson, 'id' | 'disabled' | 'delegationId' | 'displayName'>,
  ): Promise<StoredPerson | DirectoryRefusal> {
    const now = this.clock.now();
    return this.db.transaction((): StoredPerson | DirectoryRefusal => {
      const row = this.db
        .prepare('SELECT * FROM invitations WHERE token_hash = ?')
        .get(tokenHash) as InvitationRow | undefined;
      if (!row) return 'not-found';
      const state = invitationState({ usedAt: row.used_at, expiresAt: row.expires_at }, now);
      if (state !== 'open') return state;
      const created = this.insertPerson({
        ...p,
        delegationId: row.delegation_id,
        displayName: row.display_name,
      });
      if (typeof created === 'string') return created;
      this.db
        .prepare('UPDATE invitations SET used_at = ?, used_by = ? WHERE id = ? AND used_at IS NULL')
        .run(isoAt(now), created.id, row.id);
      return created;
    })();
  }
}
