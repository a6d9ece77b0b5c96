import { CloseCode } from '@accord/shared';
import { SERVER_HOLDER, type ClientIds } from '../ClientIds.js';
import { newItemClients } from '../changesDocument.js';
import { refuse, type PipelineStep } from './Change.js';

/**
 * Step 2, identify: the update's new items must be under client ids that belong to its author
 * (AC7): the person of a connection, or the server for its own changes.
 */
export function identify(deps: {
  clientIds: ClientIds;
  /** The next clock the validator expects from `client` (0 when it has nothing of it). */
  clock: (client: number) => number;
  /**
   * Client ids that belong to someone elsewhere although this document has nothing by them yet:
   * a working copy's base writers (WC7), whose updates will arrive in the copy under those ids.
   */
  taken?: (client: number) => boolean;
}): PipelineStep {
  return {
    name: 'identify',
    run(change) {
      let clients: Set<number>;
      try {
        clients = newItemClients(change.update, deps.clock);
      } catch (err) {
        return refuse(
          CloseCode.InvalidUpdate,
          `cannot decode update as Yjs V1: ${(err as Error).message}`,
        );
      }
      const holder = change.source.kind === 'server' ? SERVER_HOLDER : change.source.conn;
      const taken = deps.taken;
      const claim = deps.clientIds.claim(
        holder,
        clients,
        taken ? (c) => deps.clock(c) > 0 || taken(c) : (c) => deps.clock(c) > 0,
      );
      if (!claim.ok) return refuse(CloseCode.Forbidden, claim.reason);
      change.clients = clients;
      change.claim = claim;
      return 'next';
    },
  };
}
