import {
  delegationListSchema,
  delegationSchema,
  type CreateDelegationRequest,
  type Delegation,
  type SetRolesRequest,
} from '@accord/shared';
import { requestJson } from './http.js';

/** `GET /api/delegations`: every delegation of the negotiation, by name. */
export async function fetchDelegations(signal?: AbortSignal): Promise<Delegation[]> {
  const list = await requestJson('/api/delegations', delegationListSchema, 'list of delegations', {
    signal,
  });
  return list.sort((a, b) => a.name.localeCompare(b.name));
}

/** `POST /api/admin/delegations` (Secretariat): adds a delegation; 409 when it exists. */
export async function createDelegation(
  name: string,
  kind: CreateDelegationRequest['kind'],
): Promise<Delegation> {
  const body: CreateDelegationRequest = { name, kind };
  return requestJson('/api/admin/delegations', delegationSchema, 'delegation', {
    method: 'POST',
    body,
  });
}

/** `PUT /api/admin/delegations/:id/roles` (Secretariat): replaces a delegation's roles. */
export async function saveRoles(
  delegationId: string,
  roles: SetRolesRequest['roles'],
): Promise<Delegation> {
  const body: SetRolesRequest = { roles };
  return requestJson(
    `/api/admin/delegations/${encodeURIComponent(delegationId)}/roles`,
    delegationSchema,
    'delegation',
    { method: 'PUT', body },
  );
}
