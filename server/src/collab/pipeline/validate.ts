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
      const verdict = deps.validator.apply(change.update, change.source.kind === 'server');
      if (!verdict.ok) {
        deps.rebuild();
        return refuse(CloseCode.InvalidUpdate, verdict.reason);
      }
      change.duplicates = verdict.duplicates ?? [];
      change.rename = verdict.rename ?? [];
      change.join = verdict.join ?? [];
      return verdict.changed ? 'next' : 'acknowledge';
    },
  };
}
