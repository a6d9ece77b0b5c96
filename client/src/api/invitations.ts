import { isDelegationKind, type Invitation, type InvitationOffer } from '@accord/shared';
import { requestJson } from './http.js';
import { sessionFrom, type Session } from './session.js';

export type { InvitationOffer } from '@accord/shared';
import { isRecord, isString, readList, readOne, stringOrNull, unexpected } from './shape.js';

/** An invitation as the Secretariat's list shows it (the link itself is never listed). */
export type InvitationEntry = Invitation;

function readInvitation(item: unknown): InvitationEntry | null {
  if (!isRecord(item)) return null;
  const { id, delegationId, displayName, createdBy, createdAt, expiresAt } = item;
  if (!isString(delegationId) || !isString(displayName) || !isString(expiresAt)) return null;
  return {
    id: String(id),
    delegationId,
    displayName,
    createdBy: isString(createdBy) ? createdBy : '',
    createdAt: isString(createdAt) ? createdAt : '',
    expiresAt,
    usedAt: stringOrNull(item.usedAt),
    usedBy: stringOrNull(item.usedBy),
  };
}

function readOffer(item: unknown): InvitationOffer | null {
  if (!isRecord(item) || !isRecord(item.delegation)) return null;
  const { id, name, kind } = item.delegation;
  if (!isString(id) || !isString(name) || !isDelegationKind(kind)) return null;
  if (!isString(item.displayName) || !isString(item.expiresAt)) return null;
  return {
    delegation: { id, name, kind },
    displayName: item.displayName,
    expiresAt: item.expiresAt,
  };
}

/** `GET /api/admin/invitations` (Secretariat): newest first. */
export async function fetchInvitations(signal?: AbortSignal): Promise<InvitationEntry[]> {
  const list = readList(
    await requestJson('/api/admin/invitations', { signal }),
    readInvitation,
    'list of invitations',
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
  const body = await requestJson('/api/admin/invitations', {
    method: 'POST',
    body: { delegationId, displayName },
  });
  if (!isRecord(body) || !isString(body.url) || !body.url.startsWith('/invite/')) {
    throw unexpected('invitation');
  }
  return {
    invitation: readOne(body.invitation, readInvitation, 'invitation'),
    link: new URL(body.url, window.location.origin).href,
  };
}

function invitationPath(token: string): string {
  return `/api/invitations/${encodeURIComponent(token)}`;
}

/** `GET /api/invitations/:token` (public): what the link offers; 404 unknown, 410 used/expired. */
export async function fetchOffer(token: string, signal?: AbortSignal): Promise<InvitationOffer> {
  const body = await requestJson(invitationPath(token), { signal, signedIn: false });
  return readOne(body, readOffer, 'invitation');
}

/** `POST /api/invitations/:token/accept`: creates the account and signs it in. */
export async function acceptInvitation(
  token: string,
  username: string,
  password: string,
): Promise<Session> {
  const body = await requestJson(`${invitationPath(token)}/accept`, {
    method: 'POST',
    body: { username, password },
    signedIn: false,
  });
  return sessionFrom(body);
}
