import type { EditorView } from 'prosemirror-view';
import { threadPluginKey } from './threadPlugin.js';
import { paragraphAt } from './paragraphAt.js';

/** Below this width the threads are listed under the text, not beside it. */
export const NARROW_QUERY = '(max-width: 1099px)';

/** The space kept between two stacked groups of threads. */
const GAP = 8;

/**
 * Places the margin's thread groups beside their paragraphs: each at the top of its paragraph's
 * box, pushed down below the group above when they would overlap. It writes `transform`
 * directly, once per animation frame at most, and only where a group moved: no React render,
 * and no layout beyond the one the browser does for the frame anyway.
 */
export class MarginAligner {
  private frame: number | null = null;
  private track: HTMLElement | null = null;
  private view: EditorView | null = null;
  private readonly narrow =
    typeof window !== 'undefined' && window.matchMedia ? window.matchMedia(NARROW_QUERY) : null;
  private readonly tops = new WeakMap<HTMLElement, number>();
  private readonly heights = new WeakMap<HTMLElement, number>();
  /** How many groups the last pass moved: for tests and the bench. */
  lastMoved = 0;

  /** Aligns the groups in `track` with the text of `view` (either may be null: stop). */
  attach(view: EditorView | null, track: HTMLElement | null): () => void {
    this.view = view;
    this.track = track;
    const schedule = () => this.schedule();
    window.addEventListener('resize', schedule);
    window.addEventListener('scroll', schedule, { passive: true });
    this.narrow?.addEventListener('change', schedule);
    this.schedule();
    return () => {
      window.removeEventListener('resize', schedule);
      window.removeEventListener('scroll', schedule);
      this.narrow?.removeEventListener('change', schedule);
      if (this.frame !== null) cancelAnimationFrame(this.frame);
      this.frame = null;
    };
  }

  /** Aligns again before the next frame (once, however often it is asked). */
  schedule(): void {
    if (this.frame !== null || !this.track) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = null;
      this.align();
    });
  }

  private align(): void {
    const track = this.track;
    const view = this.view;
    if (!track || !view || view.isDestroyed) return;
    const groups = track.querySelectorAll<HTMLElement>(':scope > [data-cm-at]');
    if (this.narrow?.matches) {
      for (const el of groups) {
        el.style.transform = '';
        this.tops.delete(el);
      }
      track.style.minHeight = '';
      return;
    }
    const plugin = threadPluginKey.getState(view.state);
    const doc = view.state.doc;
    const trackTop = track.getBoundingClientRect().top;
    // Groups far from the screen keep their place until a scroll brings them near: reading
    // where 500 paragraphs are on every keystroke would cost more than the keystroke.
    const screen = window.innerHeight;
    const near = (y: number) => y + trackTop > -2 * screen && y + trackTop < 3 * screen;
    // Read everything first, then write: a style write between two reads would make the
    // browser recompute styles for every group (a thousand threads took most of a second).
    const placed: { el: HTMLElement; top: number | null; height: number; keep: boolean }[] = [];
    for (const el of groups) {
      const known = this.tops.get(el);
      const cached = this.heights.get(el);
      if (known !== undefined && cached !== undefined && !near(known)) {
        placed.push({ el, top: known, height: cached, keep: true });
        continue;
      }
      const pos = this.positionOf(el, plugin?.placements);
      let top: number | null = null;
      if (pos !== null) {
        const paragraph = paragraphAt(doc, pos);
        const dom = paragraph ? view.nodeDOM(paragraph.pos) : null;
        if (dom instanceof HTMLElement) top = dom.getBoundingClientRect().top - trackTop;
      }
      const height = el.offsetHeight;
      this.heights.set(el, height);
      placed.push({ el, top, height, keep: false });
    }
    let floor = 0;
    let moved = 0;
    for (const { el, top, height, keep } of placed) {
      // A group far off screen keeps its place unless the one above now reaches it.
      const y = Math.round(
        keep && top !== null && top >= floor ? top : Math.max(top ?? floor, floor),
      );
      if (this.tops.get(el) !== y) {
        el.style.transform = `translateY(${y}px)`;
        this.tops.set(el, y);
        moved++;
      }
      floor = y + height + GAP;
    }
    track.style.minHeight = `${floor}px`;
    this.lastMoved = moved;
  }

  /** Where a group hangs: its first thread's place now, or a fixed position (the new comment form). */
  private positionOf(
    el: HTMLElement,
    placements:
      ReadonlyMap<string, { kind: string; from?: number; at?: number | null }> | undefined,
  ): number | null {
    const thread = el.dataset.cmThread;
    if (thread) {
      const p = placements?.get(thread);
      if (!p) return null;
      return p.kind === 'attached' ? (p.from ?? null) : (p.at ?? null);
    }
    const at = Number(el.dataset.cmAt);
    return Number.isFinite(at) ? at : null;
  }
}
