import type { Node } from 'prosemirror-model';
import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state';
import { Decoration, DecorationSet, type EditorView } from 'prosemirror-view';
import { ySyncPluginKey } from 'y-prosemirror';
import type { Thread } from '@accord/shared';
import { mapPlacement, placementOf, type AnchorPlacement } from './anchorState.js';
import { bindingOf, resolveAnchor } from './textAnchor.js';
import { paragraphAt } from './paragraphAt.js';
import { diffMapping } from './diffMapping.js';

/** Plugin key of the comment highlights; its state is `ThreadPluginState`. */
export const threadPluginKey = new PluginKey<ThreadPluginState>('accordThreads');

/** What the plugin knows of the text threads shown in this editor. */
export interface ThreadPluginState {
  /** Where each text thread is now (mapped through every edit since it was resolved). */
  placements: ReadonlyMap<string, AnchorPlacement>;
  /** The highlights, the active highlight and the per-paragraph badges. */
  decorations: DecorationSet;
  /** The threads the selection is in (document order), as one stable array. */
  active: readonly string[];
  /**
   * Raised when a thread's placement changed kind (resolved anew, detached by an edit): the
   * margin re-renders only then, never for a keystroke that merely moved the text.
   */
  version: number;
}

interface HighlightSpec {
  threadId?: string;
  active?: boolean;
  badge?: boolean;
}

interface ResolvedMeta {
  placements: ReadonlyMap<string, AnchorPlacement>;
  threads: ReadonlyMap<string, Thread>;
}

const EMPTY: readonly string[] = [];

/** Versions count up across editors, so a reloaded editor never repeats its predecessor's. */
let lastVersion = 0;

/** Threads whose highlight covers `from..to` (or touches the caret). */
function threadsAt(set: DecorationSet, from: number, to: number): readonly string[] {
  const ids = new Set<string>();
  for (const d of set.find(from, to, (spec: HighlightSpec) => !!spec.threadId && !spec.active))
    ids.add((d.spec as HighlightSpec).threadId!);
  return ids.size === 0 ? EMPTY : [...ids];
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The badge counts: open attached threads per labelled paragraph (by its position). */
function badgeDecorations(
  doc: Node,
  placements: ReadonlyMap<string, AnchorPlacement>,
  threads: ReadonlyMap<string, Thread>,
): Decoration[] {
  const counts = new Map<number, { node: Node; count: number }>();
  for (const [id, placement] of placements) {
    if (threads.get(id)?.status !== 'open') continue;
    const at = placement.kind === 'attached' ? placement.from : placement.at;
    if (at === null) continue;
    const paragraph = paragraphAt(doc, at);
    // The badge sits on the paragraph's first line, beside its label: on its first textblock
    // (a footnote draws its own number there, so it has none).
    const line = !paragraph
      ? null
      : paragraph.node.isTextblock
        ? paragraph.node.type.name === 'footnote'
          ? null
          : paragraph
        : paragraph.node.firstChild?.isTextblock
          ? { node: paragraph.node.firstChild, pos: paragraph.pos + 1 }
          : null;
    if (!line) continue;
    const entry = counts.get(line.pos) ?? { node: line.node, count: 0 };
    entry.count++;
    counts.set(line.pos, entry);
  }
  const out: Decoration[] = [];
  for (const [pos, { node, count }] of counts) {
    out.push(
      Decoration.node(
        pos,
        pos + node.nodeSize,
        {
          'data-open-threads': String(count),
          'data-open-threads-label': `${count} open comment${count === 1 ? '' : 's'}`,
        },
        { badge: true } satisfies HighlightSpec,
      ),
    );
  }
  return out;
}

function highlight(from: number, to: number, threadId: string, active: boolean): Decoration {
  return Decoration.inline(
    from,
    to,
    { class: active ? 'cm-anchor cm-anchor-active' : 'cm-anchor', 'data-thread': threadId },
    { threadId, active } satisfies HighlightSpec,
  );
}

/** The whole decoration set after a resolution. */
function buildDecorations(
  doc: Node,
  placements: ReadonlyMap<string, AnchorPlacement>,
  threads: ReadonlyMap<string, Thread>,
): DecorationSet {
  const decorations: Decoration[] = badgeDecorations(doc, placements, threads);
  for (const [id, p] of placements) {
    if (p.kind !== 'attached' || p.from >= p.to || threads.get(id)?.status !== 'open') continue;
    decorations.push(highlight(p.from, p.to, id, false));
  }
  return DecorationSet.create(doc, decorations);
}

/** Swaps the active highlights: drops the old ones, adds those of `active`. */
function withActive(
  set: DecorationSet,
  doc: Node,
  placements: ReadonlyMap<string, AnchorPlacement>,
  active: readonly string[],
): DecorationSet {
  const stale = set.find(undefined, undefined, (spec: HighlightSpec) => spec.active === true);
  const fresh: Decoration[] = [];
  for (const id of active) {
    const p = placements.get(id);
    if (p?.kind === 'attached' && p.from < p.to) fresh.push(highlight(p.from, p.to, id, true));
  }
  return stale.length === 0 && fresh.length === 0 ? set : set.remove(stale).add(doc, fresh);
}

/**
 * Keeps the threads' anchors in the text. Relative positions are resolved against Yjs only when
 * the threads change and once edits pause (resolving a thousand of them takes milliseconds);
 * on every keystroke the highlights and placements are only mapped through the transaction,
 * which costs next to nothing.
 */
export class ThreadAnchors {
  private threads = new Map<string, Thread>();
  private view: EditorView | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(
    /** Which text threads this editor shows (base threads, or the working copy's). */
    private readonly accepts: (thread: Thread) => boolean,
    /** How long edits must pause before the anchors are resolved against Yjs again. */
    private readonly settleMs = 400,
  ) {}

  /** The plugin to give the editor. */
  readonly plugin = new Plugin<ThreadPluginState>({
    key: threadPluginKey,
    state: {
      init: () => ({
        placements: new Map(),
        decorations: DecorationSet.empty,
        active: EMPTY,
        version: 0,
      }),
      apply: (tr, value, old, state) => this.apply(tr, value, old, state),
    },
    props: {
      decorations: (state) => threadPluginKey.getState(state)?.decorations ?? null,
    },
    view: (view) => {
      this.view = view;
      this.resolveSoon(0);
      return {
        update: (v, previous) => {
          if (v.state.doc !== previous.doc) this.resolveSoon(this.settleMs);
        },
        destroy: () => {
          if (this.view === view) this.view = null;
          if (this.timer !== null) clearTimeout(this.timer);
          this.timer = null;
        },
      };
    },
  });

  /** The threads to show; only the text threads this editor accepts are placed. */
  setThreads(threads: readonly Thread[]): void {
    const next = new Map<string, Thread>();
    for (const t of threads) if (t.anchor.type === 'text' && this.accepts(t)) next.set(t.id, t);
    const same =
      next.size === this.threads.size &&
      [...next].every(([id, t]) => {
        const was = this.threads.get(id);
        return (
          was !== undefined &&
          was.status === t.status &&
          was.anchor.type === 'text' &&
          t.anchor.type === 'text' &&
          was.anchor.from === t.anchor.from &&
          was.anchor.to === t.anchor.to
        );
      });
    this.threads = next;
    if (!same) this.resolveSoon(0);
  }

  /** Called after every resolution (the margin re-aligns). */
  onResolved(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves every anchor against Yjs now and redraws the highlights. */
  resolveNow(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const view = this.view;
    if (!view || view.isDestroyed) return;
    const binding = bindingOf(view.state);
    if (!binding) return;
    const placements = new Map<string, AnchorPlacement>();
    for (const [id, thread] of this.threads) {
      if (thread.anchor.type !== 'text') continue;
      const size = view.state.doc.content.size;
      const r = resolveAnchor(binding, thread.anchor);
      const inside = r && r.from >= 0 && r.to <= size ? r : null;
      placements.set(id, placementOf(inside, thread.quote));
    }
    const meta: ResolvedMeta = { placements, threads: new Map(this.threads) };
    view.dispatch(view.state.tr.setMeta(threadPluginKey, meta).setMeta('addToHistory', false));
    for (const listener of this.listeners) listener();
  }

  private resolveSoon(ms: number): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.resolveNow(), ms);
  }

  private apply(
    tr: Transaction,
    value: ThreadPluginState,
    old: EditorState,
    state: EditorState,
  ): ThreadPluginState {
    const meta = tr.getMeta(threadPluginKey) as ResolvedMeta | undefined;
    let { placements, decorations, active, version } = value;
    if (meta) {
      placements = meta.placements;
      decorations = buildDecorations(state.doc, placements, meta.threads);
      active = EMPTY;
      version = ++lastVersion;
    } else if (tr.docChanged) {
      // A remote change replaces the whole document: map through what actually differs.
      const mapping = isRemote(tr) ? diffMapping(old.doc, state.doc) : tr.mapping;
      decorations = decorations.map(mapping, state.doc);
      const mapped = new Map<string, AnchorPlacement>();
      let kindChanged = false;
      const map = (pos: number, assoc: 1 | -1) => mapping.map(pos, assoc);
      for (const [id, p] of placements) {
        const next = mapPlacement(p, map, this.threads.get(id)?.quote ?? '');
        if (next.kind !== p.kind) kindChanged = true;
        mapped.set(id, next);
      }
      placements = mapped;
      if (kindChanged) version = ++lastVersion;
    } else if (!tr.selectionSet) {
      return value;
    }
    const { from, to } = state.selection;
    const nowActive = threadsAt(decorations, from, to);
    if (!sameList(nowActive, active) || meta) {
      decorations = withActive(decorations, state.doc, placements, nowActive);
      active = nowActive;
    }
    return { placements, decorations, active, version };
  }
}

/** True when a transaction came from another editor through Yjs (not typed here). */
export function isRemote(tr: Transaction): boolean {
  const meta = tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined;
  return meta?.isChangeOrigin === true;
}
