import { useCallback, useState } from 'react';
import { errorMessage } from '../api/http.js';
import type { ConfirmRequest } from '../ConfirmDialog.js';
import type { CompilationEntry } from './compilation.js';
import type { CardOutcome } from './EntryCard.js';
import { decideEntry, entryNumbers, type EntryDecision } from './entryDecisions.js';

const DONE_WORDS: Record<EntryDecision['kind'], string> = {
  accept: 'accepted',
  'accept-with-changes': 'accepted with changes',
  reject: 'rejected',
  undo: 'decision undone',
};

/** One entry's decision and what became of each card's last one. */
export interface DecideEntry {
  /** Asks the server to decide the entry; resolves when it answered (or the Chair said no). */
  decide: (entry: CompilationEntry, decision: EntryDecision) => Promise<void>;
  /** Per card: its decision under way, or why the server refused it. */
  outcomes: ReadonlyMap<string, CardOutcome>;
}

/**
 * Decisions on one entry at a time (CW3). Outside consolidation (a round in drafting) a decision
 * cannot be undone, so an accept is confirmed first then. `onDecided` hears each decision the
 * server took, with the sentence to announce; it must keep its identity between renders.
 */
export function useDecideEntry(
  confirm: (request: ConfirmRequest) => Promise<boolean>,
  undoable: boolean,
  onDecided: (entry: CompilationEntry, announcement: string) => void,
): DecideEntry {
  const [outcomes, setOutcomes] = useState<ReadonlyMap<string, CardOutcome>>(new Map());

  const decide = useCallback(
    async (entry: CompilationEntry, decision: EntryDecision) => {
      const setOutcome = (key: string, outcome: CardOutcome | null) =>
        setOutcomes((old) => {
          const next = new Map(old);
          if (outcome) next.set(key, outcome);
          else next.delete(key);
          return next;
        });
      if (decision.kind === 'accept' && !undoable) {
        const yes = await confirm({
          title: `Accept ${entryNumbers(entry)}?`,
          body: (
            <p>
              {entry.first.label} changes at once. Decisions can only be undone while the round is
              in consolidation.
            </p>
          ),
          confirmLabel: 'Accept',
        });
        if (!yes) return;
      }
      setOutcome(entry.key, { busy: true, error: null });
      try {
        await decideEntry(entry, decision);
        setOutcome(entry.key, null);
        onDecided(entry, `${entryNumbers(entry)} ${DONE_WORDS[decision.kind]}.`);
      } catch (error) {
        setOutcome(entry.key, { busy: false, error: errorMessage(error) });
      }
    },
    [confirm, undoable, onDecided],
  );

  return { decide, outcomes };
}
