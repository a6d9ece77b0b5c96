import type { CompilationEntry } from './compilation.js';
import { entryNumbers, type BatchFailure } from './entryDecisions.js';

/** A batch in progress or finished: how far it got and what the server refused. */
export interface Batch {
  what: string;
  done: number;
  total: number;
  failures: BatchFailure<CompilationEntry>[];
  finished: boolean;
}

/** A decision on a selection as it runs, then what the server refused; dismissed when read. */
export function BatchReport({ batch, onClose }: { batch: Batch; onClose: () => void }) {
  return (
    <div className="cw-batch">
      <p role="status">
        {batch.finished
          ? `${batch.total - batch.failures.length} of ${batch.total} ${batch.what}.`
          : `Working: ${batch.done} of ${batch.total}…`}{' '}
        <progress value={batch.done} max={Math.max(batch.total, 1)} aria-label="Progress" />
      </p>
      {batch.failures.length > 0 && (
        <div role="alert">
          <p>The server refused:</p>
          <ul>
            {batch.failures.map((f) => (
              <li key={f.item.key}>
                {entryNumbers(f.item)} ({f.item.first.label}): {f.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {batch.finished && (
        <button type="button" className="button button-quiet" onClick={onClose}>
          Dismiss
        </button>
      )}
    </div>
  );
}
