import type { Amendment } from '@accord/shared';

/**
 * Sorts amendments in document order (the order the list route promises): by their
 * target's place in the base text, an insert right after the amendments to the block it follows,
 * then by number. An insert after a proposed paragraph follows that paragraph's amendment; an
 * amendment whose target is gone from the text sorts after the rest, by number.
 */
export function inDocumentOrder(
  amendments: readonly Amendment[],
  /** Block ids of the base text in document order. */
  blockOrder: readonly string[],
): Amendment[] {
  const index = new Map(blockOrder.map((id, i) => [id, i]));
  const byNewBlock = new Map(
    amendments.filter((a) => a.kind === 'insert' && a.blockId).map((a) => [a.blockId!, a]),
  );
  const place = (a: Amendment, seen = new Set<string>()): number => {
    if (a.kind !== 'insert') return index.get(a.blockId!) ?? Infinity;
    const anchor = a.afterBlockId!;
    const at = index.get(anchor);
    if (at !== undefined) return at + 0.5;
    const proposed = byNewBlock.get(anchor);
    if (!proposed || seen.has(anchor)) return Infinity;
    seen.add(anchor);
    return place(proposed, seen) + 0.001;
  };
  const keyed = amendments.map((a) => ({ a, at: place(a) }));
  keyed.sort((x, y) => (x.at === y.at ? x.a.number - y.a.number : x.at < y.at ? -1 : 1));
  return keyed.map((k) => k.a);
}
