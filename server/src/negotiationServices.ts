import type { NegotiationEvent } from '@accord/shared';
import type { Logger } from './logger.js';
import type { SharedLock } from './cluster/SharedLock.js';
import type { Storage } from './storage/Storage.js';
import type { Clock } from './time/Clock.js';
import type { Scheduler } from './time/Scheduler.js';
import type { Rooms } from './collab/Rooms.js';
import type { RoundService } from './rounds/RoundService.js';
import type { WritingWindow } from './rounds/WritingWindow.js';
import type { NegotiationFeed } from './rounds/NegotiationFeed.js';
import { AmendmentService } from './amendments/AmendmentService.js';
import { AmendmentFeed } from './amendments/AmendmentFeed.js';
import type { DocumentFeedSources } from './amendments/documentFeed.js';
import { ThreadService } from './comments/ThreadService.js';
import { RoundLabelService } from './labels/RoundLabelService.js';
import { VersionService } from './versions/VersionService.js';
import { SilenceService, SILENCE_EXPIRY_TASK } from './silence/SilenceService.js';
import { silenceLabels } from './silence/silenceLabels.js';
import { StatusService } from './status/StatusService.js';

/** What the negotiation's services are built on: the server's storage, clock, rooms and rounds. */
export interface NegotiationDeps {
  storage: Storage;
  clock: Clock;
  logger: Logger;
  rooms: Rooms;
  rounds: RoundService;
  window: WritingWindow;
  scheduler: Scheduler;
  negotiationFeed: NegotiationFeed;
  /** Held across processes around each queued change (CL5); absent with one process. */
  lock?: SharedLock;
  /** Passes a negotiation event computed here to the other processes (CL5). */
  relayEvent?: (event: NegotiationEvent) => void;
}

/** The services of the negotiation's workflow, wired to each other and to the rounds' hooks. */
export interface NegotiationServices {
  versions: VersionService;
  labels: RoundLabelService;
  amendments: AmendmentService;
  threads: ThreadService;
  silence: SilenceService;
  /** The paragraphs' statuses (issue 10, NS). */
  status: StatusService;
  /** The documents' live feed (amendments and threads). */
  feed: AmendmentFeed;
  /** What a document's feed reads its catch-up from. */
  feedSources: DocumentFeedSources;
}

/**
 * Builds the workflow on top of the rooms and the rounds, in the order they depend on each
 * other: versions (which the rounds publish through), stable labels, amendments (carried over
 * at publication), comments, and the silence procedure, whose expiry task is registered here,
 * before the scheduler starts, so an expiry passed while the server was down is decided at start.
 */
export function negotiationServices(deps: NegotiationDeps): NegotiationServices {
  const { storage, clock, logger, rooms, rounds, window, scheduler, negotiationFeed, lock } = deps;
  // Silence and status events go to this process's clients and the other processes' (CL5).
  const publish = (event: NegotiationEvent) => {
    deps.relayEvent?.(event);
    return negotiationFeed.publish(() => event);
  };
  // Versions freeze documents as stored; the rounds publish through them (VR1, VR4).
  const versions: VersionService = new VersionService({
    versions: storage.versions,
    documents: storage.documents,
    amendments: storage.amendments,
    directory: storage.directory,
    audit: storage.audit,
    clock,
    rooms,
    // Labels given to blocks added during the round, recorded as their labels in it (SL6).
    keptLabels: (roundId, documentId) => storage.labels.kept(roundId, documentId),
    // The live text is compared under the labels delegates see now (SL8).
    labeller: (documentId) => roundLabels.labeller(documentId),
  });
  const feed = new AmendmentFeed(clock);
  const labels: RoundLabelService = new RoundLabelService({
    rounds,
    start: versions,
    store: storage.labels,
    rooms,
    documents: storage.documents,
    clock,
    logger,
  });
  const roundLabels: RoundLabelService = labels;
  const amendments = new AmendmentService({
    amendments: storage.amendments,
    documents: storage.documents,
    rooms,
    audit: storage.audit,
    clock,
    feed,
    logger,
    labeller: (documentId) => roundLabels.labeller(documentId),
    window,
    rounds,
    lock,
  });
  rounds.addHooks({
    afterPublish: (round, next, at) => amendments.carryOver(round, next, at),
  });
  // A round starts from a version and publishing freezes one (VR1, VR4): the labels of the
  // round under way start from it (SL1).
  rounds.addHooks({
    beforeStart: async (round, at) => void (await versions.ensureStartVersion(round, at)),
    beforePublish: async (round, at, by) => {
      // Labels given in the last moments before publication are kept before they are frozen.
      for (const doc of await storage.documents.listDocuments())
        await roundLabels.keepLabels(doc.id);
      await versions.publish(round, at, by);
    },
  });
  const threads = new ThreadService({
    threads: storage.threads,
    amendments: storage.amendments,
    documents: storage.documents,
    rooms,
    audit: storage.audit,
    clock,
    feed,
    window,
    lock,
  });
  // The silence procedure moves its round itself at expiry (SI6). Its task is handled before
  // the scheduler starts, so an expiry passed while the server was down is decided at start.
  const silence = new SilenceService({
    store: storage.silence,
    rounds,
    scheduler,
    documents: storage.documents,
    labels: silenceLabels(rooms, (documentId) => roundLabels.labeller(documentId)),
    audit: storage.audit,
    clock,
    publish,
    lock,
    logger,
  });
  scheduler.handle(SILENCE_EXPIRY_TASK, silence.onExpiryTask);
  // Statuses are public like the text: pushed on the negotiation feed, which reaches everyone.
  const status = new StatusService({
    store: storage.statuses,
    documents: storage.documents,
    directory: storage.directory,
    rooms,
    rounds,
    labeller: (documentId) => roundLabels.labeller(documentId),
    audit: storage.audit,
    clock,
    publish,
    lock,
    logger,
  });
  const feedSources: DocumentFeedSources = {
    feed,
    amendments,
    threads,
    amendmentStore: storage.amendments,
    threadStore: storage.threads,
    logger,
  };
  return { versions, labels, amendments, threads, silence, status, feed, feedSources };
}
