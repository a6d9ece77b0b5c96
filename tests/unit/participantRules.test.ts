import { describe, expect, it } from 'vitest';
import {
  INVITATION_REFUSALS,
  checkDisable,
  checkInvitationOpen,
  checkRoleChange,
  type Delegation,
  type Role,
} from '@accord/shared';

// The rules of managing participants (shared/src/participantRules.ts), without a server.

/** A delegation with `roles`, of a kind that does not matter to these rules. */
function delegation(id: string, ...roles: Role[]): Delegation {
  return { id, name: id, kind: 'organisation', roles };
}

const DAY = 86_400_000;
const NOW = Date.UTC(2024, 5, 1);

/** An invitation expiring `inDays` after NOW, used or not. */
function invitation(inDays: number, used = false) {
  return {
    expiresAt: new Date(NOW + inDays * DAY).toISOString(),
    usedAt: used ? new Date(NOW - DAY).toISOString() : null,
  };
}

describe('AC8 at least one delegation keeps the Secretariat role', () => {
  const icmpd = delegation('icmpd', 'secretariat');
  const turkiye = delegation('turkiye', 'chair');

  it('AC8 the only Secretariat cannot lose its role (409)', () => {
    expect(checkRoleChange([icmpd, turkiye], 'icmpd', ['chair'])).toEqual({
      refused: true,
      status: 409,
      message: 'at least one delegation must keep the Secretariat role',
    });
    expect(checkRoleChange([icmpd, turkiye], 'icmpd', [])).toMatchObject({ status: 409 });
  });

  it('AC8 a Secretariat may hand the role on once another delegation holds it', () => {
    const second = delegation('un', 'secretariat');
    expect(checkRoleChange([icmpd, turkiye, second], 'icmpd', [])).toBe(true);
  });

  it('AC8 roles of other delegations change freely, and the Secretariat may gain roles', () => {
    expect(checkRoleChange([icmpd, turkiye], 'turkiye', [])).toBe(true);
    expect(checkRoleChange([icmpd, turkiye], 'turkiye', ['secretariat'])).toBe(true);
    expect(checkRoleChange([icmpd, turkiye], 'icmpd', ['secretariat', 'chair'])).toBe(true);
  });

  it('AC8 an unknown delegation is 404', () => {
    expect(checkRoleChange([icmpd], 'atlantis', ['chair'])).toEqual({
      refused: true,
      status: 404,
      message: 'no delegation "atlantis"',
    });
  });
});

describe('AC8 the Secretariat cannot disable its own account', () => {
  const me = { id: 'person-1' };
  const other = { id: 'person-2' };

  it('AC8 disabling oneself is 409; enabling oneself is allowed', () => {
    expect(checkDisable(me, me, true)).toEqual({
      refused: true,
      status: 409,
      message: 'you cannot disable your own account',
    });
    expect(checkDisable(me, me, false)).toBe(true);
  });

  it('AC8 disabling or enabling someone else is allowed', () => {
    expect(checkDisable(me, other, true)).toBe(true);
    expect(checkDisable(me, other, false)).toBe(true);
  });
});

describe('AC11 an invitation is usable once, until it expires by the server clock', () => {
  it('AC11 an unused invitation before its expiry is open', () => {
    expect(checkInvitationOpen(invitation(14), NOW)).toBe(true);
    // The instant of expiry itself is still inside the validity.
    expect(checkInvitationOpen(invitation(0), NOW)).toBe(true);
  });

  it('AC11 a used invitation is 410, even before its expiry', () => {
    expect(checkInvitationOpen(invitation(14, true), NOW)).toEqual(INVITATION_REFUSALS.used);
    expect(INVITATION_REFUSALS.used).toMatchObject({ status: 410 });
  });

  it('AC11 an expired invitation is 410 from the first millisecond after its expiry', () => {
    const expiring = invitation(0);
    expect(checkInvitationOpen(expiring, NOW + 1)).toEqual(INVITATION_REFUSALS.expired);
    expect(INVITATION_REFUSALS.expired).toMatchObject({ status: 410 });
  });

  it('AC11 an unknown link is 404', () => {
    expect(INVITATION_REFUSALS['not-found']).toMatchObject({ status: 404 });
  });
});
