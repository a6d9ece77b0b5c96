import * as Y from 'yjs';
import type { WriteLog } from '../WriteLog.js';
import type { PipelineStep } from './Change.js';

/**
 * Step 5, broadcast: apply the stored update to the durable document, whose 'update' event
 * sends it to every connection but its sender (the room listens, with the change as origin).
 * The durable document holds only stored updates, so nothing anyone is sent can be lost. The
 * update leaves the writes in flight only now, in the same synchronous step.
 */
export function broadcast(deps: { doc: Y.Doc; log: WriteLog }): PipelineStep {
  return {
    name: 'broadcast',
    run(change) {
      if (!change.changed) return 'next';
      Y.applyUpdate(deps.doc, change.update, change);
      // From here the durable document holds it: a rebuilt shadow finds it there.
      deps.log.inflight.shift();
      return 'next';
    },
  };
}
