/**
 * Where a text thread stands once its anchor has been resolved against the text: on a range, or
 * detached because the words it was on are gone. Pure, so the rule is one place and tested.
 */
export type AnchorPlacement =
  | { kind: 'attached'; from: number; to: number }
  /** `at` is where the words were (the collapsed range), or null when nothing is left at all. */
  | { kind: 'detached'; at: number | null };

/**
 * A thread is detached when its range resolves to nothing, or to an empty range though it was
 * started on words (its quote): every one of them was deleted. A thread started on no words
 * (an empty quote) stays attached at its point.
 */
export function placementOf(
  resolved: { from: number; to: number } | null,
  quote: string,
): AnchorPlacement {
  if (resolved === null) return { kind: 'detached', at: null };
  const { from, to } = resolved;
  if (from >= to && quote !== '') return { kind: 'detached', at: Math.min(from, to) };
  return { kind: 'attached', from, to: Math.max(from, to) };
}

/**
 * The placement after a local edit mapped the range (`map` moves a position, inclusive of the
 * text typed at neither end): a range whose words were all deleted becomes detached at once,
 * before the next resolution against Yjs.
 */
export function mapPlacement(
  placement: AnchorPlacement,
  map: (pos: number, assoc: 1 | -1) => number,
  quote: string,
): AnchorPlacement {
  if (placement.kind === 'detached')
    return placement.at === null ? placement : { kind: 'detached', at: map(placement.at, 1) };
  return placementOf({ from: map(placement.from, 1), to: map(placement.to, -1) }, quote);
}
