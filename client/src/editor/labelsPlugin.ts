import type { Node } from 'prosemirror-model';
import { Plugin, PluginKey, type EditorState } from 'prosemirror-state';
import { Decoration, DecorationSet } from 'prosemirror-view';
import { deriveLabels, footnoteNumbers, type BlockLabel } from '@accord/shared';
import { isTextOnlyChange } from './textOnlyChange.js';
import type { LabelSource } from './roundLabelSource.js';

/** Plugin key of the labels plugin; its state is the current decoration set. */
export const labelsPluginKey = new PluginKey<DecorationSet>('accordLabels');

/** Blocks whose derived label is shown in the margin. */
const MARGIN_LABELLED: ReadonlySet<string> = new Set([
  'preambular',
  'operative',
  'action',
  'footnote',
]);

/** "(b)" of a list item's label "OP1 (b)": how negotiators print the item. */
function itemLetter(short: string): string {
  return /\([a-z]+\)$/.exec(short)?.[0] ?? '';
}

/**
 * The heading between the preamble and the operative part. Not part of the text: the caret
 * passes over it and it is never copied or sent.
 */
function partHeading(): HTMLElement {
  const heading = document.createElement('div');
  heading.className = 'part-heading';
  heading.contentEditable = 'false';
  heading.textContent = 'Operative part';
  return heading;
}

/**
 * Builds the decorations for the derived numbering. They are node attributes, not widgets: the
 * labels are drawn by CSS from `data-*` attributes, so nothing foreign sits inside the editable
 * text where it could trap the caret or be copied along with it.
 */
export function labelDecorations(
  doc: Node,
  labelsOf: (doc: Node) => Map<string, BlockLabel> = deriveLabels,
): DecorationSet {
  const labels = labelsOf(doc);
  const numbers = footnoteNumbers(doc);
  const noteIds = new Set<string>();
  doc.lastChild?.forEach((note) => noteIds.add(note.attrs.id as string));
  const decorations: Decoration[] = [];
  let operativeSeen = false;
  doc.forEach((block, offset) => {
    if (operativeSeen || block.type.name !== 'operative') return;
    operativeSeen = true;
    decorations.push(
      Decoration.widget(offset, partHeading, {
        side: -1,
        key: 'operative-part',
        ignoreSelection: true,
      }),
    );
  });
  doc.descendants((node, pos) => {
    const name = node.type.name;
    const id = node.attrs.id as string | null | undefined;
    const label = id ? labels.get(id) : undefined;
    if (label && name === 'list_item') {
      // The full label stays for citing ("OP1 (b)"); the item shows its letter, as printed.
      decorations.push(
        Decoration.node(
          pos,
          pos + node.nodeSize,
          { 'data-label': label.short, 'data-item': itemLetter(label.short) },
          { label: label.short },
        ),
      );
    } else if (label && MARGIN_LABELLED.has(name)) {
      decorations.push(
        Decoration.node(
          pos,
          pos + node.nodeSize,
          { 'data-label': label.short },
          { label: label.short },
        ),
      );
    } else if (name === 'goal' && label) {
      const heading = node.firstChild;
      decorations.push(Decoration.node(pos, pos + node.nodeSize, {}, { label: label.short }));
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
 * Shows the labels delegates cite (PP3, 2.3, fn 4) in the margin, list items lettered "(a)",
 * "(b)" as printed, "Priority Goal N" above each goal title, the start of the operative part,
 * and footnote numbers on markers. Labels are never stored in the text, so they are recomputed
 * whenever its structure changes, whoever changed it: by `source` (the round's labels, SL) when
 * given, which may also ask for them to be recomputed (its server answer arrived), otherwise the
 * text's own numbering.
 */
export function labelsPlugin(source?: LabelSource): Plugin<DecorationSet> {
  const labelsOf = source ? (doc: Node) => source.labelsOf(doc) : deriveLabels;
  return new Plugin<DecorationSet>({
    key: labelsPluginKey,
    state: {
      init: (_config, state) => labelDecorations(state.doc, labelsOf),
      apply: (tr, previous) => {
        if (tr.getMeta(labelsPluginKey) === RELABEL) return labelDecorations(tr.doc, labelsOf);
        if (!tr.docChanged) return previous;
        // Typing changes no label: the labels are only mapped, not computed again for 30 pages.
        if (isTextOnlyChange(tr)) return previous.map(tr.mapping, tr.doc);
        source?.structureChanged();
        return labelDecorations(tr.doc, labelsOf);
      },
    },
    props: {
      decorations: (state) => labelsPluginKey.getState(state),
    },
    view: (view) => {
      const unsubscribe = source?.subscribe(() => {
        if (!view.isDestroyed) view.dispatch(view.state.tr.setMeta(labelsPluginKey, RELABEL));
      });
      return { destroy: () => unsubscribe?.() };
    },
  });
}

/** The meta of a transaction that only asks for the labels to be computed again. */
const RELABEL = 'relabel';

/** The label ("OP3") the labels plugin shows for the block that starts at `pos`, if any. */
export function labelAt(state: EditorState, pos: number): string | null {
  const set = labelsPluginKey.getState(state);
  const found = set?.find(pos, pos + 1, (spec: { label?: string }) => spec.label !== undefined);
  const own = found?.find((d) => d.from === pos);
  return (own?.spec as { label?: string } | undefined)?.label ?? null;
}

/** The label ("OP3") the labels plugin shows for block `blockId`, if any. */
export function labelOfBlockId(state: EditorState, blockId: string): string | null {
  let found: string | null = null;
  state.doc.descendants((node, pos) => {
    if (found !== null) return false;
    if (node.attrs.id === blockId) found = labelAt(state, pos);
    return found === null;
  });
  return found;
}
