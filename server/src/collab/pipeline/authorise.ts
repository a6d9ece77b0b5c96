import type * as Y from 'yjs';
import { CloseCode, type ChangeOrigin } from '@accord/shared';
import type { RefusedWrites } from '../RefusedWrites.js';
import { changesDocument } from '../changesDocument.js';
import type { PipelineStep } from './Change.js';

/**
 * Step 1, authorise: may this source write the document? A connection's right was decided by
 * the access policy at the upgrade and on every rights change (AC3, AC9); a reader's update that
 * would change something is dropped and counted, one that changes nothing (its sync step 2
 * echoing what it was sent) is acknowledged. The server authorises its own changes before it
 * makes them (a route checks the person's capability first). Then the rounds' gate (RD9–RD13)
 * judges every change, the server's included, when it arrives: a socket's right is re-checked
 * at each phase change, and an update racing that re-check is judged by the phase it meets.
 */
export function authorise(deps: {
  doc: Y.Doc;
  refusedWrites: RefusedWrites;
  /** Why a change by `origin` may not be made now (the rounds), or null. */
  gate?: (origin: ChangeOrigin) => string | null;
}): PipelineStep {
  return {
    name: 'authorise',
    run(change) {
      const closed = deps.gate?.(change.origin) ?? null;
      if (change.source.kind === 'server') {
        if (closed === null) return 'next';
        return {
          refused: true,
          code: CloseCode.Forbidden,
          reason: closed,
          action: 'document.write',
        };
      }
      if (change.source.conn.canWrite && closed === null) return 'next';
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
