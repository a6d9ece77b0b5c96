import type { Node } from 'prosemirror-model';
import type { EditorState } from 'prosemirror-state';
import { Mapping, StepMap } from 'prosemirror-transform';
import { Decoration, DecorationSet, type EditorView } from 'prosemirror-view';
import {
  AMENDABLE_TYPES,
  blockText,
  OBJECT_MARK,
  textNodeOf,
  type Amendment,
} from '@accord/shared';
import { delegationColor } from './delegationColor.js';
import { amendmentsByAnchor, blockOverlaySpecs, type OverlaySpec } from './overlaySpecs.js';

/** What every overlay decoration's spec carries, so a block's decorations can be found again. */
interface OverlayDecorationSpec {
  blockId: string;
  key?: string;
}

/** An amendable block of the document, where it is now. */
interface PlacedBlock {
  node: Node;
  pos: number;
  id: string;
}

/** Amendable blocks whose id is in `ids` (all of them when `ids` is null). */
function findBlocks(doc: Node, ids: ReadonlySet<string> | null): PlacedBlock[] {
  const out: PlacedBlock[] = [];
  doc.descendants((node, pos) => {
    const id = node.attrs.id as string | null | undefined;
    if (id && AMENDABLE_TYPES.has(node.type.name) && (ids === null || ids.has(id)))
      out.push({ node, pos, id });
    return !node.isTextblock;
  });
  return out;
}

/** Amendable blocks that overlap `[from, to]`. */
function blocksAround(doc: Node, from: number, to: number): PlacedBlock[] {
  const out: PlacedBlock[] = [];
  doc.nodesBetween(Math.max(0, from), Math.min(doc.content.size, to), (node, pos) => {
    const id = node.attrs.id as string | null | undefined;
    if (id && AMENDABLE_TYPES.has(node.type.name)) out.push({ node, pos, id });
    return !node.isTextblock;
  });
  return out;
}

/** What a widget shows: the inserted words, with footnote marks readable. */
function shown(text: string): string {
  return text.replaceAll(OBJECT_MARK, '*');
}

function element(tag: string, className: string, color: string, text: string): HTMLElement {
  const el = document.createElement(tag);
  el.className = className;
  el.style.setProperty('--am-color', color);
  el.textContent = text;
  el.contentEditable = 'false';
  return el;
}

/** The decorations of one block's overlay specs. */
function decorationsOf(block: PlacedBlock, specs: readonly OverlaySpec[]): Decoration[] {
  const textNode = textNodeOf(block.node);
  const start = block.pos + (textNode === block.node ? 1 : 2);
  const end = block.pos + block.node.nodeSize;
  const out: Decoration[] = [];
  for (const spec of specs) {
    const color = delegationColor(spec.delegationId);
    const ids = spec.amendmentIds.join(' ');
    const base = { blockId: block.id };
    const style = `--am-color: ${color}`;
    switch (spec.type) {
      case 'delete-text':
        out.push(
          Decoration.inline(
            start + spec.from,
            start + spec.to,
            { class: 'am-del', style, 'data-amendments': ids },
            base,
          ),
        );
        break;
      case 'insert-text': {
        const key = `ins ${ids} ${spec.at} ${spec.text}`;
        out.push(
          Decoration.widget(
            start + spec.at,
            () => element('ins', 'am-ins', color, shown(spec.text)),
            { ...base, key, side: -1, ignoreSelection: true, marks: [] },
          ),
        );
        break;
      }
      case 'badge': {
        const key = `badge ${ids} ${spec.badge} ${spec.outdated}`;
        const text = spec.outdated ? `${spec.badge} · outdated` : spec.badge;
        out.push(
          Decoration.widget(
            start + spec.at,
            () => {
              const el = element('span', 'am-badge', color, text);
              if (spec.outdated) el.classList.add('am-outdated');
              return el;
            },
            { ...base, key, side: 1, ignoreSelection: true, marks: [] },
          ),
        );
        break;
      }
      case 'delete-block':
        out.push(
          Decoration.node(
            block.pos,
            end,
            { class: 'am-block-deleted', style, 'data-amendments': ids },
            base,
          ),
        );
        break;
      case 'insert-block': {
        const key = `block ${ids} ${spec.badge} ${spec.outdated} ${spec.text}`;
        out.push(
          Decoration.widget(
            end,
            () => {
              const box = element('div', 'am-new-block', color, '');
              box.append(
                element('ins', 'am-ins', color, shown(spec.text)),
                element('span', 'am-badge', color, `${spec.badge} · new paragraph`),
              );
              return box;
            },
            { ...base, key, side: -1, ignoreSelection: true, marks: [] },
          ),
        );
        break;
      }
    }
  }
  return out;
}

/**
 * The pending amendments drawn over the base text, kept incrementally: after a change of the
 * text only the blocks in the changed range are recomputed, after a change of the amendments
 * only the blocks they are shown at; every other decoration is mapped. Installed as the view's
 * `decorations` prop (createEditor takes no extra plugins, and reconfiguring the state would
 * restart the Yjs binding's plugin views).
 */
export class AmendmentOverlay {
  private doc: Node | null = null;
  private set: DecorationSet = DecorationSet.empty;
  private byAnchor = new Map<string, Amendment[]>();
  private dirty = new Set<string>();
  private allDirty = true;
  private visible = true;
  private nameOf: (id: string) => string = (id) => id;
  private view: EditorView | null = null;
  /** How many blocks the last update recomputed (the rest were mapped): for tests and the bench. */
  lastRecomputed = 0;
  /** Blocks typed in whose overlays wait for typing to pause (mapped meanwhile). */
  private settling = new Set<string>();
  private settleTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    /**
     * How long typing in a block must pause before its overlays are computed again (0: at
     * once). Meanwhile they are mapped through the typing, so they stay in place; the word
     * differences of a paragraph with many amendments are then not redone on every key.
     */
    private readonly settleMs = 0,
  ) {}

  /** The `decorations` prop: the overlays for `state`, brought up to date first. */
  readonly decorations = (state: EditorState): DecorationSet => {
    if (!this.visible) return DecorationSet.empty;
    this.update(state.doc);
    return this.set;
  };

  /** Draws into `view` (or stops, with null); a new view starts from scratch. */
  attach(view: EditorView | null): void {
    if (view === this.view) return;
    this.view = view;
    this.allDirty = true;
    if (view && !view.isDestroyed) view.setProps({ decorations: this.decorations });
  }

  /** Shows or hides the overlays. */
  setVisible(visible: boolean): void {
    if (visible === this.visible) return;
    this.visible = visible;
    this.allDirty = true;
    this.redraw();
  }

  /** The amendments (and names) to show; only blocks whose amendments changed are redrawn. */
  setAmendments(amendments: readonly Amendment[], nameOf: (id: string) => string): void {
    const next = amendmentsByAnchor(amendments);
    if (nameOf !== this.nameOf) {
      this.nameOf = nameOf;
      this.allDirty = true;
    }
    for (const [anchor, list] of next) {
      const was = this.byAnchor.get(anchor);
      if (!was || was.length !== list.length || was.some((a, i) => a !== list[i]))
        this.dirty.add(anchor);
    }
    for (const anchor of this.byAnchor.keys()) if (!next.has(anchor)) this.dirty.add(anchor);
    this.byAnchor = next;
    if (this.dirty.size > 0 || this.allDirty) this.redraw();
  }

  /** Marks `blockId` to be recomputed once typing pauses for `settleMs`. */
  private settle(blockId: string): void {
    this.settling.add(blockId);
    if (this.settleTimer !== null) clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => {
      this.settleTimer = null;
      for (const id of this.settling) this.dirty.add(id);
      this.settling.clear();
      this.redraw();
    }, this.settleMs);
  }

  private redraw(): void {
    const view = this.view;
    // setProps makes the view ask for decorations again (and redraw what differs).
    if (view && !view.isDestroyed) view.setProps({});
  }

  private specsOf(block: PlacedBlock): Decoration[] {
    const amendments = this.byAnchor.get(block.id);
    if (!amendments) return [];
    const text = blockText(block.node);
    return decorationsOf(block, blockOverlaySpecs({ text, amendments, nameOf: this.nameOf }));
  }

  private update(doc: Node): void {
    if (this.allDirty || this.doc === null) {
      const decorations: Decoration[] = [];
      const ids = new Set(this.byAnchor.keys());
      const blocks = findBlocks(doc, ids);
      for (const block of blocks) decorations.push(...this.specsOf(block));
      this.lastRecomputed = blocks.length;
      this.set = DecorationSet.create(doc, decorations);
      this.doc = doc;
      this.allDirty = false;
      this.dirty.clear();
      return;
    }
    const redo = new Map<string, PlacedBlock>();
    if (doc === this.doc && this.dirty.size === 0) {
      this.lastRecomputed = 0;
      return;
    }
    if (doc !== this.doc) {
      const start = this.doc.content.findDiffStart(doc.content);
      if (start !== null) {
        let { a: endA, b: endB } = this.doc.content.findDiffEnd(doc.content) ?? {
          a: this.doc.content.size,
          b: doc.content.size,
        };
        // The two ends can cross when the change repeats its surroundings; widen to agree.
        if (endA < start) {
          endB += start - endA;
          endA = start;
        }
        if (endB < start) {
          endA += start - endB;
          endB = start;
        }
        const map = new StepMap([start, endA - start, endB - start]);
        this.set = this.set.map(new Mapping([map]), doc);
        const typedIn = blocksAround(doc, start - 1, endB + 1);
        if (this.settleMs > 0 && typedIn.length === 1 && this.byAnchor.has(typedIn[0]!.id)) {
          // Typing in one block with amendments: redone once the typing pauses.
          this.settle(typedIn[0]!.id);
        } else for (const block of typedIn) redo.set(block.id, block);
      }
      this.doc = doc;
    }
    if (this.dirty.size > 0) {
      for (const block of findBlocks(doc, this.dirty)) redo.set(block.id, block);
      // A block that is gone keeps no decorations: mapping dropped them with its text.
      this.dirty.clear();
    }
    this.lastRecomputed = redo.size;
    if (redo.size === 0) return;
    const stale: Decoration[] = [];
    const fresh: Decoration[] = [];
    for (const block of redo.values()) {
      const end = block.pos + block.node.nodeSize;
      stale.push(
        ...this.set.find(
          block.pos,
          end,
          (spec) => (spec as Partial<OverlayDecorationSpec>).blockId === block.id,
        ),
      );
      fresh.push(...this.specsOf(block));
    }
    this.set = this.set.remove(stale).add(doc, fresh);
  }
}
