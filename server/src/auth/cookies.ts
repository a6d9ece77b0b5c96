import type { IncomingMessage } from 'node:http';
import { parse, serialize } from 'cookie';

/** Name of the session cookie. */
export const SESSION_COOKIE = 'accord_session';

/** Reads one cookie from a request's Cookie header. */
export function readCookie(req: IncomingMessage, name: string): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  return parse(header)[name] ?? null;
}

/**
 * The Set-Cookie value of a session: httpOnly (no script reads it), SameSite=Strict (no other
 * site sends it, which also shuts the door on cross-site WebSocket hijacking), Secure when the
 * server is reached over https.
 */
export function sessionCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  return serialize(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    maxAge: maxAgeSeconds,
    secure,
  });
}

/** The Set-Cookie value that removes the session cookie. */
export function clearedSessionCookie(secure: boolean): string {
  return sessionCookie('', 0, secure);
}
