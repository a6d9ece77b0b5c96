import type { DelegationKind } from './delegation.js';

/** A one-time invitation for a person of a delegation (its token is never listed). */
export interface Invitation {
  id: string;
  delegationId: string;
  /** The name the Secretariat gave for the invited person. */
  displayName: string;
  /** The person who created it. */
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
  /** The person the invitation created. */
  usedBy: string | null;
}

/** What an invitation link offers, as its recipient sees it. */
export interface InvitationOffer {
  delegation: { id: string; name: string; kind: DelegationKind };
  displayName: string;
  expiresAt: string;
}
