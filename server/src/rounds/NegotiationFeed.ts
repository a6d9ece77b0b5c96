import type { Response } from 'express';
import { NEGOTIATION_EVENT, type NegotiationEvent } from '@accord/shared';
import type { Principal } from '../auth/Principal.js';
import type { Clock } from '../time/Clock.js';
import { openEventStream, StreamKeepalive } from '../http/eventStream.js';

/** One open stream: a signed-in person's browser following the negotiation. */
interface Listener {
  res: Response;
  who: Principal;
  tokenHash: string | null;
  expiresAt: number | null;
}

/** Makes a reader's own event (each person's submission window is their delegation's). */
export type EventFor = (who: Principal) => NegotiationEvent | Promise<NegotiationEvent>;

/**
 * The negotiation-wide live feed (SPEC NF1–NF2): server-sent events carrying the whole state of
 * a concern (the rounds, a silence procedure) each time it changes, rather than deltas, so a
 * client that reconnects is right again with the first event and nothing needs replaying. Each
 * reader gets its own view: the rounds event holds the reader's delegation's submission window.
 */
export class NegotiationFeed {
  private readonly listeners = new Set<Listener>();
  private readonly keepalive: StreamKeepalive<Listener>;

  constructor(clock: Clock) {
    this.keepalive = new StreamKeepalive(clock, this.listeners);
  }

  /** Opens a stream on `res` for `who` and writes `first` (the current state) at once. */
  async open(res: Response, who: Principal, first: EventFor[]): Promise<void> {
    openEventStream(res);
    const listener: Listener = {
      res,
      who,
      tokenHash: who.session?.tokenHash ?? null,
      expiresAt: who.session?.expiresAt ?? null,
    };
    this.listeners.add(listener);
    res.on('close', () => this.listeners.delete(listener));
    this.keepalive.ensure();
    for (const make of first) this.write(listener, await make(who));
  }

  /** Sends every reader its own version of an event. */
  async publish(eventFor: EventFor): Promise<void> {
    await Promise.all([...this.listeners].map(async (l) => this.write(l, await eventFor(l.who))));
  }

  /** Ends the streams of a session that has ended (sign-out). */
  closeSession(tokenHash: string): void {
    for (const l of this.listeners) if (l.tokenHash === tokenHash) l.res.end();
  }

  /** Ends every stream (the server stops, or rights changed and readers must be checked anew). */
  closeAll(): void {
    for (const l of this.listeners) l.res.end();
    this.listeners.clear();
    this.keepalive.stop();
  }

  /** How many streams are open (for tests). */
  get size(): number {
    return this.listeners.size;
  }

  private write(l: Listener, event: NegotiationEvent): void {
    if (l.res.writableEnded) return;
    l.res.write(`event: ${NEGOTIATION_EVENT}\ndata: ${JSON.stringify(event)}\n\n`);
  }
}
