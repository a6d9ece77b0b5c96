import type { Amendment } from '@accord/shared';
import { BatchReport } from './BatchReport.js';
import { RejectReasonForm } from './RejectReasonForm.js';
import type { CompilationEntry } from './compilation.js';
import { MergeForm } from './MergeForm.js';
import type { BulkDecisions } from './useBulkDecisions.js';
import { WORKSPACE_SHORTCUTS } from './workspaceShortcuts.js';

/** The target amendments to the same paragraph share, for merging (the server's rule). */
function mergeTarget(a: Amendment): string {
  return a.kind === 'insert' ? `after:${a.afterBlockId}` : `on:${a.blockId}`;
}

/**
 * What the pen-holder does with the selected amendments (CW3): select all shown or none, accept
 * or reject them together, or merge those to one paragraph into a compromise; with the open form
 * and the report of the last batch below.
 */
export function SelectionBar({
  documentId,
  selectedCount,
  selectedEntries,
  bulk,
  onSelectAll,
  onClear,
  onMerged,
}: {
  documentId: string;
  selectedCount: number;
  selectedEntries: readonly CompilationEntry[];
  bulk: BulkDecisions;
  onSelectAll: () => void;
  onClear: () => void;
  /** After a merge: the selection is done with; `message` says what was merged. */
  onMerged: (message: string) => void;
}) {
  const { batch, bulkForm, setBulkForm } = bulk;
  const openSelected = selectedEntries.filter((e) => e.status === 'submitted');
  const mergeable =
    openSelected.length === selectedEntries.length &&
    selectedEntries.flatMap((e) => e.amendments).length >= 2 &&
    new Set(selectedEntries.map((e) => mergeTarget(e.first))).size === 1;
  const running = batch !== null && !batch.finished;

  return (
    <>
      <div className="cw-bulk" role="group" aria-label="Selected amendments">
        <span>{selectedCount} selected</span>
        <button type="button" className="button button-quiet" onClick={onSelectAll}>
          Select all shown
        </button>
        <button
          type="button"
          className="button button-quiet"
          disabled={selectedCount === 0}
          onClick={onClear}
        >
          Clear selection
        </button>
        <button
          type="button"
          className="button button-primary"
          disabled={openSelected.length === 0 || running}
          aria-keyshortcuts={WORKSPACE_SHORTCUTS.acceptSelected.aria}
          onClick={() => void bulk.acceptSelected()}
        >
          Accept selected
        </button>
        <button
          type="button"
          className="button"
          disabled={openSelected.length === 0 || running}
          aria-expanded={bulkForm === 'reject'}
          aria-keyshortcuts={WORKSPACE_SHORTCUTS.rejectSelected.aria}
          onClick={() => setBulkForm(bulkForm === 'reject' ? null : 'reject')}
        >
          Reject selected…
        </button>
        <button
          type="button"
          className="button"
          disabled={!mergeable}
          aria-expanded={bulkForm === 'merge'}
          onClick={() => setBulkForm(bulkForm === 'merge' ? null : 'merge')}
        >
          Merge selected into a compromise…
        </button>
      </div>
      {bulkForm === 'reject' && (
        <RejectReasonForm
          label={`Reason for rejecting the ${openSelected.length} selected (required, given to each)`}
          submitLabel={`Reject ${openSelected.length}`}
          onCancel={() => setBulkForm(null)}
          onReject={(reason) => void bulk.runSelected('rejected', { kind: 'reject', reason })}
        />
      )}
      {bulkForm === 'merge' && mergeable && (
        <MergeForm
          entries={selectedEntries}
          onCancel={() => setBulkForm(null)}
          onMerged={(message) => {
            setBulkForm(null);
            onMerged(message);
          }}
          documentId={documentId}
        />
      )}
      {batch && <BatchReport batch={batch} onClose={bulk.dismissBatch} />}
    </>
  );
}
