import type { Node } from 'prosemirror-model';
import { Plugin, PluginKey } from 'prosemirror-state';
import { Decoration, DecorationSet } from 'prosemirror-view';
import { STATUS_BLOCK_TYPES, type ParagraphStatus } from '@accord/shared';
import { isTextOnlyChange } from './textOnlyChange.js';

/** Plugin key of the status plugin; its state is the current decoration set. */
export const statusPluginKey = new PluginKey<DecorationSet>('accordStatus');

/** What the margin shows under a paragraph's label: short, for the narrow gutter. */
const MARGIN_WORDS: Record<ParagraphStatus['status'], string> = {
  agreed: 'Agreed',
  'agreed-ad-referendum': 'Ad ref.',
  bracketed: 'Bracketed',
  pending: 'Pending',
  held: 'Held',
};

/** Where the plugin reads the statuses from, and hears that they changed. */
export interface StatusSource {
  statuses(): readonly ParagraphStatus[];
  subscribe(listener: () => void): () => void;
  /** A delegation's name, for "Pending: Germany". */
  nameOf(delegationId: string): string;
}

/** The decorations: each paragraph with a status gets it on its running text, drawn by CSS. */
export function statusDecorations(doc: Node, source: StatusSource): DecorationSet {
  const byBlock = new Map(source.statuses().map((s) => [s.blockId, s]));
  if (byBlock.size === 0) return DecorationSet.empty;
  const decorations: Decoration[] = [];
  doc.descendants((node, pos) => {
    if (!STATUS_BLOCK_TYPES.has(node.type.name)) return node.type.name === 'goal';
    const status = byBlock.get(node.attrs.id as string);
    const body = node.firstChild;
    if (status && body) {
      const words =
        status.status === 'pending' && status.waitingFor
          ? `${MARGIN_WORDS.pending}: ${source.nameOf(status.waitingFor)}`
          : MARGIN_WORDS[status.status];
      decorations.push(
        Decoration.node(
          pos + 1,
          pos + 1 + body.nodeSize,
          { 'data-status': words, 'data-status-kind': status.status },
          { status: words },
        ),
      );
    }
    return false;
  });
  return DecorationSet.create(doc, decorations);
}

/**
 * Shows each paragraph's negotiation status (NS1) in the margin under its label, for every
 * reader, live: never part of the text. Typing only maps the decorations; a structural change or
 * new statuses draw them again.
 */
export function statusPlugin(source: StatusSource): Plugin<DecorationSet> {
  return new Plugin<DecorationSet>({
    key: statusPluginKey,
    state: {
      init: (_config, state) => statusDecorations(state.doc, source),
      apply: (tr, previous) => {
        if (tr.getMeta(statusPluginKey) === REDRAW) return statusDecorations(tr.doc, source);
        if (!tr.docChanged) return previous;
        if (isTextOnlyChange(tr)) return previous.map(tr.mapping, tr.doc);
        return statusDecorations(tr.doc, source);
      },
    },
    props: {
      decorations: (state) => statusPluginKey.getState(state),
    },
    view: (view) => {
      const unsubscribe = source.subscribe(() => {
        if (!view.isDestroyed) view.dispatch(view.state.tr.setMeta(statusPluginKey, REDRAW));
      });
      return { destroy: unsubscribe };
    },
  });
}

/** The meta of a transaction that only asks for the statuses to be drawn again. */
const REDRAW = 'redraw';
