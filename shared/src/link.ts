/** The only link schemes a declaration may carry: a link is a reference, never a script. */
export const ALLOWED_LINK_SCHEMES: readonly string[] = ['http:', 'https:', 'mailto:'];

/** Longest link target accepted; longer ones are refused rather than truncated. */
export const MAX_HREF_LENGTH = 2048;

/** True when `href` is an absolute http, https or mailto URL of reasonable length. */
export function isAllowedHref(href: string): boolean {
  if (href.length === 0 || href.length > MAX_HREF_LENGTH) return false;
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return false;
  }
  return ALLOWED_LINK_SCHEMES.includes(url.protocol);
}
