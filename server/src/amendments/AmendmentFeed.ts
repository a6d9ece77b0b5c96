import type { Response } from 'express';
import { AMENDMENT_EVENT, canReadThread, type AmendmentEvent } from '@accord/shared';
import type { Clock } from '../time/Clock.js';
import { openEventStream, StreamKeepalive } from '../http/eventStream.js';
import { KeyedQueue } from './KeyedQueue.js';

/** What a document's feed holds after a seq, read from the store. */
export type FeedReader = (documentId: string, after: number) => Promise<AmendmentEvent[]>;

/** One open event stream: a person's browser following a document's amendments. */
interface Subscriber {
  documentId: string;
  /** The reader's delegation: internal threads of other delegations are never written (CM1). */
  delegationId: string;
  res: Response;
  /** The session it was opened with: closed when that session ends. */
  tokenHash: string | null;
  /** When that session expires (ms on the clock): the stream ends then too (AF3). */
  expiresAt: number | null;
  /** The highest seq written to it; nothing at or below is written again. */
  sent: number;
  /** Events that arrived while its catch-up was being read, written after it. */
  buffered: AmendmentEvent[] | null;
}

/**
 * The live amendment feed (SPEC AF1–AF3): server-sent events per document, each the whole record
 * as it is now with its `seq` as the event id. A client resumes after a reconnect from the last
 * id it saw (the `Last-Event-ID` header EventSource sends, or `?after=`): the catch-up is read
 * from the store, and events arriving meanwhile are held and written after it, so none is missed
 * and none is written twice or out of order.
 */
export class AmendmentFeed {
  private readonly subscribers = new Set<Subscriber>();
  private readonly keepalive: StreamKeepalive<Subscriber>;
  /** With other processes writing (CL5): where events are read from instead of taken as given. */
  private shared: { read: FeedReader; told: (documentId: string) => void } | null = null;
  private readonly refreshes = new KeyedQueue();

  constructor(clock: Clock) {
    this.keepalive = new StreamKeepalive(clock, this.subscribers);
  }

  /**
   * Opens a stream on `res` for `documentId` after `after`; `catchUp` reads what the store holds
   * after a seq. Resolves once the catch-up is written.
   */
  async open(
    res: Response,
    documentId: string,
    after: number,
    reader: {
      delegationId: string;
      session: { tokenHash: string; expiresAt: number } | null;
    },
    catchUp: (after: number) => Promise<AmendmentEvent[]>,
  ): Promise<void> {
    const session = reader.session;
    openEventStream(res);
    const sub: Subscriber = {
      documentId,
      delegationId: reader.delegationId,
      res,
      tokenHash: session?.tokenHash ?? null,
      expiresAt: session?.expiresAt ?? null,
      sent: after,
      buffered: [],
    };
    this.subscribers.add(sub);
    res.on('close', () => this.subscribers.delete(sub));
    this.keepalive.ensure();
    let caughtUp: AmendmentEvent[];
    try {
      caughtUp = await catchUp(after);
    } catch (err) {
      // Writing the live events without the catch-up would move the client's Last-Event-ID
      // past what it never got: end the stream, and EventSource reconnects from where it was.
      this.subscribers.delete(sub);
      res.end();
      throw err;
    }
    for (const event of caughtUp) this.write(sub, event);
    const held = sub.buffered ?? [];
    sub.buffered = null;
    for (const event of held) this.write(sub, event);
  }

  /**
   * Several processes write this feed (CL5): from now on every change is read from the store
   * (`read`) rather than written as given, because another process's record with a lower seq may
   * be heard of after this process's own, and a reader's stream must never skip it. `told` hears
   * of each change this process made, for the others.
   */
  share(read: FeedReader, told: (documentId: string) => void): void {
    this.shared = { read, told };
  }

  /** Pushes events of `documentId` (in seq order) to everyone following it. */
  publish(documentId: string, events: readonly AmendmentEvent[]): void {
    if (this.shared) {
      this.shared.told(documentId);
      void this.refresh(documentId);
      return;
    }
    for (const sub of this.subscribers) {
      if (sub.documentId !== documentId) continue;
      if (sub.buffered) sub.buffered.push(...events);
      else for (const event of events) this.write(sub, event);
    }
  }

  /**
   * Writes to the document's followers whatever the store holds after the oldest seq any of them
   * has (CL5): another process changed the feed, or this one did with others writing too. One
   * read at a time per document; each reader gets only what it lacks.
   */
  refresh(documentId: string): Promise<void> {
    const read = this.shared?.read;
    if (!read) return Promise.resolve();
    return this.refreshes.run(documentId, async () => {
      const following = [...this.subscribers].filter((s) => s.documentId === documentId);
      if (following.length === 0) return;
      const from = Math.min(...following.map((s) => s.sent));
      const events = await read(documentId, from);
      for (const sub of following) {
        if (!this.subscribers.has(sub)) continue;
        if (sub.buffered) sub.buffered.push(...events);
        else for (const event of events) this.write(sub, event);
      }
    });
  }

  /** Ends the streams opened with a session that has ended (sign-out). */
  closeSession(tokenHash: string): void {
    for (const sub of this.subscribers) if (sub.tokenHash === tokenHash) sub.res.end();
  }

  /** Ends every stream (the server is stopping, or rights changed and clients must re-ask). */
  closeAll(): void {
    for (const sub of this.subscribers) sub.res.end();
    this.subscribers.clear();
    this.keepalive.stop();
  }

  /** The documents someone follows now. */
  documents(): string[] {
    return [...new Set([...this.subscribers].map((s) => s.documentId))];
  }

  /** How many streams are open (for metrics and tests). */
  get size(): number {
    return this.subscribers.size;
  }

  private write(sub: Subscriber, event: AmendmentEvent): void {
    if (event.seq <= sub.sent) return;
    if (event.type === 'thread' && !canReadThread(event.thread, sub)) return;
    sub.sent = event.seq;
    sub.res.write(
      `id: ${event.seq}\nevent: ${AMENDMENT_EVENT}\ndata: ${JSON.stringify(event)}\n\n`,
    );
  }
}
