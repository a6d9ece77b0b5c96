import type { Response } from 'express';
import type { AmendmentEvent } from '@accord/shared';
import type { Principal } from '../auth/Principal.js';
import type { Logger } from '../logger.js';
import type { AmendmentStore } from '../storage/AmendmentStore.js';
import type { ThreadStore } from '../storage/ThreadStore.js';
import type { AmendmentFeed } from './AmendmentFeed.js';

/** Where the document feed's catch-up comes from. */
export interface DocumentFeedSources {
  feed: AmendmentFeed;
  amendments: { changesSince(documentId: string, seq: number): Promise<AmendmentEvent[]> };
  threads: { changesSince(documentId: string, seq: number): Promise<AmendmentEvent[]> };
  amendmentStore: Pick<AmendmentStore, 'lastSeq'>;
  threadStore: Pick<ThreadStore, 'lastSeq'>;
  logger: Logger;
}

/**
 * Opens a document's feed (amendments, compromises and comment threads, AF1–AF3) on `res` for
 * `who`, who has seen everything up to `after`. The catch-up merges both stores in `seq` order
 * (one counter); the feed writes only threads the reader may see (CM1). An id beyond anything
 * stored comes from another database: that client starts from the top. A failed catch-up ends
 * the stream, so the client reconnects from where it was.
 */
export async function openDocumentFeed(
  sources: DocumentFeedSources,
  res: Response,
  documentId: string,
  after: number,
  who: Principal,
): Promise<void> {
  const last = Math.max(
    await sources.amendmentStore.lastSeq(documentId),
    await sources.threadStore.lastSeq(documentId),
  );
  const from = after > last ? 0 : after;
  const catchUp = (seq: number) => readDocumentFeed(sources, documentId, seq);
  await sources.feed
    .open(
      res,
      documentId,
      from,
      { delegationId: who.delegation.id, session: who.session ?? null },
      catchUp,
    )
    .catch((err: unknown) =>
      sources.logger.error('feed catch-up failed', { documentId, error: String(err) }),
    );
}

/**
 * What a document's feed holds after `seq`: amendments, compromises and threads, in seq order.
 * The two stores are read one after the other; a record saved in between (by another process)
 * could have a higher seq than one the first read missed. So the feed's head is read first, and
 * only records up to it are returned: seqs are given in commit order, so everything up to the
 * head is visible to both reads, and what comes after is read next time.
 */
export async function readDocumentFeed(
  sources: Pick<DocumentFeedSources, 'amendments' | 'threads' | 'amendmentStore' | 'threadStore'>,
  documentId: string,
  seq: number,
): Promise<AmendmentEvent[]> {
  const head = Math.max(
    await sources.amendmentStore.lastSeq(documentId),
    await sources.threadStore.lastSeq(documentId),
  );
  return [
    ...(await sources.amendments.changesSince(documentId, seq)),
    ...(await sources.threads.changesSince(documentId, seq)),
  ]
    .filter((event) => event.seq <= head)
    .sort((a, b) => a.seq - b.seq);
}
