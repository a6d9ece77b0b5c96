/** What a delegation is in the dialogue; decides what it may do by default. */
export type DelegationKind = 'participating-state' | 'observer-state' | 'organisation';

/** The kinds, for validation and for the Secretariat page. */
export const DELEGATION_KINDS: readonly DelegationKind[] = [
  'participating-state',
  'observer-state',
  'organisation',
];

/** Roles belong to delegations (Türkiye is a State and the Chair), never to people. */
export type Role = 'chair' | 'co-chair' | 'secretariat' | 'reference-group';

/** The roles, in the order the Secretariat page shows them. */
export const ROLES: readonly Role[] = ['chair', 'co-chair', 'secretariat', 'reference-group'];

/** Human names of kinds and roles, for the interface and the audit log. */
export const KIND_LABELS: Record<DelegationKind, string> = {
  'participating-state': 'Participating State',
  'observer-state': 'Observer State',
  organisation: 'International organisation',
};

/** Human names of roles. */
export const ROLE_LABELS: Record<Role, string> = {
  chair: 'Chair',
  'co-chair': 'Co-Chair',
  secretariat: 'Secretariat',
  'reference-group': 'Reference Group',
};

/** A delegation: a State or an organisation taking part in the negotiation. */
export interface Delegation {
  /** Stable slug, e.g. "germany", "icmpd". */
  id: string;
  name: string;
  kind: DelegationKind;
  roles: Role[];
}

/** A person, who always belongs to exactly one delegation. */
export interface Person {
  id: string;
  username: string;
  displayName: string;
  delegationId: string;
}

/** True when `value` is a known delegation kind. */
export function isDelegationKind(value: unknown): value is DelegationKind {
  return typeof value === 'string' && (DELEGATION_KINDS as readonly string[]).includes(value);
}

/** True when `value` is a known role. */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** A delegation id made from its name: lower case, ASCII, dashes ("Türkiye" → "turkiye"). */
export function delegationSlug(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48);
}
