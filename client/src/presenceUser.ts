/**
 * How a person appears to colleagues: in the list of people present and on their cursor. The
 * server stamps every awareness state's `user` with the session's identity, so these fields
 * are the server's words; they are still read defensively, being rendered in other browsers.
 */
export interface PresenceUser {
  name: string;
  color: string;
  personId: string;
  delegationId: string;
  delegationName: string;
}

const COLOR_PATTERN = /^#[0-9a-fA-F]{6}$/;
/** Names longer than this would break the header and cursor labels. */
export const MAX_NAME_LENGTH = 60;

/** Trims and shortens a name received from the server or another client. */
export function cleanName(name: string): string {
  return name.replace(/\s+/g, ' ').trim().slice(0, MAX_NAME_LENGTH);
}

/** A colour as y-prosemirror accepts it (six-digit hex), or a neutral grey. */
export function safeColor(color: unknown): string {
  return typeof color === 'string' && COLOR_PATTERN.test(color) ? color : '#6b7280';
}

function text(value: unknown): string {
  return typeof value === 'string' ? cleanName(value) : '';
}

/** Reads an awareness state's `user` field; null when it names nobody. */
export function readPresenceUser(state: unknown): PresenceUser | null {
  if (typeof state !== 'object' || state === null) return null;
  const user = (state as { user?: unknown }).user;
  if (typeof user !== 'object' || user === null) return null;
  const fields = user as Record<string, unknown>;
  const name = text(fields.name);
  if (name === '') return null;
  return {
    name,
    color: safeColor(fields.color),
    personId: text(fields.personId),
    delegationId: text(fields.delegationId),
    delegationName: text(fields.delegationName),
  };
}

/** True when a person's name already says their delegation ("Delegate of Germany"). */
export function namesDelegation(name: string, delegationName: string): boolean {
  return (
    delegationName !== '' && name.toLocaleLowerCase().includes(delegationName.toLocaleLowerCase())
  );
}

/**
 * A person with their delegation, as one phrase: "Klaus Weber (Germany)", but "Delegate of
 * Germany" alone rather than "Delegate of Germany (Germany)".
 */
export function personWithDelegation(name: string, delegationName: string): string {
  return delegationName === '' || namesDelegation(name, delegationName)
    ? name
    : `${name} (${delegationName})`;
}
