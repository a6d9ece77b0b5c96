import { createHash, randomBytes } from 'node:crypto';

/** A new secret token (256 bits, base64url): session cookies and invitation links. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * What the database keeps of a token: its SHA-256. A leaked database does not hand out live
 * sessions or unused invitations.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
