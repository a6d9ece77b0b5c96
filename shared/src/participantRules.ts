import type { Delegation, Role } from './delegation.js';
import type { Invitation } from './invitation.js';

/**
 * The rules of managing participants, as pure functions: the server's routes apply them to what
 * the directory holds, and tests check them without a server. Each returns `true` or a refusal
 * with the HTTP status and the words the API answers with.
 */

/** Why a participant change is refused: the same shape as the server's `Refusal`. */
export interface RuleRefusal {
  refused: true;
  /** 404 (no such thing), 409 (it would break a rule), 410 (no longer usable). */
  status: 404 | 409 | 410;
  message: string;
}

const refuse = (status: RuleRefusal['status'], message: string): RuleRefusal => ({
  refused: true,
  status,
  message,
});

/**
 * Giving `delegationId` the roles `roles` (SPEC AC8): the delegation must exist, and at least
 * one delegation must keep the Secretariat role, or nobody could manage participants again.
 */
export function checkRoleChange(
  delegations: readonly Delegation[],
  delegationId: string,
  roles: readonly Role[],
): true | RuleRefusal {
  const before = delegations.find((d) => d.id === delegationId);
  if (!before) return refuse(404, `no delegation "${delegationId}"`);
  const losesSecretariat = before.roles.includes('secretariat') && !roles.includes('secretariat');
  const othersKeepIt = delegations.some(
    (d) => d.id !== delegationId && d.roles.includes('secretariat'),
  );
  if (losesSecretariat && !othersKeepIt)
    return refuse(409, 'at least one delegation must keep the Secretariat role');
  return true;
}

/**
 * `actor` disabling or enabling `target`'s account (SPEC AC8): nobody disables their own account,
 * so the Secretariat cannot lock itself out by a slip.
 */
export function checkDisable(
  actor: { id: string },
  target: { id: string },
  disabled: boolean,
): true | RuleRefusal {
  if (disabled && actor.id === target.id) return refuse(409, 'you cannot disable your own account');
  return true;
}

/** Why an invitation link cannot be used, in the API's words (SPEC AC11). */
export const INVITATION_REFUSALS = {
  'not-found': refuse(404, 'this invitation link is not valid'),
  used: refuse(410, 'this invitation has already been used'),
  expired: refuse(410, 'this invitation has expired'),
} as const satisfies Record<string, RuleRefusal>;

/**
 * Whether an invitation can still be accepted at `now` (ms since the epoch, the server's
 * clock): not used, and not past its expiry (SPEC AC11).
 */
export function checkInvitationOpen(
  invitation: Pick<Invitation, 'usedAt' | 'expiresAt'>,
  now: number,
): true | RuleRefusal {
  const state = invitationState(invitation, now);
  return state === 'open' ? true : INVITATION_REFUSALS[state];
}

/**
 * Where an invitation stands at `now` (ms since the epoch, the server's clock): one rule for the
 * routes and for every directory that accepts invitations atomically (SPEC AC11).
 */
export function invitationState(
  invitation: Pick<Invitation, 'usedAt' | 'expiresAt'>,
  now: number,
): 'open' | 'used' | 'expired' {
  if (invitation.usedAt) return 'used';
  if (Date.parse(invitation.expiresAt) < now) return 'expired';
  return 'open';
}
