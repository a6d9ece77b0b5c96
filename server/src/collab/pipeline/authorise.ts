import type * as Y from 'yjs';
import type { RefusedWrites } from '../RefusedWrites.js';
import { changesDocument } from '../changesDocument.js';
import type { PipelineStep } from './Change.js';

/**
 * Step 1, authorise: may this source write the document? A connection's right was decided by
 * the access policy at the upgrade and on every rights change (AC3, AC9); a reader's update that
 * would change something is dropped and counted, one that changes nothing (its sync step 2
 * echoing what it was sent) is acknowledged. The server authorises its own changes before it
 * makes them (a route checks the person's capability first).
 */
export function authorise(deps: { doc: Y.Doc; refusedWrites: RefusedWrites }): PipelineStep {
  return {
    name: 'authorise',
    run(change) {
      if (change.source.kind === 'server' || change.source.conn.canWrite) return 'next';
      let writes: boolean;
      try {
        writes = changesDocument(deps.doc, change.update);
      } catch {
        writes = true;
      }
      if (!writes) return 'acknowledge';
      deps.refusedWrites.count(change.source.conn);
      return 'drop';
    },
  };
}
