import type { Response } from 'express';
import { AMENDMENT_EVENT, canReadThread, type AmendmentEvent } from '@accord/shared';
import type { Clock } from '../time/Clock.js';
import { openEventStream, StreamKeepalive } from '../http/eventStream.js';

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

  /** Pushes events of `documentId` (in seq order) to everyone following it. */
  publish(documentId: string, events: readonly AmendmentEvent[]): void {
    for (const sub of this.subscribers) {
      if (sub.documentId !== documentId) continue;
      if (sub.buffered) sub.buffered.push(...events);
      else for (const event of events) this.write(sub, event);
    }
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
