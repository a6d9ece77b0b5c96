import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { CloseCode, FRAGMENT_NAME, SyncMessageType, schema } from '@accord/shared';
import type { DocumentStore } from '../storage/DocumentStore.js';
import type { AuditLog } from '../storage/AuditLog.js';
import type { Logger } from '../logger.js';
import { UpdateValidator } from './UpdateValidator.js';
import { ClientIds } from './ClientIds.js';
import { changesDocument, newItemClients } from './changesDocument.js';
import { decodeAwareness, encodeAwareness, stampAwareness } from './stampAwareness.js';
import { Connection, type ConnectionRoom } from './Connection.js';
import { awarenessMessage, syncMessage } from './messages.js';

/** What a room needs from the server: storage, the audit trail and a logger. */
export interface RoomDeps {
  store: DocumentStore;
  audit: AuditLog;
  logger: Logger;
}

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
 *   authorise → identify → validate → store → broadcast → acknowledge.
 * (Authentication happened once, at the upgrade.)
 */
export class Room implements ConnectionRoom {
  /** The durable document: contains exactly the updates the store has confirmed. */
  readonly doc = new Y.Doc({ gc: false });
  readonly awareness: awarenessProtocol.Awareness;
  readonly connections = new Set<Connection>();
  private validator!: UpdateValidator;
  private clientIds!: ClientIds;
  /** Updates validated and handed to the store but not yet confirmed, in order. */
  private readonly inflight: Uint8Array[] = [];
  /** Settles after the most recent write; acknowledgements of no-op updates wait for it. */
  private lastWrite: Promise<unknown> = Promise.resolve();
  private lastSeq = 0;
  private updatesSinceSnapshot = 0;
  private compacting = false;
  private failed = false;
  private readonly refusedWrites = new WeakMap<Connection, number>();
  private readonly store: DocumentStore;
  private readonly logger: Logger;
  private readonly audit: AuditLog;

  private constructor(
    readonly id: string,
    deps: RoomDeps,
    private readonly options: RoomOptions,
    /** Called when the room has no connections left, so the registry can unload it. */
    private readonly onEmpty: (room: Room) => void,
  ) {
    this.store = deps.store;
    this.logger = deps.logger;
    this.audit = deps.audit;
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
    deps: RoomDeps,
    options: RoomOptions,
    onEmpty: (room: Room) => void,
  ): Promise<Room> {
    const stored = await deps.store.loadDocument(id);
    const room = new Room(id, deps, options, onEmpty);
    room.doc.transact(() => {
      if (stored.snapshot) Y.applyUpdate(room.doc, stored.snapshot);
      for (const update of stored.updates) Y.applyUpdate(room.doc, update);
    });
    if (room.doc.store.pendingStructs !== null || room.doc.store.pendingDs !== null) {
      deps.logger.warn('stored document has updates with missing dependencies', { id });
    }
    room.lastSeq = stored.lastSeq;
    room.updatesSinceSnapshot = stored.updates.length;
    room.validator = new UpdateValidator(schema, Y.encodeStateAsUpdate(room.doc));
    room.clientIds = new ClientIds(stored.clientOwners);
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
    this.clientIds.release(conn);
    if (conn.awarenessIds.size > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [...conn.awarenessIds], 'left');
    }
    if (this.connections.size === 0) this.onEmpty(this);
  }

  /** The pipeline for one incoming update (sync step 2 or update) from `conn`. */
  receiveUpdate(conn: Connection, update: Uint8Array, step2: boolean): void {
    if (this.failed) return;
    // 1. authorise: a reader's writes are dropped, never stored nor broadcast. Its sync step 2
    //    normally only echoes what it was sent, which is not a write.
    if (!conn.canWrite) {
      if (!this.readerChanges(conn, update))
        this.lastWrite.then(() => conn.sendSaved(update, step2));
      return;
    }
    // 2. identify: the update's new items must be under client ids this person owns.
    let clients: Set<number>;
    try {
      clients = newItemClients(update, (client) => this.validator.clock(client));
    } catch (err) {
      return this.refuse(
        conn,
        CloseCode.InvalidUpdate,
        `cannot decode update as Yjs V1: ${(err as Error).message}`,
        'document.write',
      );
    }
    const claim = this.clientIds.claim(conn, clients, (client) => this.validator.clock(client) > 0);
    if (!claim.ok) return this.refuse(conn, CloseCode.Forbidden, claim.reason, 'document.write');
    // 3. validate against the shadow copy (durable state + writes in flight).
    const verdict = this.validator.apply(update);
    if (!verdict.ok) {
      this.validator.rebuild(Y.encodeStateAsUpdate(this.doc), this.inflight);
      return this.refuse(conn, CloseCode.InvalidUpdate, verdict.reason, 'document.write');
    }
    this.commitClaim(conn, clients, claim);
    if (!verdict.changed) {
      // Nothing new (a reconnecting client's catch-up): acknowledge once earlier writes are durable.
      this.lastWrite.then(() => conn.sendSaved(update, step2));
      return;
    }
    // 4. store: durable before anyone else sees it.
    this.inflight.push(update);
    const claims = claim.newOwners.map((clientId) => ({ clientId, personId: conn.principal.id }));
    const write = this.store.appendUpdate(this.id, update, claims).then(
      (seq) => {
        this.inflight.shift();
        this.lastSeq = seq;
        this.updatesSinceSnapshot++;
        // 5. broadcast: applying to the durable doc emits 'update', sent to everyone else.
        Y.applyUpdate(this.doc, update, conn);
        // 6. acknowledge to the sender.
        conn.sendSaved(update, step2);
        this.maybeCompact();
      },
      (err: unknown) => this.fail(err),
    );
    this.lastWrite = write;
  }

  /** Relays a presence update from `conn`, stamped with its session's identity. */
  receiveAwareness(conn: Connection, update: Uint8Array): void {
    // Stock y-websocket clients send back every presence change they hear, other people's
    // included: an entry for an id this connection does not hold, no newer than what the
    // server has, is such an echo and is ignored. A newer one is a claim.
    const entries = decodeAwareness(update).filter((e) => {
      if (this.clientIds.holderOf(e.clientId) === conn) return true;
      const known = this.awareness.meta.get(e.clientId);
      return known === undefined || e.clock > known.clock;
    });
    if (entries.length === 0) return;
    const ids = entries.map((e) => e.clientId);
    const claim = this.clientIds.claim(conn, ids, (client) => this.validator.clock(client) > 0);
    if (!claim.ok) return this.refuse(conn, CloseCode.Forbidden, claim.reason, 'presence.send');
    // Presence is not stored: binding the ids to this connection is enough (no new owners).
    this.commitClaim(conn, ids, { ...claim, newOwners: [] });
    const p = conn.principal;
    const stamped = stampAwareness(entries, {
      name: p.name,
      color: p.color,
      personId: p.id,
      delegationId: p.delegation.id,
      delegationName: p.delegation.name,
    });
    awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwareness(stamped), conn);
  }

  /** Re-stamps the presence of a connection whose principal changed (e.g. new roles). */
  restamp(conn: Connection): void {
    const states = this.awareness.getStates();
    const entries = [...conn.awarenessIds].flatMap((clientId) => {
      const state = states.get(clientId);
      const meta = this.awareness.meta.get(clientId);
      return state && meta
        ? [{ clientId, clock: meta.clock + 1, state: state as Record<string, unknown> }]
        : [];
    });
    if (entries.length > 0) this.receiveAwareness(conn, encodeAwareness(entries));
  }

  /** A reader sent an update: true (and counted, audited, maybe closed) when it is a write. */
  private readerChanges(conn: Connection, update: Uint8Array): boolean {
    let writes: boolean;
    try {
      writes = changesDocument(this.doc, update);
    } catch {
      writes = true;
    }
    if (!writes) return false;
    const refused = (this.refusedWrites.get(conn) ?? 0) + 1;
    this.refusedWrites.set(conn, refused);
    if (refused === 1)
      this.auditRefusal(conn, 'the text is read-only for this delegation', 'document.write');
    if (refused > this.options.maxRefusedWrites) {
      conn.close(CloseCode.Forbidden, 'this document is read-only for you');
    }
    return true;
  }

  /** Binds the claimed ids to `conn`, closing an older connection of the same person. */
  private commitClaim(
    conn: Connection,
    ids: Iterable<number>,
    claim: { newOwners: number[]; replaced: readonly unknown[] },
  ): void {
    this.clientIds.commit(conn, ids, claim.newOwners);
    for (const old of claim.replaced) {
      if (old instanceof Connection) {
        old.close(CloseCode.Replaced, 'this document was opened again from the same editor');
      }
    }
  }

  /** Refuses a message: audited, logged, and the connection closed with `code`. */
  private refuse(conn: Connection, code: number, reason: string, action: string): void {
    this.logger.warn('message refused', { room: this.id, principal: conn.principal.id, reason });
    this.auditRefusal(conn, reason, action);
    conn.close(code, reason);
  }

  /** Writes a refused message of `conn` to the audit trail (never blocks the pipeline). */
  auditRefusal(conn: Connection, reason: string, action = 'message'): void {
    const p = conn.principal;
    this.audit
      .append({
        personId: p.id,
        username: p.username,
        delegationId: p.delegation.id,
        action,
        target: this.id,
        outcome: 'refused',
        detail: { reason },
      })
      .catch((err: unknown) => this.logger.error('audit append failed', { error: String(err) }));
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
