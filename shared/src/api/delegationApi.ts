import { z } from 'zod';
import { DELEGATION_KINDS, ROLES, delegationSlug, type Delegation } from '../delegation.js';
import { choiceField, choiceListField, textField, type SameType } from './fields.js';

/** A delegation as every delegation route answers it. */
export const delegationSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(DELEGATION_KINDS),
  roles: z.array(z.enum(ROLES)),
});

/** `GET /api/delegations`: every delegation with its kind and roles. */
export const delegationListSchema = z.array(delegationSchema);

/** `POST /api/admin/delegations` (Secretariat): a new delegation; its id is made from the name. */
export const createDelegationRequestSchema = z.object({
  name: textField('name', { max: 120 }).refine((name) => delegationSlug(name) !== '', {
    error: '"name" must contain letters or digits',
  }),
  kind: choiceField('kind', DELEGATION_KINDS),
  roles: choiceListField('roles', ROLES).default([]),
});

/** `PUT /api/admin/delegations/:id/roles` (Secretariat): the delegation's roles from now on. */
export const setRolesRequestSchema = z.object({ roles: choiceListField('roles', ROLES) });

/** The body of `POST /api/admin/delegations`, as a client sends it. */
export type CreateDelegationRequest = z.input<typeof createDelegationRequestSchema>;
/** The body of `PUT /api/admin/delegations/:id/roles`, as a client sends it. */
export type SetRolesRequest = z.input<typeof setRolesRequestSchema>;

const _delegationMatches: SameType<z.infer<typeof delegationSchema>, Delegation> = true;
