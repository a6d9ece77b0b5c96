import type { DecorationAttrs } from 'prosemirror-view';
import { cleanName, namesDelegation, safeColor } from '../presenceUser.js';

/** Awareness `user` fields as y-prosemirror hands them over (stamped by the server). */
interface RemoteUser {
  name?: unknown;
  color?: unknown;
  delegationName?: unknown;
}

/**
 * The caret of a colleague: a thin coloured bar with their name and delegation in a small flag
 * above it. Built with textContent only: the names are data, never markup.
 */
export function buildRemoteCursor(user: RemoteUser): HTMLElement {
  const color = safeColor(user.color);
  const caret = document.createElement('span');
  caret.className = 'remote-caret';
  caret.style.borderColor = color;
  const flag = document.createElement('span');
  flag.className = 'remote-caret-name';
  flag.style.backgroundColor = color;
  const person = document.createElement('span');
  person.className = 'remote-caret-person';
  const name = (typeof user.name === 'string' ? cleanName(user.name) : '') || 'Someone';
  person.textContent = name;
  flag.append(person);
  const delegation = typeof user.delegationName === 'string' ? cleanName(user.delegationName) : '';
  // "Delegate of Germany Germany" would say it twice.
  if (delegation !== '' && !namesDelegation(name, delegation)) {
    const from = document.createElement('span');
    from.className = 'remote-caret-delegation';
    from.textContent = delegation;
    flag.append(from);
  }
  // Word joiners keep the caret glued to the neighbouring characters so it never wraps alone.
  caret.append('\u2060', flag, '\u2060');
  return caret;
}

/** A colleague's selection: their colour, faint enough to read the text through it. */
export function buildRemoteSelection(user: RemoteUser): DecorationAttrs {
  return { class: 'remote-selection', style: `background-color: ${safeColor(user.color)}33` };
}
