import type { MarkViewConstructor } from 'prosemirror-view';

/**
 * How a bracket is drawn in the text (NS7): a span whose "[" and "]" come from CSS (never
 * characters of the text). The CSS gives them words for screen readers, "bracketed by Germany"
 * and "end of bracket", from `data-by-name`: text nodes inside the mark would be caret stops
 * the browser could click into. `nameOf` gives a delegation's name (its id until known).
 */
export function bracketView(nameOf: (delegationId: string) => string): MarkViewConstructor {
  return (mark) => {
    const by = mark.attrs.by as string;
    const dom = document.createElement('span');
    dom.className = 'bracket';
    dom.dataset.bracketId = mark.attrs.id as string;
    dom.dataset.by = by;
    dom.dataset.byName = nameOf(by);
    dom.title = `Bracketed by ${nameOf(by)}`;
    return { dom };
  };
}
