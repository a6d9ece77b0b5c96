/**
 * Alt+Shift+A focuses the amendments panel. The editor binds Alt only with arrows, Backspace
 * and Delete (editorKeymap.ts, structureShortcuts.ts), so this takes nothing from it. Read by
 * physical key: on a Mac, Alt+Shift+A types "Å".
 */
export function isPanelShortcut(
  event: Pick<KeyboardEvent, 'altKey' | 'shiftKey' | 'ctrlKey' | 'metaKey' | 'code'>,
): boolean {
  return (
    event.altKey && event.shiftKey && !event.ctrlKey && !event.metaKey && event.code === 'KeyA'
  );
}

/** The shortcut as `aria-keyshortcuts` names it. */
export const PANEL_SHORTCUT_ARIA = 'Alt+Shift+A';
