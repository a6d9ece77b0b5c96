import type { Node } from 'prosemirror-model';
import { deriveLabels, footnoteNumbers, type BlockLabel } from './numbering.js';
import { insertedLabel } from './amendmentLabel.js';

/**
 * Labels that stay put within a round (SPEC SL): negotiators cite "OP4" all round long, so the
 * text's own numbering (`deriveLabels`) is frozen at the round's start and only publication
 * renumbers it.
 */

/** Letters for list items, as `deriveLabels` gives them: (a) … (z), (aa) … */
function letter(index: number): string {
  let s = '';
  let n = index;
  do {
    s = String.fromCharCode(97 + (n % 26)) + s;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return s;
}

/**
 * One numbered series (the preamble, the operative part, the goals, one goal's actions, one
 * paragraph's list items, the footnotes): the clean label of its n-th member, n = 0 naming the
 * place before its first member.
 */
type Series = (n: number) => BlockLabel;

const PREAMBLE: Series = (n) => ({ short: `PP${n}`, long: `Preambular paragraph ${n}` });
const OPERATIVE: Series = (n) => ({ short: `OP${n}`, long: `Operative paragraph ${n}` });
const GOALS: Series = (n) => ({ short: `Goal ${n}`, long: `Priority Goal ${n}` });
const FOOTNOTES: Series = (n) => ({ short: `fn ${n}`, long: `Footnote ${n}` });

/** A goal's action points, under the goal's label ("Goal 2 bis" numbers its actions 2 bis.1 …). */
function actionsOf(goal: BlockLabel): Series {
  const g = goal.short.replace(/^Goal /, '');
  return (n) => ({ short: `${g}.${n}`, long: `Goal ${g}, action ${n}` });
}

/** A paragraph's list items, under the paragraph's label; the place before (a) is "(0)". */
function itemsOf(parent: BlockLabel): Series {
  return (n) => {
    const l = n === 0 ? '0' : letter(n - 1);
    return { short: `${parent.short} (${l})`, long: `${parent.long}, item (${l})` };
  };
}

/** Where a series stands during the walk: its latest kept block, and new blocks before any. */
interface SeriesState {
  series: Series;
  /** The latest block of the series that kept its label; new blocks are its bis, ter … */
  anchor: BlockLabel | null;
  /** New blocks met before any kept one. */
  leading: number;
  /** Whether those leading blocks sit in the series' place 0 ("OP0", "OP0 bis" …). */
  zero: boolean | null;
}

/**
 * The labels of `doc` during a round that started from labels `start` (SPEC SL1–SL6). A block
 * in `start` keeps its label wherever it now stands (SL1). A block added during the round is
 * the next of the series of the nearest preceding block of its kind in `start`, in document
 * order: "OP4 bis", "OP4 ter" … (SL2). A new block before every kept block of its kind is
 * numbered cleanly when its series had no block at the round's start ("OP3 (a)" for a list
 * given to OP3), otherwise in place 0: "OP0", "OP0 bis" … (SL3). Every label of `start`,
 * including those of deleted blocks, is never given to another block (SL4). `kept` holds labels
 * already given to blocks added during the round, which they keep (SL5). Linear in the size of
 * the document and the maps.
 */
export function roundLabels(
  start: ReadonlyMap<string, BlockLabel>,
  doc: Node,
  kept: ReadonlyMap<string, BlockLabel> = new Map(),
): Map<string, BlockLabel> {
  const taken = new Set<string>();
  for (const label of start.values()) taken.add(label.short);
  for (const label of kept.values()) taken.add(label.short);
  // How many new blocks each kept block's series has had, keyed by its short label.
  const counts = new Map<string, number>();
  const labels = new Map<string, BlockLabel>();
  const seen = new Set<string>();

  const state = (series: Series): SeriesState => ({ series, anchor: null, leading: 0, zero: null });

  /** The next free label after `base`, counting on from the series' previous new blocks. */
  const after = (base: BlockLabel): BlockLabel => {
    let n = counts.get(base.short) ?? 0;
    let short: string;
    do {
      n++;
      short = insertedLabel(base.short, n);
    } while (taken.has(short));
    counts.set(base.short, n);
    return { short, long: insertedLabel(base.long, n) };
  };

  /** The label of a block met in series `s`, and the series moving on past it. */
  const next = (node: Node, s: SeriesState): BlockLabel => {
    const id = node.attrs.id as string | null;
    // A repeated id is the copy (DM6): only the first occurrence is the block `start` names.
    const fresh = id !== null && !seen.has(id);
    if (id !== null) seen.add(id);
    const own = fresh ? start.get(id) : undefined;
    let label: BlockLabel;
    if (own) {
      s.anchor = own;
      label = own;
    } else if (fresh && kept.has(id)) {
      label = kept.get(id)!;
    } else if (s.anchor) {
      label = after(s.anchor);
    } else {
      s.zero ??= taken.has(s.series(1).short);
      if (s.zero) {
        const zero = s.series(0);
        label = s.leading === 0 && !taken.has(zero.short) ? zero : after(zero);
      } else {
        let n = s.leading + 1;
        while (taken.has(s.series(n).short)) n++;
        label = s.series(n);
      }
      s.leading++;
    }
    taken.add(label.short);
    if (fresh) labels.set(id, label);
    return label;
  };

  const labelList = (paragraph: Node, label: BlockLabel) => {
    // One series across lists, as the letters run on in `deriveLabels`.
    const items = state(itemsOf(label));
    paragraph.forEach((child) => {
      if (child.type.name === 'list') child.forEach((item) => void next(item, items));
    });
  };

  const preamble = state(PREAMBLE);
  const operative = state(OPERATIVE);
  const goals = state(GOALS);
  doc.forEach((block) => {
    switch (block.type.name) {
      case 'preambular':
        labelList(block, next(block, preamble));
        break;
      case 'operative':
        labelList(block, next(block, operative));
        break;
      case 'goal': {
        const actions = state(actionsOf(next(block, goals)));
        block.forEach((child) => {
          if (child.type.name === 'action') labelList(child, next(child, actions));
        });
        break;
      }
      case 'footnotes':
        labelFootnotes(block, doc, state(FOOTNOTES), next, start, kept, labels);
        break;
      default:
        break;
    }
  });
  return labels;
}

/**
 * Footnotes follow their markers' order (DM3): those cited take their places in that order; one
 * no marker cites any more keeps its label if it had one, and otherwise has none, as in
 * `deriveLabels`.
 */
function labelFootnotes(
  block: Node,
  doc: Node,
  series: SeriesState,
  next: (node: Node, s: SeriesState) => BlockLabel,
  start: ReadonlyMap<string, BlockLabel>,
  kept: ReadonlyMap<string, BlockLabel>,
  labels: Map<string, BlockLabel>,
): void {
  const numbers = footnoteNumbers(doc);
  const cited: Node[] = [];
  block.forEach((fn) => {
    const id = fn.attrs.id as string | null;
    if (id === null || labels.has(id)) return;
    if (numbers.has(id)) cited.push(fn);
    else {
      const own = start.get(id) ?? kept.get(id);
      if (own) labels.set(id, own);
    }
  });
  cited.sort((a, b) => numbers.get(a.attrs.id as string)! - numbers.get(b.attrs.id as string)!);
  for (const fn of cited) next(fn, series);
}

/** What publishing a round gives each block: its new label, and the one it had in the round. */
export interface PublicationLabels {
  /** The clean numbering of the published text (`deriveLabels`). */
  labels: Map<string, BlockLabel>;
  /** The short label each block had during the round, so "OP4 bis of the zero draft" is found. */
  previous: Map<string, string>;
}

/**
 * The labels of a round's text at publication (SPEC SL6): renumbered cleanly, with every
 * block's label during the round recorded beside it.
 */
export function publicationLabels(
  start: ReadonlyMap<string, BlockLabel>,
  doc: Node,
  kept?: ReadonlyMap<string, BlockLabel>,
): PublicationLabels {
  const previous = new Map<string, string>();
  for (const [id, label] of roundLabels(start, doc, kept)) previous.set(id, label.short);
  return { labels: deriveLabels(doc), previous };
}
