import {
  sessionViewSchema,
  type Capability,
  type SessionView,
  type SignInRequest,
} from '@accord/shared';
import { ApiError, requestJson, requestNothing } from './http.js';

/**
 * Who is signed in, for which delegation, and what that delegation may do (the shared
 * `SessionView`). The server decides and enforces all of it; the client uses it to show only
 * what will work.
 */
export type Session = SessionView;

/** The signed-in person as the server describes them. */
export type SessionPerson = SessionView['person'];

/** True when the session carries the capability. */
export function has(session: Session, capability: Capability): boolean {
  return session.capabilities.includes(capability);
}

/** `GET /api/session`: the current session, or null when nobody is signed in (401). */
export async function fetchSession(signal?: AbortSignal): Promise<Session | null> {
  try {
    return await requestJson('/api/session', sessionViewSchema, 'session', {
      signal,
      signedIn: false,
    });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

/** `POST /api/session`: signs in; rejects with the server's message (e.g. a wrong password). */
export async function signIn(username: string, password: string): Promise<Session> {
  const body: SignInRequest = { username, password };
  return requestJson('/api/session', sessionViewSchema, 'session', {
    method: 'POST',
    body,
    signedIn: false,
  });
}

/** `DELETE /api/session`: signs out (the server clears the cookie). */
export async function signOut(): Promise<void> {
  await requestNothing('/api/session', { method: 'DELETE', signedIn: false });
}
