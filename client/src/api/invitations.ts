import {
  invitationCreatedSchema,
  invitationListSchema,
  invitationOfferSchema,
  sessionViewSchema,
  type AcceptInvitationRequest,
  type CreateInvitationRequest,
  type Invitation,
  type InvitationOffer,
} from '@accord/shared';
import { requestJson } from './http.js';
import type { Session } from './session.js';

export type { InvitationOffer } from '@accord/shared';

/** An invitation as the Secretariat's list shows it (the link itself is never listed). */
export type InvitationEntry = Invitation;

/** `GET /api/admin/invitations` (Secretariat): newest first. */
export async function fetchInvitations(signal?: AbortSignal): Promise<InvitationEntry[]> {
  const list = await requestJson(
    '/api/admin/invitations',
    invitationListSchema,
    'list of invitations',
    { signal },
  );
  return list.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/**
 * `POST /api/admin/invitations`: creates a one-time link for a person of a delegation. The link
 * (its token) is in this answer only; the server keeps a hash of it.
 */
export async function createInvitation(
  delegationId: string,
  displayName: string,
): Promise<{ invitation: InvitationEntry; link: string }> {
  const body: CreateInvitationRequest = { delegationId, displayName };
  const created = await requestJson(
    '/api/admin/invitations',
    invitationCreatedSchema,
    'invitation',
    {
      method: 'POST',
      body,
    },
  );
  return {
    invitation: created.invitation,
    link: new URL(created.url, window.location.origin).href,
  };
}

function invitationPath(token: string): string {
  return `/api/invitations/${encodeURIComponent(token)}`;
}

/** `GET /api/invitations/:token` (public): what the link offers; 404 unknown, 410 used/expired. */
export async function fetchOffer(token: string, signal?: AbortSignal): Promise<InvitationOffer> {
  return requestJson(invitationPath(token), invitationOfferSchema, 'invitation', {
    signal,
    signedIn: false,
  });
}

/** `POST /api/invitations/:token/accept`: creates the account and signs it in. */
export async function acceptInvitation(
  token: string,
  username: string,
  password: string,
): Promise<Session> {
  const body: AcceptInvitationRequest = { username, password };
  return requestJson(`${invitationPath(token)}/accept`, sessionViewSchema, 'session', {
    method: 'POST',
    body,
    signedIn: false,
  });
}
