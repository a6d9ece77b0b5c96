import { KIND_LABELS, ROLE_LABELS, type Delegation } from '@accord/shared';

/**
 * A delegation's roles as badges ("Chair", "Secretariat", "Reference Group"), and its kind when
 * it is not a participating State ("Observer State", "International organisation").
 */
export function DelegationBadges({
  delegation,
}: {
  delegation: Pick<Delegation, 'kind' | 'roles'>;
}) {
  return (
    <span className="role-badges">
      {delegation.roles.map((role) => (
        <span key={role} className="role-badge" data-role={role}>
          {ROLE_LABELS[role]}
        </span>
      ))}
      {delegation.kind !== 'participating-state' && (
        <span className="role-badge" data-kind={delegation.kind}>
          {KIND_LABELS[delegation.kind]}
        </span>
      )}
    </span>
  );
}
