import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { CloseCode, FRAGMENT_NAME, SyncMessageType, schema } from '@accord/shared';
import type { DocumentStore } from '../storage/DocumentStore.js';
import type { Logger } from '../logger.js';
import { UpdateValidator } from './UpdateValidator.js';
import { Connection, type ConnectionRoom } from './Connection.js';
import { awarenessMessage, syncMessage } from './messages.js';

/** Tuning of a room; defaults suit a negotiation of fifty delegations. */
export interface RoomOptions {
  /** Compact the update log into a snapshot after this many updates. */
  compactEvery: number;
  /** Refused writes a read-only connection may send before it is closed. */
  maxRefusedWrites: number;
}

/**
 * One document while anyone has it open: the durable Y.Doc (only what the store has confirmed),
 * the validator's shadow copy, presence, and the connections. Every update goes through the
 * same ordered pipeline, visible in `receiveUpdate`:
 *   authorise → validate → store → broadcast → acknowledge.
 */
export class Room implements ConnectionRoom {
  /** The durable document: contains exactly the updates the store has confirmed. */
  readonly doc = new Y.Doc({ gc: false });
  readonly awareness: awarenessProtocol.Awareness;
  readonly connections = new Set<Connection>();
  private validator!: UpdateValidator;
  /** Updates validated and handed to the store but not yet confirmed, in order. */
  private readonly inflight: Uint8Array[] = [];
  /** Settles after the most recent write; acknowledgements of no-op updates wait for it. */
  private lastWrite: Promise<unknown> = Promise.resolve();
  private lastSeq = 0;
  private updatesSinceSnapshot = 0;
  private compacting = false;
  private failed = false;
  private readonly refusedWrites = new WeakMap<Connection, number>();

  private constructor(
    readonly id: string,
    private readonly store: DocumentStore,
    private readonly logger: Logger,
    private readonly options: RoomOptions,
    /** Called when the room has no connections left, so the registry can unload it. */
    private readonly onEmpty: (room: Room) => void,
  ) {
    this.doc.getXmlFragment(FRAGMENT_NAME);
    this.awareness = new awarenessProtocol.Awareness(this.doc);
    // The server is not a participant: it must not appear in anyone's presence list.
    this.awareness.setLocalState(null);
    this.doc.on('update', (update: Uint8Array, origin: unknown) =>
      this.broadcastUpdate(update, origin),
    );
    this.awareness.on('update', this.onAwarenessUpdate);
  }

  /**
   * Loads the document completely from the store. A room exists only after its load succeeded:
   * no sync message is ever answered from a half-loaded document, and a failed load stores
   * nothing.
   */
  static async load(
    id: string,
    store: DocumentStore,
    logger: Logger,
    options: RoomOptions,
    onEmpty: (room: Room) => void,
  ): Promise<Room> {
    const stored = await store.loadDocument(id);
    const room = new Room(id, store, logger, options, onEmpty);
    room.doc.transact(() => {
      if (stored.snapshot) Y.applyUpdate(room.doc, stored.snapshot);
      for (const update of stored.updates) Y.applyUpdate(room.doc, update);
    });
    if (room.doc.store.pendingStructs !== null || room.doc.store.pendingDs !== null) {
      logger.warn('stored document has updates with missing dependencies', { id });
    }
    room.lastSeq = stored.lastSeq;
    room.updatesSinceSnapshot = stored.updates.length;
    room.validator = new UpdateValidator(schema, Y.encodeStateAsUpdate(room.doc));
    return room;
  }

  /** Adds a connection and starts its sync. */
  join(conn: Connection): void {
    this.connections.add(conn);
    conn.start();
  }

  /** Removes a connection and the presence it announced. */
  leave(conn: Connection): void {
    if (!this.connections.delete(conn)) return;
    if (conn.awarenessIds.size > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [...conn.awarenessIds], 'left');
    }
    if (this.connections.size === 0) this.onEmpty(this);
  }

  /** The pipeline for one incoming update (sync step 2 or update) from `conn`. */
  receiveUpdate(conn: Connection, update: Uint8Array, step2: boolean): void {
    if (this.failed) return;
    // 1. authorise: a reader's writes are dropped, never stored nor broadcast.
    if (!conn.canWrite) {
      const refused = (this.refusedWrites.get(conn) ?? 0) + 1;
      this.refusedWrites.set(conn, refused);
      if (refused > this.options.maxRefusedWrites) {
        conn.close(CloseCode.Forbidden, 'this document is read-only for you');
      }
      return;
    }
    // 2. validate against the shadow copy (durable state + writes in flight).
    const verdict = this.validator.apply(update);
    if (!verdict.ok) {
      this.validator.rebuild(Y.encodeStateAsUpdate(this.doc), this.inflight);
      this.logger.warn('update refused', {
        room: this.id,
        principal: conn.principal.id,
        reason: verdict.reason,
      });
      conn.close(CloseCode.InvalidUpdate, verdict.reason);
      return;
    }
    if (!verdict.changed) {
      // Nothing new (a reconnecting client's catch-up): acknowledge once earlier writes are durable.
      this.lastWrite.then(() => conn.sendSaved(update, step2));
      return;
    }
    // 3. store: durable before anyone else sees it.
    this.inflight.push(update);
    const write = this.store.appendUpdate(this.id, update).then(
      (seq) => {
        this.inflight.shift();
        this.lastSeq = seq;
        this.updatesSinceSnapshot++;
        // 4. broadcast: applying to the durable doc emits 'update', sent to everyone else.
        Y.applyUpdate(this.doc, update, conn);
        // 5. acknowledge to the sender.
        conn.sendSaved(update, step2);
        this.maybeCompact();
      },
      (err: unknown) => this.fail(err),
    );
    this.lastWrite = write;
  }

  /** Relays a presence update from `conn` to everyone else. */
  receiveAwareness(conn: Connection, update: Uint8Array): void {
    awarenessProtocol.applyAwarenessUpdate(this.awareness, update, conn);
  }

  /** The full presence state as one awareness update, or null when nobody is present. */
  awarenessSnapshot(): Uint8Array | null {
    const ids = [...this.awareness.getStates().keys()];
    return ids.length > 0 ? awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids) : null;
  }

  /** Resolves once every write handed to the store so far has settled. */
  async settled(): Promise<void> {
    await this.lastWrite.catch(() => undefined);
  }

  /** Writes a snapshot if there are updates since the last one, then releases memory. */
  async unload(): Promise<void> {
    await this.settled();
    if (!this.failed && this.updatesSinceSnapshot > 0) await this.compact();
    this.awareness.destroy();
    this.doc.destroy();
  }

  private broadcastUpdate(update: Uint8Array, origin: unknown): void {
    const message = syncMessage(SyncMessageType.Update, update);
    for (const conn of this.connections) if (conn !== origin) conn.send(message);
  }

  private onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    if (origin instanceof Connection) {
      for (const id of [...added, ...updated]) origin.awarenessIds.add(id);
      for (const id of removed) origin.awarenessIds.delete(id);
    }
    const changed = [...added, ...updated, ...removed];
    if (changed.length === 0) return;
    const message = awarenessMessage(
      awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed),
    );
    // Sent to the sender too, as the reference server does: y-websocket clients close a socket
    // that hears nothing for 30 s, and a lone client's own presence renewals keep it open.
    for (const conn of this.connections) conn.send(message);
  };

  private maybeCompact(): void {
    if (this.compacting || this.updatesSinceSnapshot < this.options.compactEvery) return;
    this.compacting = true;
    // Off the acknowledgement path: the next turn of the event loop.
    setImmediate(() => {
      this.compact()
        .catch((err: unknown) =>
          this.logger.error('compaction failed', { room: this.id, error: String(err) }),
        )
        .finally(() => {
          this.compacting = false;
        });
    });
  }

  private async compact(): Promise<void> {
    const upTo = this.lastSeq;
    const count = this.updatesSinceSnapshot;
    await this.store.compact(this.id, Y.encodeStateAsUpdate(this.doc), upTo);
    this.updatesSinceSnapshot -= count;
  }

  /** A store failure: nothing unconfirmed was acknowledged; everyone reconnects and reloads. */
  private fail(err: unknown): void {
    if (this.failed) return;
    this.failed = true;
    this.logger.error('store write failed; closing room', { room: this.id, error: String(err) });
    for (const conn of [...this.connections])
      conn.close(CloseCode.ServerError, 'the server could not store a change');
  }

  /** True after a store failure; the registry drops such a room so the next open reloads it. */
  get isFailed(): boolean {
    return this.failed;
  }
}
