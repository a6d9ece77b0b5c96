import { isUndoable, type Amendment } from '@accord/shared';
import { decideAmendment } from '../api/amendments.js';
import { undoDecision } from '../api/consolidation.js';
import { errorMessage } from '../api/http.js';
import type { CompilationEntry } from './compilation.js';

/**
 * Decisions taken from the workspace (SPEC CW3). An entry may be several identical amendments
 * (AM8): a decision on it is taken on each of them, one after another, so the text changes once
 * (the later ones find their words already in and change nothing) and every delegation's
 * amendment gets its status. An undo takes them back in the reverse order.
 */

/** What a pen-holder decides on an entry. */
export type EntryDecision =
  | { kind: 'accept' }
  | { kind: 'accept-with-changes'; text: string; reason: string | null }
  | { kind: 'reject'; reason: string }
  | { kind: 'undo' };

/** The entry's amendments a decision applies to: the open ones, or the undoable ones. */
export function decidable(entry: CompilationEntry, decision: EntryDecision): Amendment[] {
  if (decision.kind === 'undo') return entry.amendments.filter(isUndoable).reverse();
  return entry.amendments.filter((a) => a.status === 'submitted');
}

/** Carries out `decision` on each amendment of the entry in turn; stops at the first refusal. */
export async function decideEntry(entry: CompilationEntry, decision: EntryDecision): Promise<void> {
  for (const a of decidable(entry, decision)) {
    switch (decision.kind) {
      case 'accept':
        await decideAmendment(a.id, 'accept');
        break;
      case 'accept-with-changes':
        await decideAmendment(a.id, 'accept-with-changes', {
          text: decision.text,
          reason: decision.reason,
        });
        break;
      case 'reject':
        await decideAmendment(a.id, 'reject', { reason: decision.reason });
        break;
      case 'undo':
        await undoDecision(a.id);
        break;
    }
  }
}

/** One item of a batch that the server refused, and why. */
export interface BatchFailure<T> {
  item: T;
  message: string;
}

/**
 * Runs `act` on each item one after another (the server decides one document's amendments one
 * at a time anyway, and an error must name its item), reporting progress after each; a refusal
 * is recorded and the batch goes on.
 */
export async function runBatch<T>(
  items: readonly T[],
  act: (item: T) => Promise<unknown>,
  onProgress: (done: number, total: number) => void,
): Promise<{ succeeded: T[]; failed: BatchFailure<T>[] }> {
  const succeeded: T[] = [];
  const failed: BatchFailure<T>[] = [];
  onProgress(0, items.length);
  for (const [i, item] of items.entries()) {
    try {
      await act(item);
      succeeded.push(item);
    } catch (error) {
      failed.push({ item, message: errorMessage(error) });
    }
    onProgress(i + 1, items.length);
  }
  return { succeeded, failed };
}

/** "A12" or "A12, A15": how an entry is cited. */
export function entryNumbers(entry: CompilationEntry): string {
  return entry.amendments.map((a) => `A${a.number}`).join(', ');
}
