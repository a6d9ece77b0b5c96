import type { Delegation, DelegationKind, Role } from '@accord/shared';
import type { Invitation, StoredPerson } from './Directory.js';

/** A `delegations` row as SQLite and PostgreSQL both keep it (roles as JSON text). */
export interface DelegationRow {
  id: string;
  name: string;
  kind: DelegationKind;
  roles: string;
}

/** A `people` row; `disabled` is 0/1 in SQLite and a boolean in PostgreSQL. */
export interface PersonRow {
  id: string;
  username: string;
  display_name: string;
  delegation_id: string;
  password_hash: string;
  disabled: number | boolean;
}

/** An `invitations` row as both databases keep it. */
export interface InvitationRow {
  id: string;
  delegation_id: string;
  display_name: string;
  created_by: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  used_by: string | null;
}

/** The delegation a row holds. */
export const delegationOf = (r: DelegationRow): Delegation => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  roles: JSON.parse(r.roles) as Role[],
});

/** The person a row holds. */
export const personOf = (r: PersonRow): StoredPerson => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  delegationId: r.delegation_id,
  passwordHash: r.password_hash,
  disabled: r.disabled === true || r.disabled === 1,
});

/** The invitation a row holds. */
export const invitationOf = (r: InvitationRow): Invitation => ({
  id: r.id,
  delegationId: r.delegation_id,
  displayName: r.display_name,
  createdBy: r.created_by,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  usedAt: r.used_at,
  usedBy: r.used_by,
});
