import { useEffect, useRef, type Dispatch, type RefObject, type SetStateAction } from 'react';
import { isUndoable } from '@accord/shared';
import type { CompilationEntry } from './compilation.js';
import type { FilteredCompilation } from './consolidationFilter.js';
import type { CardHandlers } from './EntryCard.js';
import type { BulkForm } from './useBulkDecisions.js';
import { RENDER_STEP } from './useCardLimit.js';
import { commandOf } from './workspaceShortcuts.js';

/** What the keys act on, read fresh at each key press. */
export interface KeyState {
  shown: FilteredCompilation;
  focusedKey: string | null;
  selectedEntries: readonly CompilationEntry[];
  acceptSelected: () => Promise<void>;
}

/** What the keys do beyond a card's own handlers; each keeps its identity between renders. */
export interface KeyActions {
  focusCard: (key: string) => void;
  setLimit: Dispatch<SetStateAction<number>>;
  setBulkForm: Dispatch<SetStateAction<BulkForm>>;
  searchRef: RefObject<HTMLInputElement | null>;
}

/**
 * The workspace's keyboard (CW4) on the whole document: move between cards, select, accept,
 * reject, undo, act on the selection, jump to the search. The state is read through a ref so
 * the listener stays put while the list changes.
 */
export function useWorkspaceKeys(
  handlers: CardHandlers,
  latest: KeyState,
  { focusCard, setLimit, setBulkForm, searchRef }: KeyActions,
): void {
  const keyState = useRef(latest);
  keyState.current = latest;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const command = commandOf(event);
      if (command === null) return;
      const { shown, focusedKey, acceptSelected, selectedEntries } = keyState.current;
      const entries = shown.entries;
      const index = entries.findIndex((e) => e.key === focusedKey);
      const focused = index === -1 ? null : entries[index]!;
      const move = (to: number) => {
        const target = entries[Math.max(0, Math.min(entries.length - 1, to))];
        if (!target) return;
        // The card moved to must be drawn before it can take the focus.
        setLimit((l) => Math.max(l, to + RENDER_STEP));
        focusCard(target.key);
      };
      event.preventDefault();
      switch (command) {
        case 'next':
          move(index + 1);
          break;
        case 'previous':
          move(index === -1 ? 0 : index - 1);
          break;
        case 'select':
          if (focused) handlers.toggle(focused.key);
          break;
        case 'accept':
          if (focused?.status === 'submitted') handlers.decide(focused, { kind: 'accept' });
          break;
        case 'reject':
          if (focused?.status === 'submitted') handlers.open(focused.key, 'reject');
          break;
        case 'undo':
          if (focused?.amendments.some(isUndoable)) handlers.decide(focused, { kind: 'undo' });
          break;
        case 'acceptSelected':
          void acceptSelected();
          break;
        case 'rejectSelected':
          if (selectedEntries.length > 0) setBulkForm('reject');
          break;
        case 'search':
          searchRef.current?.focus();
          break;
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [handlers, focusCard, setLimit, setBulkForm, searchRef]);
}
