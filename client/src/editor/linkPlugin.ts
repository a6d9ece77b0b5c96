import type { Mark, ResolvedPos } from 'prosemirror-model';
import { Plugin, PluginKey, type EditorState } from 'prosemirror-state';
import type { EditorView, MarkViewConstructor } from 'prosemirror-view';
import { isAllowedHref } from '@accord/shared';

/** Plugin key of the link plugin. */
export const linkPluginKey = new PluginKey('accordLinks');

/** The link mark at the caret (on either side of it), if any. */
export function linkAt($pos: ResolvedPos): Mark | null {
  const marks = [...($pos.nodeBefore?.marks ?? []), ...($pos.nodeAfter?.marks ?? [])];
  return marks.find((m) => m.type.name === 'link') ?? null;
}

/** The link the collapsed caret is in, or null. */
function caretLink(state: EditorState): string | null {
  if (!state.selection.empty) return null;
  const href = linkAt(state.selection.$from)?.attrs.href;
  return typeof href === 'string' && isAllowedHref(href) ? href : null;
}

/** Opens a link target in a new tab, never in place of the document. */
function open(href: string): void {
  if (isAllowedHref(href)) window.open(href, '_blank', 'noopener,noreferrer');
}

/**
 * Links drawn as links, their target shown on hover (the title says where it goes and how to
 * open it).
 */
export const linkMarkView: MarkViewConstructor = (mark) => {
  const dom = document.createElement('a');
  const href = String(mark.attrs.href);
  dom.href = href;
  dom.rel = 'noopener noreferrer nofollow';
  dom.target = '_blank';
  dom.title = `${href} — Ctrl-click (⌘-click) to open`;
  return { dom };
};

/** The small box under a link the caret is in: its target, as a link that opens in a new tab. */
function popupView(view: EditorView) {
  const box = document.createElement('div');
  box.className = 'link-popup';
  box.hidden = true;
  const label = document.createElement('span');
  label.className = 'link-popup-label';
  label.textContent = 'Link:';
  const anchor = document.createElement('a');
  anchor.className = 'link-popup-href';
  anchor.target = '_blank';
  anchor.rel = 'noopener noreferrer nofollow';
  box.append(label, ' ', anchor);
  const host = view.dom.parentElement;
  host?.append(box);
  const update = (current: EditorView) => {
    // Reached with Tab from the text, the box stays while its link has the focus.
    if (box.contains(document.activeElement)) return;
    const href = current.hasFocus() ? caretLink(current.state) : null;
    if (href === null || !host) {
      box.hidden = true;
      return;
    }
    anchor.href = href;
    anchor.textContent = href;
    const at = current.coordsAtPos(current.state.selection.from);
    const frame = host.getBoundingClientRect();
    box.style.left = `${Math.max(0, at.left - frame.left)}px`;
    box.style.top = `${at.bottom - frame.top + 6}px`;
    box.hidden = false;
  };
  // The box must stay while the pointer moves onto it, so blur hides it only after a click
  // elsewhere has had its chance.
  const onBlur = () => setTimeout(() => update(view), 200);
  view.dom.addEventListener('blur', onBlur);
  anchor.addEventListener('blur', onBlur);
  return {
    update,
    destroy() {
      view.dom.removeEventListener('blur', onBlur);
      box.remove();
    },
  };
}

/**
 * Links while editing: a plain click places the caret (it never navigates away from the
 * document); Ctrl-click (⌘-click) opens the target in a new tab, and so does the small box that
 * shows the target while the caret is in the link (reachable from the keyboard).
 */
export function linkPlugin(): Plugin {
  return new Plugin({
    key: linkPluginKey,
    view: popupView,
    props: {
      markViews: { link: linkMarkView },
      handleClick(view, pos, event) {
        const href = linkAt(view.state.doc.resolve(pos))?.attrs.href;
        if (typeof href !== 'string') return false;
        if (event.ctrlKey || event.metaKey) {
          open(href);
          return true;
        }
        return false;
      },
      handleDOMEvents: {
        click(view, event) {
          // While editing, a plain click on a link only places the caret; Ctrl-click opens it
          // (handled above). A read-only text follows links as any page does (in a new tab).
          const target = event.target as HTMLElement | null;
          if (view.editable && target?.closest('a') && !(event.ctrlKey || event.metaKey))
            event.preventDefault();
          return false;
        },
      },
    },
  });
}
