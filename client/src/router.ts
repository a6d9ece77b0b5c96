import { useMemo, useSyncExternalStore, type MouseEvent } from 'react';
import { isDocumentId } from '@accord/shared';

/** The pages of the app: `/` lists the documents, `/d/<id>` opens one. */
export type Route =
  | { page: 'documents' }
  | { page: 'editor'; documentId: string }
  | { page: 'not-found'; path: string };

/** Reads a path as a route; malformed document ids are "not found", never sent to the server. */
export function parseRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { page: 'documents' };
  const match = /^\/d\/([^/]+)\/?$/.exec(pathname);
  if (match?.[1] !== undefined) {
    let id: string;
    try {
      id = decodeURIComponent(match[1]);
    } catch {
      return { page: 'not-found', path: pathname };
    }
    if (isDocumentId(id)) return { page: 'editor', documentId: id };
  }
  return { page: 'not-found', path: pathname };
}

/** The path of a document's editor page. */
export function documentPath(documentId: string): string {
  return `/d/${encodeURIComponent(documentId)}`;
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

/** Goes to `path` inside the app without reloading the page. */
export function navigate(path: string): void {
  if (path === window.location.pathname + window.location.search) return;
  window.history.pushState(null, '', path);
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
