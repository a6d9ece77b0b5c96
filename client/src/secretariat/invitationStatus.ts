import type { InvitationEntry } from '../api/invitations.js';

/** Where an invitation stands: waiting to be used, used (made an account), or expired. */
export type InvitationStatus = 'open' | 'used' | 'expired';

export function invitationStatus(invitation: InvitationEntry, now: number): InvitationStatus {
  if (invitation.usedAt !== null) return 'used';
  return Date.parse(invitation.expiresAt) <= now ? 'expired' : 'open';
}
