import { CloseCode } from '@accord/shared';
import type { UpdateValidator } from '../UpdateValidator.js';
import { refuse, type PipelineStep } from './Change.js';

/**
 * Step 3, validate: apply the update to the shadow copy (durable state + writes in flight) and
 * judge the result (WS10–WS21, DM2): the server's own changes strictly, a client's with repeated
 * block ids reported for repair (DM6). Refused → the shadow is rebuilt and nothing is stored.
 */
export function validate(deps: {
  validator: UpdateValidator;
  /** Rebuilds the shadow from the durable document and the writes in flight. */
  rebuild: () => void;
}): PipelineStep {
  return {
    name: 'validate',
    run(change) {
      // A fresh editor's sync step 2 is the empty update: nothing to judge, and judging it
      // would build the shadow copy on the join of everyone who holds the pen.
      if (isEmptyUpdate(change.update)) return 'acknowledge';
      const verdict = deps.validator.apply(change.update, change.source.kind === 'server');
      if (!verdict.ok) {
        deps.rebuild();
        return refuse(CloseCode.InvalidUpdate, verdict.reason);
      }
      change.duplicates = verdict.duplicates ?? [];
      change.rename = verdict.rename ?? [];
      change.join = verdict.join ?? [];
      change.prune = verdict.prune ?? [];
      return verdict.changed ? 'next' : 'acknowledge';
    },
  };
}

/** True for the V1 encoding of an update with no structs and no deletions. */
function isEmptyUpdate(update: Uint8Array): boolean {
  return update.length === 2 && update[0] === 0 && update[1] === 0;
}
