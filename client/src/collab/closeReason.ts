import { CloseCode, RELOAD_CLOSE_CODES } from '@accord/shared';

/**
 * What to do after the server closed the socket:
 * - `transient`: let the provider reconnect (network loss, restart, server error);
 * - `reload`: the server refused something this copy of the document holds, so resending it is
 *   pointless; discard the local copy and load the document fresh;
 * - `stop`: reconnecting cannot help (no access, no such document); say why and stay put.
 *
 * `connect` looks at 4401 and 4403 first (accessClose.ts): they are answered by re-reading the
 * session, so their "stop" verdicts here only keep the provider from reconnecting on its own.
 */
export type CloseVerdict =
  { kind: 'transient' } | { kind: 'reload'; message: string } | { kind: 'stop'; message: string };

/** Classifies a WebSocket close by its code; `reason` is the server's own words, shown as detail. */
export function classifyClose(code: number, reason: string): CloseVerdict {
  const detail = reason.trim() === '' ? '' : ` (server: ${reason.trim()})`;
  if (RELOAD_CLOSE_CODES.has(code)) {
    return { kind: 'reload', message: `The server refused a change${detail}.` };
  }
  switch (code) {
    // An oversized message would be resent on every reconnect, exactly like a refused update.
    case CloseCode.TooLarge:
      return {
        kind: 'reload',
        message: `A change was too large for the server to accept${detail}.`,
      };
    case CloseCode.Unauthenticated:
      return {
        kind: 'stop',
        message: `You are not signed in, or your session has expired${detail}.`,
      };
    case CloseCode.Forbidden:
      return { kind: 'stop', message: `You do not have access to this document${detail}.` };
    case CloseCode.NotFound:
      return { kind: 'stop', message: `This document does not exist on the server${detail}.` };
    case CloseCode.Malformed:
      // The server could not read what this copy sent; the same copy would send it again.
      return {
        kind: 'reload',
        message: `The server could not read a change from this editor${detail}.`,
      };
    default:
      break;
  }
  // The rest of the 4400 range is a deliberate "no" from the server (y-websocket's convention).
  if (code >= 4400 && code < 4500) {
    return { kind: 'stop', message: `The server closed the connection${detail}.` };
  }
  return { kind: 'transient' };
}
