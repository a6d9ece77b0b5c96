import { useMemo, useSyncExternalStore, type MouseEvent } from 'react';
import { isDocumentId } from '@accord/shared';

/**
 * The pages of the app: `/` lists the documents, `/d/<id>` opens one, `/secretariat` manages
 * participants; `/signin` and `/invite/<token>` are the only pages open without a session.
 */
export type Route =
  | { page: 'documents' }
  | { page: 'editor'; documentId: string }
  /** The delegation's working copy of a document, drafted with track changes (issue 7). */
  | { page: 'draft'; documentId: string }
  /** Every amendment to a document side by side with the text (two-column view). */
  | { page: 'amendments'; documentId: string }
  /** The redline between two versions of a document, or a version and the live text (issue 9). */
  | { page: 'compare'; documentId: string }
  /** The consolidation workspace: the round's amendments and the pen-holders' decisions (issue 10). */
  | { page: 'consolidation'; documentId: string }
  | { page: 'secretariat' }
  /** The negotiation's rounds, phases and deadlines; pen-holders plan them here (issue 9). */
  | { page: 'rounds' }
  /** Who responded in a round (pen-holders). */
  | { page: 'tracker'; roundId: string }
  /** The silence procedure: its state live, breaks of silence, the Chair's controls (issue 9). */
  | { page: 'silence' }
  | { page: 'signin' }
  | { page: 'invite'; token: string }
  | { page: 'not-found'; path: string };

/** Pages anyone may open; every other page needs a session. */
export function isPublic(route: Route): boolean {
  return route.page === 'signin' || route.page === 'invite';
}

/** The decoded path segment `match[1]`, or null when it is not valid percent-encoding. */
function segment(match: RegExpExecArray | null): string | null {
  if (match?.[1] === undefined) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return null;
  }
}

/** Reads a path as a route; malformed document ids are "not found", never sent to the server. */
export function parseRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { page: 'documents' };
  if (/^\/signin\/?$/.test(pathname)) return { page: 'signin' };
  if (/^\/secretariat\/?$/.test(pathname)) return { page: 'secretariat' };
  if (/^\/rounds\/?$/.test(pathname)) return { page: 'rounds' };
  if (/^\/silence\/?$/.test(pathname)) return { page: 'silence' };
  const roundId = segment(/^\/rounds\/([^/]+)\/tracker\/?$/.exec(pathname));
  if (roundId !== null && roundId !== '') return { page: 'tracker', roundId };
  const id = segment(/^\/d\/([^/]+)\/?$/.exec(pathname));
  if (id !== null && isDocumentId(id)) return { page: 'editor', documentId: id };
  const sub = /^\/d\/([^/]+)\/(draft|amendments|compare|consolidation)\/?$/.exec(pathname);
  const subId = segment(sub);
  if (sub && subId !== null && isDocumentId(subId))
    return {
      page: sub[2] as 'draft' | 'amendments' | 'compare' | 'consolidation',
      documentId: subId,
    };
  const token = segment(/^\/invite\/([^/]+)\/?$/.exec(pathname));
  if (token !== null && token !== '') return { page: 'invite', token };
  return { page: 'not-found', path: pathname };
}

/** The path of a document's editor page. */
export function documentPath(documentId: string): string {
  return `/d/${encodeURIComponent(documentId)}`;
}

/** The path of the delegation's working copy of a document. */
export function draftPath(documentId: string): string {
  return `${documentPath(documentId)}/draft`;
}

/** The path of a round's feedback tracker. */
export function trackerPath(roundId: string): string {
  return `/rounds/${encodeURIComponent(roundId)}/tracker`;
}

/** The path of the comparison of a document's versions. */
export function comparePath(documentId: string): string {
  return `${documentPath(documentId)}/compare`;
}

/** The path of a document's consolidation workspace (pen-holders). */
export function consolidationPath(documentId: string): string {
  return `${documentPath(documentId)}/consolidation`;
}

/** The path of the two-column view of a document's amendments. */
export function amendmentsPath(documentId: string): string {
  return `${documentPath(documentId)}/amendments`;
}

const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

/** The current path with its query, as a place to come back to. */
export function currentPath(): string {
  return window.location.pathname + window.location.search;
}

/**
 * Goes to `path` inside the app without reloading the page. `replace` swaps the current entry
 * (redirects), so that "back" does not return to a page that would only redirect again.
 */
export function navigate(path: string, { replace = false } = {}): void {
  if (path === currentPath()) return;
  if (replace) window.history.replaceState(null, '', path);
  else window.history.pushState(null, '', path);
  window.scrollTo(0, 0);
  for (const listener of listeners) listener();
}

/**
 * Click handler for in-app links: plain left clicks navigate in place; modified clicks (new tab,
 * new window) keep the browser's own behaviour.
 */
export function followLink(event: MouseEvent<HTMLAnchorElement>): void {
  if (event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(event.currentTarget.getAttribute('href') ?? '/');
}

/** The current route; re-renders on navigation and on the browser's back and forward. */
export function useRoute(): Route {
  const pathname = useSyncExternalStore(subscribe, () => window.location.pathname);
  return useMemo(() => parseRoute(pathname), [pathname]);
}
