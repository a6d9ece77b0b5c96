import type { Node } from 'prosemirror-model';
import { Plugin, PluginKey } from 'prosemirror-state';
import { Decoration, DecorationSet } from 'prosemirror-view';
import { deriveLabels, footnoteNumbers } from '@accord/shared';

/** Plugin key of the labels plugin; its state is the current decoration set. */
export const labelsPluginKey = new PluginKey<DecorationSet>('accordLabels');

/** Blocks whose derived label is shown in the margin. */
const MARGIN_LABELLED: ReadonlySet<string> = new Set([
  'preambular',
  'operative',
  'action',
  'list_item',
  'footnote',
]);

/**
 * Builds the decorations for the derived numbering. They are node attributes, not widgets: the
 * labels are drawn by CSS from `data-*` attributes, so nothing foreign sits inside the editable
 * text where it could trap the caret or be copied along with it.
 */
export function labelDecorations(doc: Node): DecorationSet {
  const labels = deriveLabels(doc);
  const numbers = footnoteNumbers(doc);
  const noteIds = new Set<string>();
  doc.lastChild?.forEach((note) => noteIds.add(note.attrs.id as string));
  const decorations: Decoration[] = [];
  doc.descendants((node, pos) => {
    const name = node.type.name;
    const id = node.attrs.id as string | null | undefined;
    const label = id ? labels.get(id) : undefined;
    if (label && MARGIN_LABELLED.has(name)) {
      decorations.push(Decoration.node(pos, pos + node.nodeSize, { 'data-label': label.short }));
    } else if (name === 'goal' && label) {
      const heading = node.firstChild;
      if (heading) {
        decorations.push(
          Decoration.node(pos + 1, pos + 1 + heading.nodeSize, { 'data-kicker': label.long }),
        );
      }
    } else if (name === 'footnote_ref') {
      const ref = node.attrs.ref as string;
      const n = numbers.get(ref);
      const known = n !== undefined && noteIds.has(ref);
      decorations.push(
        Decoration.node(pos, pos + node.nodeSize, {
          'data-n': n === undefined ? '?' : String(n),
          title: known ? `Footnote ${n}` : 'This marker points at a footnote that does not exist',
          class: known ? 'fn-known' : 'fn-missing',
        }),
      );
    }
    return true;
  });
  return DecorationSet.create(doc, decorations);
}

/**
 * Shows the labels delegates cite (PP3, OP1 (b), 2.3, fn 4) in the margin, "Priority Goal N"
 * above each goal title, and footnote numbers on markers. Labels are derived, never stored, so
 * they are recomputed whenever the document changes, whoever changed it.
 */
export function labelsPlugin(): Plugin<DecorationSet> {
  return new Plugin<DecorationSet>({
    key: labelsPluginKey,
    state: {
      init: (_config, state) => labelDecorations(state.doc),
      apply: (tr, previous) => (tr.docChanged ? labelDecorations(tr.doc) : previous),
    },
    props: {
      decorations: (state) => labelsPluginKey.getState(state),
    },
  });
}
