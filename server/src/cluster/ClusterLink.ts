import type { Rooms } from '../collab/Rooms.js';
import type { RoomRelay } from '../collab/Room.js';
import type { AmendmentFeed } from '../amendments/AmendmentFeed.js';
import type { NegotiationFeed } from '../rounds/NegotiationFeed.js';
import type { RoundService } from '../rounds/RoundService.js';
import { negotiationEventSchema, type NegotiationEvent } from '@accord/shared';
import type { Clock } from '../time/Clock.js';
import type { Logger } from '../logger.js';
import type { Relay } from './Relay.js';
import type { RelayMessage } from './relayMessage.js';

/** What the link acts on when another process speaks. */
export interface ClusterTargets {
  rooms: Rooms;
  feed: AmendmentFeed;
  negotiationFeed: NegotiationFeed;
  rounds: RoundService;
  /** Re-checks this process's sockets and feeds after a rights change elsewhere. */
  rightsChanged: () => Promise<void>;
  /** Closes this process's sockets and feeds of an ended session. */
  sessionEnded: (tokenHash: string) => void;
}

/** How often loaded rooms check the store for updates a lost message did not announce. */
export const DEFAULT_SWEEP_MS = 5_000;

/**
 * This process's side of the cluster (CL1–CL5): what it stores and what its users do goes to the
 * relay, and what the others did is applied here. Text arrives as the stored updates
 * themselves, applied in log order; everything else arrives as a notice and is read from the
 * database. After a relay outage (`onResync`), and every `sweepMs` in any case, loaded rooms
 * and open feeds catch up from the database, so a lost message delays and never loses.
 */
export class ClusterLink {
  private targets: ClusterTargets | null = null;
  private cancelSweep: (() => void) | null = null;
  private stopped = false;

  constructor(
    private readonly relay: Relay,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly sweepMs = DEFAULT_SWEEP_MS,
    /** Observes how long each message took from its sender (the relay lag metric, OP2). */
    private readonly observeLag: (seconds: number) => void = () => undefined,
  ) {}

  /** What the rooms tell the other processes (stored updates, presence). */
  readonly roomRelay: RoomRelay = {
    stored: (room, seq, update, claims) =>
      this.relay.publish({
        type: 'update',
        room,
        seq,
        update: base64(update),
        claims: [...claims],
      }),
    presence: (room, update) =>
      this.relay.publish({ type: 'presence', room, update: base64(update) }),
  };

  /** Starts applying the other processes' messages to `targets`, and the periodic catch-up. */
  attach(targets: ClusterTargets): void {
    this.targets = targets;
    this.relay.onMessage((message) => this.receive(message));
    this.relay.onResync(() => void this.catchUp('resync'));
    this.armSweep();
  }

  /** The amendments or threads of `documentId` changed here. */
  feedChanged(documentId: string): void {
    this.relay.publish({ type: 'feed', documentId });
  }

  /** The rounds changed here, or a deadline passed. */
  roundsChanged(): void {
    this.relay.publish({ type: 'rounds' });
  }

  /** A negotiation event computed here (silence, statuses), for the others' clients. */
  negotiationEvent(event: NegotiationEvent): void {
    this.relay.publish({ type: 'negotiation', event: event as unknown as Record<string, unknown> });
  }

  /** Someone's rights changed here. */
  rightsChanged(): void {
    this.relay.publish({ type: 'rights' });
  }

  /** A session ended here. */
  sessionEnded(tokenHash: string): void {
    this.relay.publish({ type: 'session', tokenHash });
  }

  /** Whether the relay answers (for `GET /api/health`). */
  async healthy(): Promise<boolean> {
    return (await this.relay.health()).ok;
  }

  /** Stops the sweep and the relay. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelSweep?.();
    await this.relay.close();
  }

  /**
   * Catches every loaded room and open feed up from the database, and re-reads the rounds:
   * whatever the relay failed to deliver is found there.
   */
  async catchUp(why: string): Promise<void> {
    const t = this.targets;
    if (!t || this.stopped) return;
    const rooms = await t.rooms.loaded();
    const results = await Promise.allSettled([
      ...rooms.map((room) => room.catchUp()),
      ...t.feed.documents().map((documentId) => t.feed.refresh(documentId)),
      ...(why === 'resync' ? [t.rounds.reload()] : []),
    ]);
    for (const r of results)
      if (r.status === 'rejected')
        this.logger.warn('catch-up from the database failed', { why, error: String(r.reason) });
  }

  private armSweep(): void {
    if (this.stopped || this.sweepMs <= 0) return;
    this.cancelSweep = this.clock.at(this.clock.now() + this.sweepMs, () => {
      void this.catchUp('sweep').finally(() => this.armSweep());
    });
  }

  private receive(message: RelayMessage): void {
    const t = this.targets;
    if (!t) return;
    this.observeLag(Math.max(0, this.clock.now() - message.at) / 1000);
    const p = message.payload;
    switch (p.type) {
      case 'update':
        void t.rooms.find(p.room)?.then(
          (room) => room.receiveRemote(p.seq, fromBase64(p.update), p.claims),
          () => undefined,
        );
        return;
      case 'presence':
        void t.rooms.find(p.room)?.then(
          (room) => room.receiveRemotePresence(fromBase64(p.update)),
          () => undefined,
        );
        return;
      case 'feed':
        void t.feed
          .refresh(p.documentId)
          .catch((err: unknown) => this.logger.warn('feed refresh failed', { error: String(err) }));
        return;
      case 'rounds':
        void t.rounds
          .reload()
          .catch((err: unknown) =>
            this.logger.warn('rounds reload failed', { error: String(err) }),
          );
        return;
      case 'negotiation': {
        const event = negotiationEventSchema.safeParse(p.event);
        if (event.success) void t.negotiationFeed.publish(() => event.data);
        else this.logger.warn('relayed negotiation event ignored', { error: event.error.message });
        return;
      }
      case 'rights':
        void t.rightsChanged();
        return;
      case 'session':
        t.sessionEnded(p.tokenHash);
        return;
    }
  }
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

function fromBase64(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'base64'));
}
