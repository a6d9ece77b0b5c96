import type { DecorationAttrs } from 'prosemirror-view';
import { cleanName, safeColor } from '../identity.js';

/** Awareness `user` fields as y-prosemirror hands them over: untrusted, from any client. */
interface RemoteUser {
  name?: unknown;
  color?: unknown;
}

/**
 * The caret of a colleague: a thin coloured bar with their name in a small flag above it.
 * Built with textContent only, because the name comes from another client.
 */
export function buildRemoteCursor(user: RemoteUser): HTMLElement {
  const color = safeColor(user.color);
  const caret = document.createElement('span');
  caret.className = 'remote-caret';
  caret.style.borderColor = color;
  const flag = document.createElement('span');
  flag.className = 'remote-caret-name';
  flag.style.backgroundColor = color;
  flag.textContent = typeof user.name === 'string' ? cleanName(user.name) : 'Someone';
  // Word joiners keep the caret glued to the neighbouring characters so it never wraps alone.
  caret.append('\u2060', flag, '\u2060');
  return caret;
}

/** A colleague's selection: their colour, faint enough to read the text through it. */
export function buildRemoteSelection(user: RemoteUser): DecorationAttrs {
  return { class: 'remote-selection', style: `background-color: ${safeColor(user.color)}33` };
}
