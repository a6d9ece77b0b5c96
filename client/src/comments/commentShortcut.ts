/**
 * Ctrl/⌘+Alt+M starts a comment on the selected words. The editor binds Mod-Alt only with
 * Enter and F (structureShortcuts.ts), and the amendments panel takes Alt+Shift+A, so this
 * takes nothing from them. Read by physical key: on a Mac, Alt+M types "µ".
 */
export function isCommentShortcut(
  event: Pick<KeyboardEvent, 'altKey' | 'shiftKey' | 'ctrlKey' | 'metaKey' | 'code'>,
): boolean {
  return (
    event.altKey && !event.shiftKey && (event.ctrlKey || event.metaKey) && event.code === 'KeyM'
  );
}

/** The shortcut as `aria-keyshortcuts` names it (both platforms). */
export const COMMENT_SHORTCUT_ARIA = 'Control+Alt+M Meta+Alt+M';

/** The shortcut as people read it on this platform. */
export function commentShortcutLabel(): string {
  const mac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
  return mac ? '⌘⌥M' : 'Ctrl+Alt+M';
}
