import {
  delegationOf,
  invitationOf,
  personOf,
  type DelegationRow,
  type InvitationRow,
  type PersonRow,
} from '../directoryRows.js';
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Delegation, Role } from '@accord/shared';
import { invitationState } from '@accord/shared';
import { isoAt, type Clock } from '../../time/Clock.js';
import type {
  Directory,
  DirectoryRefusal,
  Invitation,
  StoredPerson,
  StoredSession,
} from '../Directory.js';
import type { PgDatabase } from './PgDatabase.js';
import { isUniqueViolation } from './pgRows.js';

// The expression of the unique index people_username: ASCII case folded, as SQLite's NOCASE.
const FOLDED = 'lower(username COLLATE "C")';

/**
 * The participants directory in PostgreSQL; "now" is its clock's. Several processes may write
 * at once: user names are unique in the database, and accepting an invitation locks its row, so
 * two acceptances of one invitation make one account (PG4).
 */
export class PgDirectory implements Directory {
  constructor(
    private readonly db: PgDatabase,
    private readonly clock: Clock,
  ) {}

  async isEmpty(): Promise<boolean> {
    return (await this.db.query('SELECT 1 FROM delegations LIMIT 1')).rowCount === 0;
  }

  async listDelegations(): Promise<Delegation[]> {
    const { rows } = await this.db.query<DelegationRow>(
      'SELECT * FROM delegations ORDER BY position',
    );
    return rows.map(delegationOf);
  }

  async getDelegation(id: string): Promise<Delegation | null> {
    const { rows } = await this.db.query<DelegationRow>('SELECT * FROM delegations WHERE id = $1', [
      id,
    ]);
    return rows[0] ? delegationOf(rows[0]) : null;
  }

  async createDelegations(delegations: Delegation[]): Promise<true | DirectoryRefusal> {
    try {
      await this.db.transaction(async (client) => {
        for (const d of delegations)
          await client.query(
            `INSERT INTO delegations (id, name, kind, roles, position)
             VALUES ($1, $2, $3, $4, nextval('delegation_position'))`,
            [d.id, d.name, d.kind, JSON.stringify(d.roles)],
          );
      });
      return true;
    } catch (err) {
      if (isUniqueViolation(err)) return 'conflict';
      throw err;
    }
  }

  async setRoles(delegationId: string, roles: Role[]): Promise<true | DirectoryRefusal> {
    const { rowCount } = await this.db.query('UPDATE delegations SET roles = $1 WHERE id = $2', [
      JSON.stringify(roles),
      delegationId,
    ]);
    return rowCount === 1 ? true : 'not-found';
  }

  async listPeople(): Promise<StoredPerson[]> {
    const { rows } = await this.db.query<PersonRow>(
      `SELECT * FROM people ORDER BY delegation_id COLLATE "C", ${FOLDED}, username COLLATE "C"`,
    );
    return rows.map(personOf);
  }

  async getPerson(id: string): Promise<StoredPerson | null> {
    const { rows } = await this.db.query<PersonRow>('SELECT * FROM people WHERE id = $1', [id]);
    return rows[0] ? personOf(rows[0]) : null;
  }

  async findPersonByUsername(username: string): Promise<StoredPerson | null> {
    const { rows } = await this.db.query<PersonRow>(
      `SELECT * FROM people WHERE ${FOLDED} = lower($1 COLLATE "C")`,
      [username],
    );
    return rows[0] ? personOf(rows[0]) : null;
  }

  async createPerson(
    p: Omit<StoredPerson, 'id' | 'disabled'>,
  ): Promise<StoredPerson | DirectoryRefusal> {
    return insertPerson(this.db.pool, p);
  }

  async setDisabled(personId: string, disabled: boolean): Promise<true | DirectoryRefusal> {
    const { rowCount } = await this.db.query('UPDATE people SET disabled = $1 WHERE id = $2', [
      disabled,
      personId,
    ]);
    return rowCount === 1 ? true : 'not-found';
  }

  async createSession(tokenHash: string, session: StoredSession): Promise<void> {
    await this.db.query('DELETE FROM sessions WHERE expires_at <= $1', [this.clock.now()]);
    await this.db.query(
      'INSERT INTO sessions (token_hash, person_id, expires_at) VALUES ($1, $2, $3)',
      [tokenHash, session.personId, session.expiresAt],
    );
  }

  async getSession(tokenHash: string): Promise<StoredSession | null> {
    const { rows } = await this.db.query<{ person_id: string; expires_at: number }>(
      'SELECT person_id, expires_at FROM sessions WHERE token_hash = $1',
      [tokenHash],
    );
    const row = rows[0];
    return row ? { personId: row.person_id, expiresAt: row.expires_at } : null;
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.db.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
  }

  async deleteSessionsOf(personId: string): Promise<void> {
    await this.db.query('DELETE FROM sessions WHERE person_id = $1', [personId]);
  }

  async createInvitation(
    tokenHash: string,
    inv: Omit<Invitation, 'id' | 'usedAt' | 'usedBy'>,
  ): Promise<Invitation> {
    const id = randomUUID();
    await this.db.query(
      `INSERT INTO invitations
         (id, token_hash, delegation_id, display_name, created_by, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        id,
        tokenHash,
        inv.delegationId,
        inv.displayName,
        inv.createdBy,
        inv.createdAt,
        inv.expiresAt,
      ],
    );
    return { ...inv, id, usedAt: null, usedBy: null };
  }

  async findInvitation(tokenHash: string): Promise<Invitation | null> {
    const { rows } = await this.db.query<InvitationRow>(
      'SELECT * FROM invitations WHERE token_hash = $1',
      [tokenHash],
    );
    return rows[0] ? invitationOf(rows[0]) : null;
  }

  async listInvitations(): Promise<Invitation[]> {
    const { rows } = await this.db.query<InvitationRow>(
      'SELECT * FROM invitations ORDER BY created_at COLLATE "C" DESC',
    );
    return rows.map(invitationOf);
  }

  /**
   * The invitation's row is locked first: a second acceptance, in this process or another,
   * waits for the first to commit and then finds the invitation used.
   */
  async acceptInvitation(
    tokenHash: string,
    p: Omit<StoredPerson, 'id' | 'disabled' | 'delegationId' | 'displayName'>,
  ): Promise<StoredPerson | DirectoryRefusal> {
    const now = this.clock.now();
    return this.db.transaction(async (client): Promise<StoredPerson | DirectoryRefusal> => {
      const { rows } = await client.query<InvitationRow>(
        'SELECT * FROM invitations WHERE token_hash = $1 FOR UPDATE',
        [tokenHash],
      );
      const row = rows[0];
      if (!row) return 'not-found';
      const state = invitationState({ usedAt: row.used_at, expiresAt: row.expires_at }, now);
      if (state !== 'open') return state;
      const created = await insertPerson(client, {
        ...p,
        delegationId: row.delegation_id,
        displayName: row.display_name,
      });
      if (typeof created === 'string') return created;
      await client.query(
        'UPDATE invitations SET used_at = $1, used_by = $2 WHERE id = $3 AND used_at IS NULL',
        [isoAt(now), created.id, row.id],
      );
      return created;
    });
  }
}

/**
 * Inserts a person; a taken user name is refused as a value without aborting the caller's
 * transaction (the insert does nothing instead of failing).
 */
async function insertPerson(
  db: Pick<pg.PoolClient, 'query'> | pg.Pool,
  p: Omit<StoredPerson, 'id' | 'disabled'>,
): Promise<StoredPerson | DirectoryRefusal> {
  const known = await db.query('SELECT 1 FROM delegations WHERE id = $1', [p.delegationId]);
  if (known.rowCount === 0) return 'not-found';
  const id = randomUUID();
  const { rowCount } = await db.query(
    `INSERT INTO people (id, username, display_name, delegation_id, password_hash)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
    [id, p.username, p.displayName, p.delegationId, p.passwordHash],
  );
  if (rowCount === 0) return 'conflict';
  return { ...p, id, disabled: false };
}
