import type { Node } from 'prosemirror-model';
import { Selection, TextSelection, type Transaction } from 'prosemirror-state';
import { joinBackwardAt } from './structureJoin.js';

/** Blocks a selection may remove whole when it covers them completely. */
const REMOVABLE: ReadonlySet<string> = new Set([
  'preambular',
  'operative',
  'action',
  'goal',
  'list',
  'list_item',
  'footnote',
]);

/**
 * The ranges to delete for `[from, to)`: blocks the range covers completely go whole when the
 * schema lets them go; of every other block only the covered text goes. A list whose items are
 * all covered goes whole (a list cannot be empty).
 */
function collect(parent: Node, contentStart: number, from: number, to: number): [number, number][] {
  const ranges: [number, number][] = [];
  parent.forEach((child, offset) => {
    const start = contentStart + offset;
    const end = start + child.nodeSize;
    if (end <= from || start >= to) return;
    const whole = start >= from && end <= to;
    const allContent = start + 1 >= from && end - 1 <= to;
    if (REMOVABLE.has(child.type.name) && (whole || (child.type.name === 'list' && allContent))) {
      ranges.push([start, end]);
    } else if (child.isTextblock) {
      const a = Math.max(from, start + 1);
      const b = Math.min(to, end - 1);
      if (a < b) ranges.push([a, b]);
    } else {
      ranges.push(...collect(child, start + 1, from, to));
    }
  });
  return ranges;
}

/**
 * Deletes `[from, to)` without ever merging blocks of different kinds: what the range covers
 * is cleared or removed block by block, and only then are the two ends joined, by the same
 * rules as Backspace (two preambular paragraphs join; a preambular and an operative paragraph
 * stay two). The document stays schema-valid whatever the range spans.
 */
export function deleteRangeSafely(tr: Transaction, from: number, to: number): void {
  const $from = tr.doc.resolve(from);
  const $to = tr.doc.resolve(to);
  const fromBlock = $from.parent.isTextblock ? $from.before() : null;
  const sameBlock = fromBlock !== null && $to.parent.isTextblock && $to.before() === fromBlock;
  const ranges = collect(tr.doc, 0, from, to);
  for (const [a, b] of ranges.reverse()) tr.delete(a, b);
  tr.setSelection(
    fromBlock === null
      ? Selection.near(tr.doc.resolve(tr.mapping.map(from)))
      : TextSelection.create(tr.doc, from),
  );
  if (fromBlock === null || sameBlock || !$to.parent.isTextblock) return;
  // The far end's textblock survived (the range ends inside it); join it to the near end when
  // they are now neighbours, as Backspace at its start would.
  const $end = tr.doc.resolve(tr.mapping.map(to));
  if (!$end.parent.isTextblock || $end.parentOffset !== 0) return;
  const $before = TextSelection.findFrom(tr.doc.resolve($end.before()), -1, true);
  if ($before?.$from.before() !== fromBlock) return;
  if (joinBackwardAt(tr, $end) === 'blocked') tr.setSelection(TextSelection.create(tr.doc, from));
}
