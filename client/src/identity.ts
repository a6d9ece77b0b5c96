/** How a person appears to colleagues: in the presence list and on their cursor. */
export interface PresenceUser {
  name: string;
  color: string;
}

/** The local person's identity, kept on this device until sign-in exists. */
export interface Identity extends PresenceUser {
  /** False until the person has confirmed (or typed) a name once; until then we ask. */
  confirmed: boolean;
}

/**
 * Cursor and presence colours: distinguishable, calm, and dark enough for white label text
 * (contrast at least 4.5:1). Six-digit hex because y-prosemirror accepts no other form.
 */
export const PALETTE: readonly string[] = [
  '#1f5fa8',
  '#a23b2a',
  '#2f7d4f',
  '#7a4fa0',
  '#a85400',
  '#0f7377',
  '#a8326e',
  '#5b6b1e',
  '#3f51b5',
  '#7d5a36',
];

const STORAGE_KEY = 'accord.identity.v1';
const COLOR_PATTERN = /^#[0-9a-fA-F]{6}$/;
/** Names longer than this would break the header and cursor labels. */
export const MAX_NAME_LENGTH = 40;

/** Trims and shortens a name typed by a person or received from another client. */
export function cleanName(name: string): string {
  return name.replace(/\s+/g, ' ').trim().slice(0, MAX_NAME_LENGTH);
}

/** A colour from the palette, or a neutral grey when a remote client sends something else. */
export function safeColor(color: unknown): string {
  return typeof color === 'string' && COLOR_PATTERN.test(color) ? color : '#6b7280';
}

/** Reads a remote awareness state's `user` field, which any client can fill with anything. */
export function readPresenceUser(state: unknown): PresenceUser | null {
  if (typeof state !== 'object' || state === null) return null;
  const user = (state as { user?: unknown }).user;
  if (typeof user !== 'object' || user === null) return null;
  const { name, color } = user as { name?: unknown; color?: unknown };
  if (typeof name !== 'string' || cleanName(name) === '') return null;
  return { name: cleanName(name), color: safeColor(color) };
}

function pick<T>(items: readonly T[]): T {
  const item = items[Math.floor(Math.random() * items.length)];
  if (item === undefined) throw new Error('cannot pick from an empty list');
  return item;
}

function freshIdentity(): Identity {
  return {
    name: `Guest ${10 + Math.floor(Math.random() * 90)}`,
    color: pick(PALETTE),
    confirmed: false,
  };
}

/** The identity stored on this device, or a new guest identity (stored at once, so it stays put). */
export function loadIdentity(): Identity {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    if (raw !== null) {
      const parsed = JSON.parse(raw) as { name?: unknown; color?: unknown; confirmed?: unknown };
      if (typeof parsed.name === 'string' && cleanName(parsed.name) !== '') {
        return {
          name: cleanName(parsed.name),
          color: safeColor(parsed.color),
          confirmed: parsed.confirmed === true,
        };
      }
    }
  } catch {
    // Storage can be unavailable (private mode) or hold junk; a guest identity is fine then.
  }
  const identity = freshIdentity();
  saveIdentity(identity);
  return identity;
}

/** Keeps the identity on this device. */
export function saveIdentity(identity: Identity): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(identity));
  } catch {
    // Not fatal: the name simply will not survive a reload.
  }
}
