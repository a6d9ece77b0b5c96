import type { Delegation, Role } from './delegation.js';

/**
 * What someone may do, derived from their delegation (design.md, "People and what they may do").
 * The server checks these on every path; the client only uses them to hide what would fail.
 */
export type Capability =
  /** Open a document and read its text (every participant). */
  | 'text.read'
  /** Change the base text directly: the pen-holders and the Secretariat. */
  | 'text.edit'
  /** Send presence (name, cursor) in a document. */
  | 'presence.send'
  /** The Secretariat page: delegations, roles, people, invitations. */
  | 'participants.manage'
  /** Read the audit trail. */
  | 'audit.read'
  /** Draft in the delegation's working copy and submit amendments (every participant for now). */
  | 'amendment.propose'
  /** Co-sponsor, support or object to another delegation's amendment (every participant). */
  | 'amendment.position'
  /** Accept, reject or merge amendments: the pen-holders. */
  | 'amendment.decide';

const PEN_HOLDERS: readonly Role[] = ['chair', 'co-chair', 'secretariat'];

/** Every capability of a delegation, by its roles (kind matters for rules of later rounds). */
export function capabilitiesOf(delegation: Pick<Delegation, 'kind' | 'roles'>): Set<Capability> {
  const caps = new Set<Capability>([
    'text.read',
    'presence.send',
    'amendment.propose',
    'amendment.position',
  ]);
  if (delegation.roles.some((r) => PEN_HOLDERS.includes(r))) {
    caps.add('text.edit');
    caps.add('amendment.decide');
  }
  if (delegation.roles.includes('secretariat')) {
    caps.add('participants.manage');
    caps.add('audit.read');
  }
  if (delegation.roles.includes('chair') || delegation.roles.includes('co-chair'))
    caps.add('audit.read');
  return caps;
}

/** True when the delegation has the capability. */
export function can(
  delegation: Pick<Delegation, 'kind' | 'roles'>,
  capability: Capability,
): boolean {
  return capabilitiesOf(delegation).has(capability);
}
