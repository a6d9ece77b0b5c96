import {
  isDelegationKind,
  isRole,
  type Delegation,
  type DelegationKind,
  type Role,
} from '@accord/shared';
import { requestJson } from './http.js';
import { isRecord, isString, readList, readOne } from './shape.js';

/** Reads a delegation; unknown roles (a newer server) are left out rather than shown raw. */
export function readDelegation(item: unknown): Delegation | null {
  if (!isRecord(item) || !isString(item.id) || !isString(item.name)) return null;
  if (!isDelegationKind(item.kind) || !Array.isArray(item.roles)) return null;
  return { id: item.id, name: item.name, kind: item.kind, roles: item.roles.filter(isRole) };
}

/** `GET /api/delegations`: every delegation of the negotiation, by name. */
export async function fetchDelegations(signal?: AbortSignal): Promise<Delegation[]> {
  const list = readList(
    await requestJson('/api/delegations', { signal }),
    readDelegation,
    'list of delegations',
  );
  return list.sort((a, b) => a.name.localeCompare(b.name));
}

/** `POST /api/admin/delegations` (Secretariat): adds a delegation; 409 when it exists. */
export async function createDelegation(name: string, kind: DelegationKind): Promise<Delegation> {
  const body = await requestJson('/api/admin/delegations', {
    method: 'POST',
    body: { name, kind },
  });
  return readOne(body, readDelegation, 'delegation');
}

/** `PUT /api/admin/delegations/:id/roles` (Secretariat): replaces a delegation's roles. */
export async function saveRoles(delegationId: string, roles: Role[]): Promise<Delegation> {
  const body = await requestJson(
    `/api/admin/delegations/${encodeURIComponent(delegationId)}/roles`,
    { method: 'PUT', body: { roles } },
  );
  return readOne(body, readDelegation, 'delegation');
}
