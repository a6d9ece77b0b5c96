import type { AmendmentActor } from '@accord/shared';
import type { Principal } from '../auth/Principal.js';
import type { Rooms } from '../collab/Rooms.js';
import type { Logger } from '../logger.js';
import type { AmendmentStore } from '../storage/AmendmentStore.js';
import type { Clock } from '../time/Clock.js';
import type { AmendmentRecords } from './amendmentRecords.js';

/**
 * What the amendment workflows (submitting, feedback, decisions, compromises, the outdated
 * check) are given by `AmendmentService`, which runs each of them in its document's queue once
 * the request has passed the service's checks: the records as stored, the texts, the server's
 * clock, and where a change is stored, told and audited.
 */
export interface AmendmentContext {
  /** Read-only here: every write goes through `records`, so it is also published and audited. */
  amendments: Pick<AmendmentStore, 'get' | 'list' | 'nextNumber'>;
  records: AmendmentRecords;
  rooms: Rooms;
  clock: Clock;
  logger: Logger;
}

/** The acting delegation as the pure rules of shared/amendment.ts see it. */
export function actorOf(who: Principal): AmendmentActor {
  return { delegationId: who.delegation.id, roles: who.delegation.roles, personId: who.id };
}
