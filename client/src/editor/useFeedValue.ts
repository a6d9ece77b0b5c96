import { useCallback, useRef, useSyncExternalStore } from 'react';
import type { EditorSnapshot, EditorStateFeed } from './EditorStateFeed.js';

/** How `useFeedValue` compares and delays what it selects. */
export interface FeedValueOptions<T> {
  /** Equal values do not re-render (default `Object.is`). */
  equal?: (a: T, b: T) => boolean;
  /**
   * How long to wait before showing `next` instead of `previous` (0: at once); a newer value
   * restarts the wait. Lets a panel follow the text once typing pauses, not on every key.
   */
  delayMs?: (previous: T, next: T) => number;
}

/**
 * A value derived from the open editor that re-renders its component only when the value
 * changes. Every React commit while the text has focus costs a walk over the whole editable DOM
 * (React saves and restores the selection around a commit), which on a 30-page text with
 * amendment overlays is several milliseconds: parts outside the text must not commit on every
 * keystroke when what they show did not change.
 */
export function useFeedValue<T>(
  feed: EditorStateFeed,
  select: (snapshot: EditorSnapshot) => T,
  options: FeedValueOptions<T> = {},
): T {
  const selectRef = useRef(select);
  selectRef.current = select;
  const optionsRef = useRef(options);
  optionsRef.current = options;
  const cache = useRef<{ value: T } | null>(null);
  if (cache.current === null) cache.current = { value: select(feed.getSnapshot()) };

  const subscribe = useCallback(
    (listener: () => void) => {
      let timer: ReturnType<typeof setTimeout> | null = null;
      const equal = (a: T, b: T) => (optionsRef.current.equal ?? Object.is)(a, b);
      const show = (next: T, notify: boolean) => {
        cache.current = { value: next };
        if (notify) listener();
      };
      const update = () => {
        const next = selectRef.current(feed.getSnapshot());
        const previous = cache.current!.value;
        if (timer !== null) clearTimeout(timer);
        timer = null;
        if (equal(previous, next)) return;
        const delay = optionsRef.current.delayMs?.(previous, next) ?? 0;
        if (delay <= 0) return show(next, true);
        timer = setTimeout(() => {
          timer = null;
          show(selectRef.current(feed.getSnapshot()), true);
        }, delay);
      };
      // A change between the render and this subscription: React compares snapshots next.
      const now = selectRef.current(feed.getSnapshot());
      if (!equal(cache.current!.value, now)) show(now, false);
      const unsubscribe = feed.subscribe(update);
      return () => {
        unsubscribe();
        if (timer !== null) clearTimeout(timer);
      };
    },
    [feed],
  );
  return useSyncExternalStore(subscribe, () => cache.current!.value);
}
