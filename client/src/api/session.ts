import type { Capability, Delegation } from '@accord/shared';
import { ApiError, requestJson } from './http.js';
import { readDelegation } from './delegations.js';
import { isRecord, isString, readOne } from './shape.js';

/** The signed-in person as the server describes them. */
export interface SessionPerson {
  id: string;
  username: string;
  displayName: string;
  /**
   * The presence colour the server gives this person, when it says (others see it on the
   * person's cursor); null when the session does not carry it.
   */
  color: string | null;
}

/**
 * Who is signed in, for which delegation, and what that delegation may do. The server decides
 * and enforces all of it; the client uses it to show only what will work.
 */
export interface Session {
  person: SessionPerson;
  delegation: Delegation;
  capabilities: Capability[];
}

const CAPABILITIES: readonly Capability[] = [
  'text.read',
  'text.edit',
  'presence.send',
  'participants.manage',
  'audit.read',
];

function isCapability(value: unknown): value is Capability {
  return (CAPABILITIES as readonly unknown[]).includes(value);
}

function readSession(body: unknown): Session | null {
  if (!isRecord(body) || !isRecord(body.person) || !Array.isArray(body.capabilities)) return null;
  const { id, username, displayName } = body.person;
  if (!isString(id) || !isString(username) || !isString(displayName)) return null;
  const delegation = readDelegation(body.delegation);
  if (!delegation) return null;
  return {
    person: {
      id,
      username,
      displayName,
      color:
        isString(body.person.color) && /^#[0-9a-fA-F]{6}$/.test(body.person.color)
          ? body.person.color
          : null,
    },
    delegation,
    capabilities: body.capabilities.filter(isCapability),
  };
}

/** Reads a session answer (sign-in, invitation accepted, "who am I"). */
export function sessionFrom(body: unknown): Session {
  return readOne(body, readSession, 'session');
}

/** True when the session carries the capability. */
export function has(session: Session, capability: Capability): boolean {
  return session.capabilities.includes(capability);
}

/** `GET /api/session`: the current session, or null when nobody is signed in (401). */
export async function fetchSession(signal?: AbortSignal): Promise<Session | null> {
  try {
    return sessionFrom(await requestJson('/api/session', { signal, signedIn: false }));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

/** `POST /api/session`: signs in; rejects with the server's message (e.g. a wrong password). */
export async function signIn(username: string, password: string): Promise<Session> {
  const body = await requestJson('/api/session', {
    method: 'POST',
    body: { username, password },
    signedIn: false,
  });
  return sessionFrom(body);
}

/** `DELETE /api/session`: signs out (the server clears the cookie). */
export async function signOut(): Promise<void> {
  await requestJson('/api/session', { method: 'DELETE', signedIn: false });
}
