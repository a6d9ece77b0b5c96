import type { IncomingMessage } from 'node:http';

/**
 * True when a request's Origin may use this server: absent (not a browser, so no ambient
 * cookie to abuse), the server's own origin (by the Host header), or one configured in
 * ACCORD_ALLOWED_ORIGINS. Blocks cross-site WebSocket hijacking on top of SameSite cookies.
 */
export function isAllowedOrigin(req: IncomingMessage, allowed: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (allowed.includes(origin)) return true;
  const host = req.headers.host;
  if (!host) return false;
  return origin === `http://${host}` || origin === `https://${host}`;
}
