import { useSyncExternalStore } from 'react';
import { errorMessage, onSessionEnded } from '../api/http.js';
import { fetchSession, signOut, type Session } from '../api/session.js';

/** Where the app stands with the server: it decides who is signed in, never the browser. */
export type SessionState =
  | { status: 'loading' }
  | { status: 'signed-in'; session: Session }
  /** `notice` says why, when the session ended on its own (shown on the sign-in page). */
  | { status: 'signed-out'; notice: string | null }
  /** The server could not be asked (network, server error): nothing is known yet. */
  | { status: 'unreachable'; message: string };

/** What the sign-in page says after a session ended under an open page. */
export const SESSION_ENDED = 'Your session has ended; please sign in again.';

let state: SessionState = { status: 'loading' };
let loading: Promise<void> | null = null;
const listeners = new Set<() => void>();

function set(next: SessionState): void {
  // A re-check that finds the same session keeps the same object, so nothing re-renders.
  if (JSON.stringify(next) === JSON.stringify(state)) return;
  state = next;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The session state now, outside React. */
export function getSessionState(): SessionState {
  return state;
}

/** The session state, re-rendering when it changes. */
export function useSessionState(): SessionState {
  return useSyncExternalStore(subscribe, getSessionState);
}

/** Asks the server who is signed in (at start-up, and on "Try again"). */
export function loadSession(): Promise<void> {
  if (state.status === 'unreachable') set({ status: 'loading' });
  loading ??= fetchSession()
    .then((session) => {
      set(session ? { status: 'signed-in', session } : { status: 'signed-out', notice: null });
    })
    .catch((error: unknown) => {
      set({ status: 'unreachable', message: errorMessage(error) });
    })
    .finally(() => {
      loading = null;
    });
  return loading;
}

/** Records the session the server just opened (sign-in, accepted invitation). */
export function startSession(session: Session): void {
  set({ status: 'signed-in', session });
}

/** The session ended under the page: every page sends the person to sign in again. */
function sessionEnded(): void {
  if (state.status === 'signed-in') set({ status: 'signed-out', notice: SESSION_ENDED });
  else if (state.status !== 'signed-out') set({ status: 'signed-out', notice: null });
}

onSessionEnded(sessionEnded);

/**
 * Asks the server again, after something suggests the session or its rights changed (a socket
 * refused or closed with 4401/4403). Resolves to the session as it is now, null when it has
 * ended (the app then goes to the sign-in page), or undefined when the server could not be
 * asked (nothing changes then; the caller tries again later).
 */
export async function recheckSession(): Promise<Session | null | undefined> {
  try {
    const session = await fetchSession();
    if (session) set({ status: 'signed-in', session });
    else sessionEnded();
    return session;
  } catch {
    return undefined;
  }
}

/**
 * Signs out on the server, then here. If the server cannot be reached this rejects and nothing
 * changes: showing the sign-in page while the cookie still works would be a false reassurance.
 */
export async function signOutNow(): Promise<void> {
  await signOut();
  set({ status: 'signed-out', notice: 'You have signed out.' });
}

/** How often, at most, returning to the tab asks the server about the session. */
const RETURN_CHECK_INTERVAL_MS = 30_000;

/**
 * Re-reads the session whenever the person comes back to the tab: a session that expired
 * meanwhile shows the sign-in page at once, and rights granted meanwhile take effect.
 */
export function watchSessionOnReturn(): void {
  let last = Date.now();
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState !== 'visible' || state.status !== 'signed-in') return;
    if (Date.now() - last < RETURN_CHECK_INTERVAL_MS) return;
    last = Date.now();
    void recheckSession();
  });
}
