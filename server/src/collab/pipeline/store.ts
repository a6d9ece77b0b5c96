import { CloseCode } from '@accord/shared';
import type { ClientClaim, DocumentStore } from '../../storage/DocumentStore.js';
import { SERVER_HOLDER, type ClientIdHolder, type ClientIds } from '../ClientIds.js';
import type { WriteLog } from '../WriteLog.js';
import type { PipelineStep } from './Change.js';

/**
 * Step 4, store: bind the claimed client ids to their holder, then write the update durably
 * with its origin and the ids it claims (ST3): nobody sees it before the store confirms it. A
 * store failure fails the room (everyone reconnects and reloads; nothing unconfirmed was
 * acknowledged).
 */
export function store(deps: {
  documentId: string;
  store: DocumentStore;
  log: WriteLog;
  clientIds: ClientIds;
  /**
   * Called after each confirmed write with its seq and the client ids it claimed (compaction,
   * the relay to other processes).
   */
  onStored: (seq: number, update: Uint8Array, claims: readonly ClientClaim[]) => void;
  onFailed: (err: unknown) => void;
}): PipelineStep {
  return {
    name: 'store',
    run(change) {
      const holder: ClientIdHolder =
        change.source.kind === 'server' ? SERVER_HOLDER : change.source.conn;
      const claim = change.claim;
      if (claim) {
        // The server holds no live connection: it only becomes the owner of new ids.
        const live = change.source.kind === 'server' ? [] : change.clients;
        deps.clientIds.commit(holder, live, claim.newOwners);
        for (const old of claim.replaced)
          old.close?.(CloseCode.Replaced, 'this document was opened again from the same editor');
      }
      if (!change.changed) return 'next';
      deps.log.inflight.push(change.update);
      const claims = (claim?.newOwners ?? []).map((clientId) => ({
        clientId,
        personId: holder.principal.id,
      }));
      const write = deps.store
        .appendUpdate(deps.documentId, change.update, { origin: change.origin, claims })
        .then(
          (seq) => {
            // Still in flight for the shadow until broadcast puts it into the durable document:
            // a rebuild in between (a refusal) must not lose it.
            deps.log.confirm(seq);
            change.seq = seq;
            deps.onStored(seq, change.update, claims);
            return 'next' as const;
          },
          (err: unknown) => {
            deps.onFailed(err);
            return 'drop' as const;
          },
        );
      deps.log.track(write);
      return write;
    },
  };
}
