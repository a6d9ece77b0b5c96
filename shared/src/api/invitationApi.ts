import { z } from 'zod';
import { DELEGATION_KINDS } from '../delegation.js';
import type { Invitation, InvitationOffer } from '../invitation.js';
import { newPasswordSchema, newUsernameSchema } from './accountFields.js';
import { textField, type SameType } from './fields.js';

/** An invitation as the Secretariat's list shows it (its token is never listed). */
export const invitationSchema = z.object({
  id: z.string(),
  delegationId: z.string(),
  displayName: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  usedAt: z.string().nullable(),
  usedBy: z.string().nullable(),
});

/** `GET /api/admin/invitations` (Secretariat). */
export const invitationListSchema = z.array(invitationSchema);

/** `POST /api/admin/invitations` (Secretariat): a one-time link for a person of a delegation. */
export const createInvitationRequestSchema = z.object({
  delegationId: textField('delegationId', { max: 64 }),
  displayName: textField('displayName', { max: 120 }),
});

/** The answer of `POST /api/admin/invitations` (201): the only time the link is shown. */
export const invitationCreatedSchema = z.object({
  invitation: invitationSchema,
  url: z.string().startsWith('/invite/'),
});

/** `GET /api/invitations/:token` (public): what the link offers. */
export const invitationOfferSchema = z.object({
  delegation: z.object({ id: z.string(), name: z.string(), kind: z.enum(DELEGATION_KINDS) }),
  displayName: z.string(),
  expiresAt: z.string(),
});

/** `POST /api/invitations/:token/accept` (public): the new account; answered with a session. */
export const acceptInvitationRequestSchema = z.object({
  username: newUsernameSchema,
  password: newPasswordSchema,
});

/** The body of `POST /api/admin/invitations`. */
export type CreateInvitationRequest = z.input<typeof createInvitationRequestSchema>;
/** The answer of `POST /api/admin/invitations`. */
export type InvitationCreated = z.infer<typeof invitationCreatedSchema>;
/** The body of `POST /api/invitations/:token/accept`. */
export type AcceptInvitationRequest = z.input<typeof acceptInvitationRequestSchema>;

const _invitationMatches: SameType<z.infer<typeof invitationSchema>, Invitation> = true;
const _offerMatches: SameType<z.infer<typeof invitationOfferSchema>, InvitationOffer> = true;
