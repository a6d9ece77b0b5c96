/**
 * The workspace's keys (SPEC CW4), in one list: the handler, the page's list of shortcuts and the
 * controls' `aria-keyshortcuts` read it, so they cannot disagree.
 */
export const WORKSPACE_SHORTCUTS = {
  next: { keys: ['j', 'ArrowDown'], aria: 'J ArrowDown', says: 'Next amendment' },
  previous: { keys: ['k', 'ArrowUp'], aria: 'K ArrowUp', says: 'Previous amendment' },
  select: { keys: ['x'], aria: 'X', says: 'Select or unselect the amendment' },
  accept: { keys: ['a'], aria: 'A', says: 'Accept the amendment' },
  reject: { keys: ['r'], aria: 'R', says: 'Reject the amendment (asks for a reason)' },
  undo: { keys: ['u'], aria: 'U', says: 'Undo the decision on the amendment' },
  acceptSelected: {
    keys: ['A'],
    aria: 'Shift+A',
    says: 'Accept the selected amendments (asks first)',
  },
  rejectSelected: {
    keys: ['R'],
    aria: 'Shift+R',
    says: 'Reject the selected amendments (asks for a reason)',
  },
  search: { keys: ['/'], aria: '/', says: 'Search' },
} as const;

/** A workspace command. */
export type WorkspaceCommand = keyof typeof WORKSPACE_SHORTCUTS;

/** How a shortcut is printed: "j or ↓". */
export function keyLabel(command: WorkspaceCommand): string {
  const arrows: Record<string, string> = { ArrowDown: '↓', ArrowUp: '↑' };
  return WORKSPACE_SHORTCUTS[command].keys
    .map((k) => arrows[k] ?? (k === 'A' || k === 'R' ? `Shift+${k.toLowerCase()}` : k))
    .join(' or ');
}

/**
 * The command a key press asks for, or null. Keys typed into a field, or pressed with Ctrl, Alt
 * or Meta, are never commands.
 */
export function commandOf(event: {
  key: string;
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
  target: EventTarget | null;
}): WorkspaceCommand | null {
  if (event.ctrlKey || event.altKey || event.metaKey) return null;
  if (typesText(event.target)) return null;
  for (const [command, shortcut] of Object.entries(WORKSPACE_SHORTCUTS)) {
    if ((shortcut.keys as readonly string[]).includes(event.key))
      return command as WorkspaceCommand;
  }
  return null;
}

/** True when keys pressed in `target` are typing: a text field, a list box, an open dialog. */
function typesText(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.closest('dialog') !== null) return true;
  if (target instanceof HTMLInputElement)
    return !['checkbox', 'radio', 'button', 'submit'].includes(target.type);
  return target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}
