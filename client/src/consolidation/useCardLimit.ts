import { useEffect, useState, type Dispatch, type SetStateAction } from 'react';
import type { WorkspaceFilter } from './consolidationFilter.js';

/** Cards drawn at first (more than a screenful), so the page and each new filter show at once. */
const FIRST_CARDS = 40;
/** Cards drawn per task after the first ones, until the whole list is there (Ctrl+F finds all). */
export const RENDER_STEP = 200;

/**
 * How many cards the list draws: the first screenful at once, then the rest a step at a time so
 * a long list never blocks the page. A new filter starts from the first cards again.
 */
export function useCardLimit(
  filter: WorkspaceFilter,
  shownCount: number,
): [number, Dispatch<SetStateAction<number>>] {
  const [limit, setLimit] = useState(FIRST_CARDS);
  // Reset during render rather than in an effect, so the new filter never draws the whole list.
  const [limitFor, setLimitFor] = useState(filter);
  if (limitFor !== filter) {
    setLimitFor(filter);
    setLimit(FIRST_CARDS);
  }

  useEffect(() => {
    if (limit >= shownCount) return;
    const timer = setTimeout(() => setLimit((l) => l + RENDER_STEP), 0);
    return () => clearTimeout(timer);
  }, [limit, shownCount]);

  return [limit, setLimit];
}
