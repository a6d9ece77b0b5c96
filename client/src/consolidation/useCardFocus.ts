import { useCallback, useEffect, useState } from 'react';

/** The card the keyboard is on, and a way to move the browser's focus to a card. */
export interface CardFocus {
  /** The card that has the roving tab stop, or null before any was focused. */
  focusedKey: string | null;
  /** Notes that a card got the focus by itself (a click, Tab): nothing is moved. */
  setFocusedKey: (key: string | null) => void;
  /** Moves the focus to a card and brings it into view (keyboard moves, after a decision). */
  focusCard: (key: string) => void;
}

/**
 * Focus follows the keyboard: the focused card takes the browser's focus and comes into view.
 * Each move is a new target object, so moving to the same card again still focuses it.
 */
export function useCardFocus(): CardFocus {
  const [focusedKey, setFocusedKey] = useState<string | null>(null);
  const [focusTarget, setFocusTarget] = useState<{ key: string } | null>(null);

  useEffect(() => {
    if (focusTarget === null) return;
    const card = document.querySelector<HTMLElement>(
      `[data-entry="${CSS.escape(focusTarget.key)}"]`,
    );
    card?.focus({ preventScroll: true });
    card?.scrollIntoView({ block: 'nearest' });
  }, [focusTarget]);

  const focusCard = useCallback((key: string) => {
    setFocusedKey(key);
    setFocusTarget({ key });
  }, []);

  return { focusedKey, setFocusedKey, focusCard };
}
