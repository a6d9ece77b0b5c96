import type { Node } from 'prosemirror-model';
import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state';
import { Mapping, StepMap } from 'prosemirror-transform';
import { Decoration, DecorationSet } from 'prosemirror-view';
import { AMENDABLE_TYPES, blockText, textNodeOf } from '@accord/shared';
import { blockTrackMarks, deletedBlocks, type BaseIndex, type TrackMark } from './trackChanges.js';

/** Plugin key of the track changes plugin; `setBase` dispatches the base's texts under it. */
export const trackChangesKey = new PluginKey<TrackState>('accordTrackChanges');

/** What the plugin remembers of one block of the working copy, to skip it when unchanged. */
interface BlockEntry {
  text: string;
  baseText: string | null;
  /** How many decorations it placed, to notice ones a structural edit dropped. */
  count: number;
}

/** The plugin's state: the decorations, and per block what they were computed from. */
export interface TrackState {
  set: DecorationSet;
  base: BaseIndex | null;
  entries: ReadonlyMap<string, BlockEntry>;
  /** The working copy's amendable block ids in order, to notice added or removed blocks. */
  ids: readonly string[];
}

/**
 * What one of the plugin's decorations shows, and for which block, so one block's can be found
 * and replaced (and tests can read them).
 */
export interface TrackSpec {
  blockId: string;
  role: 'ins' | 'del' | 'new-block' | 'deleted-block';
  /** The deleted text (`del`, `deleted-block`). */
  text?: string;
}

const ownedBy = (id: string) => (spec: TrackSpec) =>
  spec.blockId === id && spec.role !== 'deleted-block';
const isDeletedBlock = (spec: TrackSpec) => spec.role === 'deleted-block';

/** Every amendable block with an id, in the order `textBlocks` reads them, with its position. */
function eachBlock(doc: Node, visit: (id: string, node: Node, pos: number) => void): void {
  const walk = (parent: Node, start: number) => {
    parent.forEach((child, offset) => {
      const pos = start + offset;
      const id = child.attrs.id as string | null | undefined;
      if (child.type.name === 'list') walk(child, pos + 1);
      else if (AMENDABLE_TYPES.has(child.type.name) && id) {
        visit(id, child, pos);
        walk(child, pos + 1);
      } else if (child.type.name === 'footnotes') walk(child, pos + 1);
      else if (!child.isTextblock && child.type.name !== 'goal_title') walk(child, pos + 1);
    });
  };
  walk(doc, 0);
}

/** The document position of offset 0 of a block's text. */
function textStart(block: Node, pos: number): number {
  const node = textNodeOf(block);
  return node === block ? pos + 1 : pos + 2;
}

/** Struck-through text, announced as deleted. */
function deletionWidget(text: string, className: string): () => HTMLElement {
  return () => {
    const del = document.createElement('del');
    del.className = className;
    del.contentEditable = 'false';
    del.textContent = text;
    return del;
  };
}

/** The decorations of one block's marks, positioned in the document. */
function blockDecorations(
  id: string,
  block: Node,
  pos: number,
  marks: readonly TrackMark[],
  isNew: boolean,
): Decoration[] {
  const start = textStart(block, pos);
  const out: Decoration[] = [];
  if (isNew) {
    const spec: TrackSpec = { blockId: id, role: 'new-block' };
    out.push(Decoration.node(pos, pos + block.nodeSize, { class: 'tc-new-block' }, spec));
  }
  for (const mark of marks) {
    if (mark.kind === 'insert') {
      out.push(
        Decoration.inline(
          start + mark.from,
          start + mark.to,
          { nodeName: 'ins', class: 'tc-ins' },
          { blockId: id, role: 'ins' } satisfies TrackSpec,
        ),
      );
    } else {
      out.push(
        Decoration.widget(start + mark.at, deletionWidget(mark.text, 'tc-del'), {
          ...({ blockId: id, role: 'del', text: mark.text } satisfies TrackSpec),
          side: -1,
          marks: [],
          ignoreSelection: true,
          key: `del:${id}:${mark.at}:${mark.text}`,
        }),
      );
    }
  }
  return out;
}

/** The widgets of the base's blocks the working copy deleted, each where it stood. */
function deletedBlockDecorations(
  base: BaseIndex,
  ids: readonly string[],
  where: ReadonlyMap<string, { node: Node; pos: number }>,
): Decoration[] {
  const out: Decoration[] = [];
  const firstId = ids[0];
  const first = firstId === undefined ? undefined : where.get(firstId);
  deletedBlocks(base.blocks, new Set(ids)).forEach((gone, i) => {
    const anchor = gone.anchorId === null ? undefined : where.get(gone.anchorId);
    let pos: number;
    if (anchor)
      pos = textStart(anchor.node, anchor.pos) + (textNodeOf(anchor.node)?.content.size ?? 0);
    else if (first) pos = textStart(first.node, first.pos);
    else return;
    const spec: TrackSpec = { blockId: gone.blockId, role: 'deleted-block', text: gone.text };
    out.push(
      Decoration.widget(pos, deletionWidget(gone.text, 'tc-del tc-deleted-block'), {
        ...spec,
        // After the anchor's own text (and after one another, in the base's order).
        side: anchor ? 1 + i : -1000 + i,
        marks: [],
        ignoreSelection: true,
        key: `delblock:${gone.blockId}:${gone.text}`,
      }),
    );
  });
  return out;
}

/**
 * What changed between two documents, as one replaced range: found by comparing the trees, which
 * skips shared nodes by identity. Works the same for local steps and for y-prosemirror, which
 * mirrors every remote change by replacing the whole document (keeping unchanged nodes).
 */
function changedRange(
  before: Node,
  after: Node,
): { map: Mapping; from: number; to: number } | null {
  const start = before.content.findDiffStart(after.content);
  if (start === null) return null;
  const end = before.content.findDiffEnd(after.content) ?? { a: start, b: start };
  let endA = end.a;
  let endB = end.b;
  // Repeated content makes the two scans overlap ("aa" → "aaa"); widen both ends alike.
  const overlap = start - Math.min(endA, endB);
  if (overlap > 0) {
    endA += overlap;
    endB += overlap;
  }
  return {
    map: new Mapping([new StepMap([start, endA - start, endB - start])]),
    from: start,
    to: endB,
  };
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

/**
 * The next state: decorations mapped through the change, and recomputed only for the blocks the
 * change touched or whose base text changed; deleted blocks are placed again only when the set of
 * blocks or the base changed. Typing in one paragraph of a long text diffs that paragraph alone.
 */
export function nextTrackState(
  previous: TrackState,
  before: Node | null,
  doc: Node,
  base: BaseIndex | null,
): TrackState {
  if (base === null) return { set: DecorationSet.empty, base, entries: new Map(), ids: [] };
  const baseChanged = base !== previous.base;
  const change = before === null || before === doc ? null : changedRange(before, doc);
  let set = change ? previous.set.map(change.map, doc) : previous.set;
  const entries = new Map<string, BlockEntry>();
  const ids: string[] = [];
  const where = new Map<string, { node: Node; pos: number }>();
  const remove: Decoration[] = [];
  const add: Decoration[] = [];
  eachBlock(doc, (id, node, pos) => {
    ids.push(id);
    where.set(id, { node, pos });
    const old = previous.entries.get(id);
    const baseText = base.byId.get(id)?.text ?? null;
    const end = pos + node.nodeSize;
    const touched = change !== null && change.from <= end && change.to >= pos;
    if (old && old.baseText === baseText && !touched) {
      entries.set(id, old);
      return;
    }
    const text = blockText(node);
    const mine = set.find(pos, end, ownedBy(id));
    if (old && old.baseText === baseText && old.text === text && mine.length === old.count) {
      entries.set(id, old);
      return;
    }
    remove.push(...mine);
    const decorations = blockDecorations(
      id,
      node,
      pos,
      blockTrackMarks(baseText, text),
      baseText === null,
    );
    add.push(...decorations);
    entries.set(id, { text, baseText, count: decorations.length });
  });
  if (baseChanged || !sameIds(ids, previous.ids)) {
    // Blocks gone from the copy leave nothing behind; deleted blocks are placed afresh.
    const live = new Set(ids);
    remove.push(
      ...set.find(
        undefined,
        undefined,
        (spec: TrackSpec) => isDeletedBlock(spec) || !live.has(spec.blockId),
      ),
    );
    add.push(...deletedBlockDecorations(base, ids, where));
  }
  if (remove.length > 0) set = set.remove(remove);
  if (add.length > 0) set = set.add(doc, add);
  return { set, base, entries, ids };
}

const EMPTY: TrackState = { set: DecorationSet.empty, base: null, entries: new Map(), ids: [] };

/**
 * Shows the working copy's changes against the base in the text itself (issue 7): inserted words
 * underlined (`<ins>`), deleted words struck through (`<del>`) where they stood, new blocks
 * marked, deleted blocks struck through after the block they followed. `initialBase` is the
 * base when the editor is created; later bases arrive with `setBase`.
 */
export function trackChangesPlugin(initialBase: () => BaseIndex | null): Plugin<TrackState> {
  return new Plugin<TrackState>({
    key: trackChangesKey,
    state: {
      init: (_config, state: EditorState) => nextTrackState(EMPTY, null, state.doc, initialBase()),
      apply: (tr, previous, oldState) => {
        const base = (tr.getMeta(trackChangesKey) as BaseIndex | undefined) ?? previous.base;
        if (!tr.docChanged && base === previous.base) return previous;
        return nextTrackState(previous, oldState.doc, tr.doc, base);
      },
    },
    props: {
      decorations: (state) => trackChangesKey.getState(state)?.set,
    },
  });
}

/** A transaction that gives the plugin a new base (the base text changed or arrived). */
export function setBase(state: EditorState, base: BaseIndex): Transaction {
  return state.tr.setMeta(trackChangesKey, base).setMeta('addToHistory', false);
}
