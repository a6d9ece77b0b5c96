import * as Y from 'yjs';
import type { PipelineStep } from './Change.js';

/**
 * Step 5, broadcast: apply the stored update to the durable document, whose 'update' event
 * sends it to every connection but its sender (the room listens, with the change as origin).
 * The durable document holds only stored updates, so nothing anyone is sent can be lost.
 */
export function broadcast(deps: { doc: Y.Doc }): PipelineStep {
  return {
    name: 'broadcast',
    run(change) {
      if (change.changed) Y.applyUpdate(deps.doc, change.update, change);
      return 'next';
    },
  };
}
