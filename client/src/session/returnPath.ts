/**
 * Where to go back after signing in. Only a path of this site is accepted: `?next=` comes from
 * the address bar, and an outside address there would make the sign-in page a springboard.
 */
export function returnPathFrom(search: string): string {
  const next = new URLSearchParams(search).get('next');
  if (next === null || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) {
    return '/';
  }
  if (next === '/signin' || next.startsWith('/signin?') || next.startsWith('/invite/')) return '/';
  return next;
}

/** The sign-in page's address, remembering `returnTo` (a path with its query) if it is not `/`. */
export function signInPath(returnTo: string): string {
  return returnTo === '/' || returnTo === ''
    ? '/signin'
    : `/signin?next=${encodeURIComponent(returnTo)}`;
}
