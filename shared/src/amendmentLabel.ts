import type { Amendment } from './amendment.js';

/**
 * Citation labels for amendments, as negotiators print them (SPEC AM7): an amendment to OP3 is
 * cited "OP3"; new paragraphs after PP2 are "PP2 bis", "PP2 ter", … so that adding a paragraph
 * never renumbers the text everyone is citing.
 */

// The Latin multiplicative adverbs used in legislative drafting, from 2 (bis) to 10 (decies).
const ADVERBS = [
  'bis',
  'ter',
  'quater',
  'quinquies',
  'sexies',
  'septies',
  'octies',
  'novies',
  'decies',
] as const;

/**
 * The Latin adverb for the `n`-th of a series, the base paragraph counting as the first:
 * 2 → "bis", 3 → "ter", … 10 → "decies". Null outside 2–10, where drafters' usage varies.
 */
export function latinOrdinal(n: number): string | null {
  // Only whole numbers 2–10 index the list; anything else reads undefined.
  return ADVERBS[n - 2] ?? null;
}

/**
 * The label of the `n`-th new paragraph after the paragraph labelled `baseLabel` (n from 1):
 * 1 → "PP2 bis", 9 → "PP2 decies", then "PP2 (11)", "PP2 (12)": the same count, in figures.
 */
export function insertedLabel(baseLabel: string, n: number): string {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`no inserted paragraph ${n}`);
  const adverb = latinOrdinal(n + 1);
  return adverb === null ? `${baseLabel} (${n + 1})` : `${baseLabel} ${adverb}`;
}

/** What `amendmentLabel` needs of an amendment. */
export type LabelTarget = Pick<Amendment, 'kind' | 'blockId' | 'afterBlockId'>;

/**
 * The label of a new amendment, given the base text's labels (`labelOf`, e.g. from
 * `deriveLabels`) and the amendments of the document submitted before it, in submission order.
 * A modify or delete is cited by its target's label. An insert after a base paragraph is the
 * next of the paragraph's series, counting every earlier insert after it, whatever its status,
 * so a label once given is never given again. An insert after a paragraph that is itself
 * proposed (a delegation adding two in a row) joins the series of the base paragraph that one
 * follows. A label `taken` says is in use (a paragraph a pen-holder added during the round, SL2,
 * or an earlier amendment) is passed over for the next one. Null when the target is not in the
 * base text (the caller refuses the amendment).
 */
export function amendmentLabel(
  target: LabelTarget,
  labelOf: (blockId: string) => string | undefined,
  earlier: readonly LabelTarget[],
  taken: (label: string) => boolean = () => false,
): string | null {
  if (target.kind !== 'insert')
    return target.blockId === null ? null : (labelOf(target.blockId) ?? null);
  const base = baseOf(target, labelOf, earlier);
  if (base === null) return null;
  const before = earlier.filter(
    (e) => e.kind === 'insert' && baseOf(e, labelOf, earlier) === base,
  ).length;
  const label = labelOf(base);
  if (label === undefined) return null;
  let n = before + 1;
  while (taken(insertedLabel(label, n))) n++;
  return insertedLabel(label, n);
}

/** The base block an insert's series belongs to, following proposed paragraphs back. */
function baseOf(
  insert: LabelTarget,
  labelOf: (blockId: string) => string | undefined,
  earlier: readonly LabelTarget[],
): string | null {
  const seen = new Set<string>();
  let after = insert.afterBlockId;
  while (after !== null && labelOf(after) === undefined && !seen.has(after)) {
    seen.add(after);
    const proposed = earlier.find((e) => e.kind === 'insert' && e.blockId === after);
    after = proposed ? proposed.afterBlockId : null;
  }
  return after !== null && labelOf(after) !== undefined ? after : null;
}
