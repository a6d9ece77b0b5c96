import { ROLE_LABELS, type Role } from '@accord/shared';

/** Roles that hold the pen (edit the text): taking one away needs a confirmation. */
export const PEN_HOLDER_ROLES: readonly Role[] = ['chair', 'co-chair', 'secretariat'];

/** What a delegation loses with a role, in a sentence for the confirmation. */
export function whatIsLost(role: Role): string {
  switch (role) {
    case 'chair':
    case 'co-chair':
      return `its people will no longer edit the text as ${ROLE_LABELS[role]}`;
    case 'secretariat':
      return 'its people will no longer edit the text, manage participants or read the audit trail';
    case 'reference-group':
      return 'it will no longer take part in the Reference Group round';
  }
}
