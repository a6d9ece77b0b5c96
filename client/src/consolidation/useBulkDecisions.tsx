import { useCallback, useState, type Dispatch, type SetStateAction } from 'react';
import type { ConfirmRequest } from '../ConfirmDialog.js';
import type { Batch } from './BatchReport.js';
import type { CompilationEntry } from './compilation.js';
import { decideEntry, entryNumbers, runBatch, type EntryDecision } from './entryDecisions.js';

/** Which form for the selection is open: the common reason to reject, or the compromise. */
export type BulkForm = 'reject' | 'merge' | null;

/** Decisions on the selection: the batch running or last run, and the open form. */
export interface BulkDecisions {
  batch: Batch | null;
  dismissBatch: () => void;
  bulkForm: BulkForm;
  setBulkForm: Dispatch<SetStateAction<BulkForm>>;
  /** Decides every selected entry still open, one after another, then reports. */
  runSelected: (what: string, decision: EntryDecision) => Promise<void>;
  /** Accepts the selected entries still open, once the Chair confirmed the list. */
  acceptSelected: () => Promise<void>;
}

/**
 * Decisions on a selection (CW3): each selected entry still open is decided in turn; those the
 * server took leave the selection, those it refused stay selected and are reported. `setSelected`
 * and `announce` must keep their identity between renders (state setters do).
 */
export function useBulkDecisions(
  selectedEntries: readonly CompilationEntry[],
  confirm: (request: ConfirmRequest) => Promise<boolean>,
  setSelected: Dispatch<SetStateAction<ReadonlySet<string>>>,
  announce: (message: string) => void,
): BulkDecisions {
  const [batch, setBatch] = useState<Batch | null>(null);
  const [bulkForm, setBulkForm] = useState<BulkForm>(null);

  const runSelected = useCallback(
    async (what: string, decision: EntryDecision) => {
      const items = selectedEntries.filter((e) => e.status === 'submitted');
      if (items.length === 0) return;
      setBulkForm(null);
      const progress = (done: number, total: number) =>
        setBatch({ what, done, total, failures: [], finished: false });
      const { succeeded, failed } = await runBatch(
        items,
        (e) => decideEntry(e, decision),
        progress,
      );
      setBatch({ what, done: items.length, total: items.length, failures: failed, finished: true });
      setSelected((old) => {
        const next = new Set(old);
        for (const e of succeeded) next.delete(e.key);
        return next;
      });
      announce(
        `${succeeded.length} of ${items.length} ${what}${failed.length ? `; ${failed.length} refused` : ''}.`,
      );
    },
    [selectedEntries, setSelected, announce],
  );

  const acceptSelected = useCallback(async () => {
    const open = selectedEntries.filter((e) => e.status === 'submitted');
    if (open.length === 0) return;
    const yes = await confirm({
      title: `Accept ${open.length === 1 ? 'this amendment' : `${open.length} amendments`}?`,
      body: (
        <p>
          {open.map((e) => `${entryNumbers(e)} (${e.first.label})`).join(', ')} will go into the
          text, one after another. Each can be undone while the round is in consolidation.
        </p>
      ),
      confirmLabel: 'Accept selected',
    });
    if (yes) await runSelected('accepted', { kind: 'accept' });
  }, [confirm, runSelected, selectedEntries]);

  const dismissBatch = useCallback(() => setBatch(null), []);

  return { batch, dismissBatch, bulkForm, setBulkForm, runSelected, acceptSelected };
}
