import { isDelegationKind, isRole, KIND_LABELS, ROLE_LABELS } from '@accord/shared';

/** How the audit trail's actions read; an action not listed here is shown as recorded. */
const ACTIONS: Record<string, string> = {
  'sign-in': 'Sign-in',
  'sign-out': 'Sign-out',
  'role.change': 'Roles changed',
  'delegation.create': 'Delegation added',
  'person.disable': 'Account disabled',
  'person.enable': 'Account enabled',
  'invitation.create': 'Invitation created',
  'invitation.accept': 'Invitation accepted',
};

/** How the details' keys read; others are spelled out from camelCase. */
const KEYS: Record<string, string> = {
  delegationId: 'delegation',
  displayName: 'name',
  username: 'user name',
};

/** Names for the ids that entries carry: people and delegations. */
export interface AuditNames {
  person(id: string): string | null;
  delegation(id: string): string | null;
}

export function actionLabel(action: string): string {
  return ACTIONS[action] ?? action;
}

function keyText(key: string): string {
  return KEYS[key] ?? key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

function valueText(key: string, value: unknown, names: AuditNames): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return 'none';
    return value.map((v) => (isRole(v) ? ROLE_LABELS[v] : valueText(key, v, names))).join(', ');
  }
  if (typeof value === 'string') {
    if (key === 'delegationId') return names.delegation(value) ?? value;
    if (key === 'kind' && isDelegationKind(value)) return KIND_LABELS[value];
    return value;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null || value === undefined) return '—';
  return JSON.stringify(value);
}

/** An entry's details as "key: value" pairs ("before: Chair; after: none"). */
export function detailText(detail: Record<string, unknown>, names: AuditNames): string {
  return Object.entries(detail)
    .map(([key, value]) => `${keyText(key)}: ${valueText(key, value, names)}`)
    .join('; ');
}

/** What an entry acted on: a person or a delegation by name, other ids shortened. */
export function targetText(target: string | null, names: AuditNames): string {
  if (target === null) return '';
  const named = names.person(target) ?? names.delegation(target);
  if (named !== null) return named;
  return /^[0-9a-f-]{36}$/i.test(target) ? `${target.slice(0, 8)}…` : target;
}
