import * as Y from 'yjs';
import {
  CloseCode,
  FRAGMENT_NAME,
  SyncMessageType,
  schema,
  type ChangeOrigin,
} from '@accord/shared';
import type { ClientClaim, DocumentStore, StoredUpdate } from '../storage/DocumentStore.js';
import { SERVER_HOLDER } from './ClientIds.js';
import type { AuditLog } from '../storage/AuditLog.js';
import type { Logger } from '../logger.js';
import type { Principal } from '../auth/Principal.js';
import { UpdateValidator } from './UpdateValidator.js';
import { ClientIds } from './ClientIds.js';
import { WriteLog } from './WriteLog.js';
import { RefusedWrites } from './RefusedWrites.js';
import { Compactor } from './Compactor.js';
import { PresenceRelay } from './PresenceRelay.js';
import { needsRepair, repairStructure, type RepairTargets } from './repairStructure.js';
import { syncMessage } from './messages.js';
import { Pipeline, type PipelineObserver, type PipelineResult } from './pipeline/Pipeline.js';
import { newChange, type Change, type StepRefusal } from './pipeline/Change.js';
import { authorise } from './pipeline/authorise.js';
import { identify } from './pipeline/identify.js';
import { validate } from './pipeline/validate.js';
import { store } from './pipeline/store.js';
import { broadcast } from './pipeline/broadcast.js';
import { acknowledge } from './pipeline/acknowledge.js';
import type { Connection, ConnectionRoom } from './Connection.js';

/** A client's state vector when it has nothing yet: it gets the whole document. */
const EMPTY_STATE_VECTOR = new Uint8Array([0]);

/** What a room needs from the server: storage, the audit trail and a logger. */
export interface RoomDeps {
  store: DocumentStore;
  audit: AuditLog;
  logger: Logger;
  /** Told after each stored change to a base text (open amendments may be outdated now). */
  onBaseChanged?: (documentId: string) => void;
  /**
   * Told, as it is applied, of each change to a base text's structure (a block added, moved,
   * deleted or its attributes changed, not mere typing), with the document in its new state.
   */
  onStructureChanged?: (documentId: string, doc: Y.Doc) => void;
  /**
   * The rounds' gate (RD9–RD13): why a change by `origin` may not be made to this document now,
   * or null. Without it every change the access rules allow passes (no rounds).
   */
  writeGate?: (origin: ChangeOrigin, workingCopy: boolean) => string | null;
  /** Watches every change through the pipeline (the server's metrics, OP2). */
  pipelineObserver?: PipelineObserver;
  /**
   * Where this process tells the others (scale-out, CL1–CL3) of each update it stored and each
   * presence change of its own connections; absent with one process.
   */
  relay?: RoomRelay;
}

/** What a room tells the other processes that have the same document open. */
export interface RoomRelay {
  /** An update this process stored as `seq` of the room's log, now durable, with its claims. */
  stored(roomId: string, seq: number, update: Uint8Array, claims: readonly ClientClaim[]): void;
  /** A presence change of this process's connections (an awareness update). */
  presence(roomId: string, update: Uint8Array): void;
}

/** Tuning of a room; defaults suit a negotiation of fifty delegations. */
export interface RoomOptions {
  /** Compact the update log into a snapshot after this many updates. */
  compactEvery: number;
  /** Refused writes a read-only connection may send before it is closed. */
  maxRefusedWrites: number;
  /** Presence changes are gathered this long and relayed together (0: at once). */
  presenceBatchMs: number;
}

/** How a change the server made came out: stored (with its sequence number) or refused. */
export type ChangeResult = { ok: true; seq: number | null } | { ok: false; reason: string };

/** Edits a document as the server: `fragment` is the text, in a private copy of the document. */
export type ServerEdit = (fragment: Y.XmlFragment, doc: Y.Doc) => void;

/** What a working copy follows: the base text's room, and whose copy it is (WC1). */
export interface WorkingCopyOf {
  base: Room;
  delegationId: string;
}

/** The origin of base updates applied to a working copy: stored already, never stored again. */
const FOLLOW = Symbol('follow-base');

/** The origin of updates another process stored: already durable, told to everyone here. */
const REMOTE = Symbol('remote');

/**
 * One document while anyone has it open (or the server is changing it): the durable Y.Doc
 * (only what the store has confirmed), the validator's shadow copy, presence and connections.
 * Every change, a client's or the server's, goes through the one pipeline built in `load`.
 */
export class Room implements ConnectionRoom {
  /** The durable document: contains exactly the updates the store has confirmed. */
  readonly doc = new Y.Doc({ gc: false });
  readonly connections = new Set<Connection>();
  readonly presence: PresenceRelay;
  private readonly validator: UpdateValidator;
  private readonly clientIds: ClientIds;
  private readonly log: WriteLog;
  private readonly compactor: Compactor;
  /** The update path, in order: authorise → identify → validate → store → broadcast → acknowledge. */
  readonly pipeline: Pipeline;
  private failed = false;
  /** The whole document as one update, as loaded, until its first change (`stateAsUpdate`). */
  private loadedState: Uint8Array | null = null;
  /** The client id of the server's own changes in this room (owned by SERVER_HOLDER). */
  private readonly serverClientId: number;
  /** True when nothing has ever been stored for this document (seeding may fill it). */
  readonly blank: boolean;
  private readonly store: DocumentStore;
  private readonly logger: Logger;
  private readonly audit: AuditLog;
  /** The document this room holds the text of (for a working copy, the one it copies). */
  readonly documentId: string;
  /** The delegation whose working copy this is; null for a document's base text. */
  readonly delegationId: string | null;
  /** The base text's room, for a working copy; null for a base text. */
  readonly base: Room | null;
  /** Working copies open on this base text: it stays loaded while they follow it. */
  readonly followers = new Set<Room>();
  /** A working copy's own updates (snapshot first): what its snapshots hold, never the base. */
  private readonly own: Uint8Array[] | null;
  private readonly unfollow: () => void;
  /** Updates of other processes that arrived ahead of one still missing, by seq. */
  private readonly early = new Map<number, Uint8Array>();
  /** The catch-up from the store under way, if any (one at a time). */
  private catching: Promise<void> | null = null;
  private catchAgain = false;

  private constructor(
    /** The id of the room's log in the store: the document's, or the working copy's. */
    readonly id: string,
    deps: RoomDeps,
    options: RoomOptions,
    stored: Awaited<ReturnType<DocumentStore['loadDocument']>>,
    /** Called when the room has no connections left, so the registry can unload it. */
    private readonly onEmpty: (room: Room) => void,
    copyOf: WorkingCopyOf | null,
  ) {
    this.store = deps.store;
    this.logger = deps.logger;
    this.audit = deps.audit;
    this.base = copyOf?.base ?? null;
    this.documentId = copyOf ? copyOf.base.documentId : id;
    this.delegationId = copyOf?.delegationId ?? null;
    this.doc.getXmlFragment(FRAGMENT_NAME);
    // One merged update applied once (a 20,000-edit history loads in a fraction of the time of
    // 20,000 applies); kept, since it is the whole document, to answer fresh clients. A working
    // copy is the base text as it is now composed with the delegation's own updates (WC2).
    const stateOf = stored.snapshot ? [stored.snapshot, ...stored.updates] : [...stored.updates];
    this.own = copyOf ? stateOf : null;
    const parts = copyOf ? [copyOf.base.stateAsUpdate(EMPTY_STATE_VECTOR), ...stateOf] : stateOf;
    if (parts.length > 0) {
      const state = parts.length === 1 ? parts[0]! : Y.mergeUpdates(parts);
      Y.applyUpdate(this.doc, state);
      this.loadedState = state;
    }
    if (this.doc.store.pendingStructs !== null || this.doc.store.pendingDs !== null)
      deps.logger.warn('stored document has updates with missing dependencies', { id });
    this.blank = stored.snapshot === null && stored.updates.length === 0;
    this.log = new WriteLog(stored.lastSeq, stored.updates.length, deps.store.gaplessSeqs === true);
    // Built on the first write: a document that is only read never holds a second copy.
    this.validator = new UpdateValidator(
      schema,
      () => this.loadedState ?? Y.encodeStateAsUpdate(this.doc),
    );
    this.clientIds = new ClientIds(stored.clientOwners);
    this.serverClientId = this.freeClientId(stored.clientOwners);
    this.compactor = new Compactor(
      id,
      () => this.snapshotState(),
      this.log,
      this.store,
      this.logger,
      options.compactEvery,
    );
    // Presence asks only about stored items (an id in flight already has its owner recorded).
    const hasHistory = (client: number) => Y.getState(this.doc.store, client) > 0;
    this.presence = new PresenceRelay(
      this.doc,
      this.clientIds,
      hasHistory,
      () => this.connections,
      (conn, code, reason) => this.refuse(conn as Connection, code, reason, 'presence.send'),
      options.presenceBatchMs,
      deps.relay && ((update) => deps.relay!.presence(this.id, update)),
    );
    const relay = deps.relay;
    const refusedWrites = new RefusedWrites(options.maxRefusedWrites, (conn, reason) =>
      this.auditRefusal(conn as Connection, reason, 'document.write'),
    );
    this.pipeline = new Pipeline(
      [
        authorise({
          doc: this.doc,
          refusedWrites,
          gate: deps.writeGate && ((origin) => deps.writeGate!(origin, copyOf !== null)),
        }),
        identify({
          clientIds: this.clientIds,
          clock: (c) => this.validator.clock(c),
          taken: copyOf ? (c) => copyOf.base.usesClientId(c) : undefined,
        }),
        validate({
          validator: this.validator,
          rebuild: () => this.validator.rebuild(Y.encodeStateAsUpdate(this.doc), this.log.inflight),
        }),
        store({
          documentId: id,
          store: this.store,
          log: this.log,
          clientIds: this.clientIds,
          onStored: (seq, update, claims) => {
            // Told to the other processes as soon as it is durable, before it is broadcast here.
            relay?.stored(id, seq, update, claims);
            this.compactor.maybe();
          },
          onFailed: (err) => this.fail(err),
        }),
        broadcast({ doc: this.doc, log: this.log }),
        acknowledge({ log: this.log }),
      ],
      (change, refusal) => this.refused(change, refusal),
      deps.pipelineObserver ?? null,
    );
    const onBaseChanged = deps.onBaseChanged;
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      this.loadedState = null;
      if (this.own && origin !== FOLLOW) this.own.push(update);
      this.send(update, origin);
      // Another process's change too: the process that stored it may die before its own checks
      // (outdated amendments, kept labels) run. They are idempotent and run under the shared
      // lock, so the processes with the room loaded agree (CL5).
      if (!copyOf && onBaseChanged) onBaseChanged(this.documentId);
    });
    const onStructureChanged = deps.onStructureChanged;
    if (!copyOf && onStructureChanged)
      this.doc.on('afterTransaction', (tr: Y.Transaction) => {
        for (const type of tr.changed.keys())
          if (!(type instanceof Y.XmlText)) return onStructureChanged(this.documentId, this.doc);
      });
    // A working copy follows its base from the very state it was loaded with: the state was
    // read and the listener added in one turn of the event loop, so no base update falls between.
    if (copyOf) {
      const onBase = (update: Uint8Array) => this.follow(update);
      copyOf.base.doc.on('update', onBase);
      copyOf.base.followers.add(this);
      this.unfollow = () => {
        copyOf.base.doc.off('update', onBase);
        copyOf.base.followers.delete(this);
      };
    } else this.unfollow = () => undefined;
  }

  /**
   * Loads the document completely from the store. A room exists only after its load succeeded:
   * no sync message is ever answered from a half-loaded document, and a failed load stores
   * nothing (ST4).
   */
  static async load(
    id: string,
    deps: RoomDeps,
    options: RoomOptions,
    onEmpty: (room: Room) => void,
    copyOf: WorkingCopyOf | null = null,
  ): Promise<Room> {
    const stored = await deps.store.loadDocument(id);
    if (copyOf?.base.isFailed) throw new Error(`the base text of ${id} failed`);
    return new Room(id, deps, options, stored, onEmpty, copyOf);
  }

  /**
   * The document as an update for a client that has `stateVector` (its sync step 1). A fresh
   * client gets the state as loaded until the first change: encoding a long history again
   * costs a third of a cold join.
   */
  stateAsUpdate(stateVector: Uint8Array): Uint8Array {
    const fresh = stateVector.length === 1 && stateVector[0] === 0;
    if (fresh && this.loadedState) return this.loadedState;
    return Y.encodeStateAsUpdate(this.doc, stateVector);
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
    this.presence.remove(conn);
    if (this.connections.size === 0) this.onEmpty(this);
  }

  /** An update (sync step 2 or update) from a client's connection enters the pipeline. */
  receiveUpdate(conn: Connection, update: Uint8Array, step2: boolean): void {
    if (this.failed) return;
    const origin: ChangeOrigin = {
      kind: 'connection',
      personId: conn.principal.id,
      delegationId: conn.principal.delegation.id,
    };
    void this.pipeline
      .run(newChange(update, origin, { kind: 'connection', conn }, step2))
      .then((result) => this.after(result));
  }

  /**
   * A change the server makes, given as a Yjs update (seeding, import): it goes through the
   * same pipeline as a client's (validated, stored before anyone sees it, broadcast, attributed
   * to `origin`). Resolves once it is durable and broadcast, or with the reason it was refused.
   */
  async submit(origin: ChangeOrigin, update: Uint8Array): Promise<ChangeResult> {
    if (this.failed) return { ok: false, reason: 'the document could not be stored' };
    const result = await this.pipeline.run(newChange(update, origin, { kind: 'server' }));
    this.after(result);
    if (result.ok) return { ok: true, seq: result.change.seq };
    return { ok: false, reason: result.dropped ? 'dropped' : result.refusal.reason };
  }

  /**
   * A change the server makes by editing the text (an accepted amendment, a repair): `edit`
   * runs on a private copy of the document as it will be once the writes in flight are stored,
   * and what it changed is submitted as one update.
   */
  async change(origin: ChangeOrigin, edit: ServerEdit): Promise<ChangeResult> {
    const fork = new Y.Doc({ gc: false });
    fork.clientID = this.serverClientId;
    Y.applyUpdate(fork, this.validator.state());
    const updates: Uint8Array[] = [];
    fork.on('update', (u: Uint8Array) => updates.push(u));
    fork.transact(() => edit(fork.getXmlFragment(FRAGMENT_NAME), fork));
    fork.destroy();
    if (updates.length === 0) return { ok: true, seq: null };
    return this.submit(origin, updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates));
  }

  /**
   * True when a client id is in use in this base text: owned, held by a writer, written with,
   * or announced in presence (a pen-holder's editor shows its id before it first types). A
   * working copy refuses such ids, whose base updates will arrive in it (WC7).
   */
  usesClientId(id: number): boolean {
    if (this.clientIds.knows(id) || Y.getState(this.doc.store, id) > 0) return true;
    for (const conn of this.connections) if (conn.awarenessIds.has(id)) return true;
    return false;
  }

  /**
   * An update another process stored as `seq` of this room's log (CL1): applied in log order, so
   * one that arrives ahead of a missing one waits while the missing ones are read from the store.
   * Already durable, it is sent to every connection here and never stored again.
   */
  receiveRemote(seq: number, update: Uint8Array, claims: readonly ClientClaim[] = []): void {
    // Whoever first wrote with an id there owns it here too, even before its update is applied.
    this.clientIds.learn(claims);
    if (this.failed || this.log.has(seq)) return;
    if (seq !== this.log.lastSeq + 1) {
      this.early.set(seq, update);
      void this.catchUp();
      return;
    }
    this.applyRemote(seq, update);
    for (let next = this.early.get(this.log.lastSeq + 1); next;) {
      const at = this.log.lastSeq + 1;
      this.early.delete(at);
      this.applyRemote(at, next);
      next = this.early.get(this.log.lastSeq + 1);
    }
  }

  /**
   * Reads from the store every update after the last one this room holds in order and applies
   * those it lacks (CL2): after a missed relay message, a relay outage, or before the server
   * changes a text another process may have changed. One read at a time; a request during one
   * reads once more after it.
   */
  catchUp(): Promise<void> {
    if (this.catching) {
      this.catchAgain = true;
      return this.catching;
    }
    this.catching = (async () => {
      do {
        this.catchAgain = false;
        const missing = await this.store.history(this.id, { afterSeq: this.log.lastSeq });
        for (const u of missing)
          if (!this.log.has(u.seq)) this.receiveRemote(u.seq, u.update, claimsOf(u));
      } while (this.catchAgain && !this.failed);
      // What arrived early and is held now, by the catch-up, needs keeping no longer.
      for (const seq of this.early.keys()) if (this.log.has(seq)) this.early.delete(seq);
    })().finally(() => {
      this.catching = null;
    });
    return this.catching;
  }

  /** A presence update another process relayed: shown to every connection here. */
  receiveRemotePresence(update: Uint8Array): void {
    this.presence.receiveRemote(update);
  }

  /** Relays a presence update from `conn` (AC5, AC6). */
  receiveAwareness(conn: Connection, update: Uint8Array): void {
    this.presence.receive(conn, update);
  }

  /** Re-stamps the presence of a connection whose principal changed (e.g. new roles). */
  restamp(conn: Connection): void {
    this.presence.restamp(conn);
  }

  /** The full presence state as one awareness update, or null when nobody is present. */
  awarenessSnapshot(): Uint8Array | null {
    return this.presence.snapshot();
  }

  /** Writes a refused message of `conn` to the audit trail (never blocks the pipeline). */
  auditRefusal(conn: { principal: Principal }, reason: string, action = 'message'): void {
    const p = conn.principal;
    // A validator's message can quote the text (ProseMirror's does); a working copy's text must
    // not reach the audit trail, which pen-holders read (WC3): only the kind of refusal goes in.
    if (this.delegationId !== null) reason = reason.split(':')[0]!;
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

  /** Resolves once every write handed to the store so far has settled. */
  settled(): Promise<void> {
    return this.log.settled();
  }

  /** Writes a snapshot if there are updates since the last one, then releases memory. */
  async unload(): Promise<void> {
    await this.settled();
    if (!this.failed) await this.compactor.now();
    this.unfollow();
    this.presence.destroy();
    this.doc.destroy();
  }

  /** True after a store failure; the registry drops such a room so the next open reloads it. */
  get isFailed(): boolean {
    return this.failed;
  }

  /** A random client id that nobody owns and the document has no items by. */
  private freeClientId(owners: ReadonlyMap<number, string>): number {
    for (;;) {
      const id = Math.floor(Math.random() * 2 ** 31);
      if (!owners.has(id) && Y.getState(this.doc.store, id) === 0) return id;
    }
  }

  /**
   * After a change: what honest concurrent edits left for the server to set right is repaired
   * at once by a server change through the same pipeline: repeated or missing block ids (DM6),
   * two lists in one paragraph (DM7), a list left without items (DM8).
   */
  private after(result: PipelineResult): void {
    if (result.ok) this.repair(result.change);
  }

  /** Repairs what a change left (see `after`), if anything. */
  private repair(targets: Partial<RepairTargets>): void {
    if (!needsRepair(targets)) return;
    const { rename = [], join = [], prune = [] } = targets;
    void this.change({ kind: 'system', reason: 'repair-block-ids' }, (fragment) =>
      repairStructure(fragment, { rename, join, prune }),
    ).then((r) => {
      if (!r.ok) this.logger.error('repair refused', { room: this.id, reason: r.reason });
    });
  }

  /**
   * A working copy takes a stored update of its base text (WC2): into the validator's shadow and
   * the durable copy, and to every member's screen, but not into the copy's own log (the base's
   * log holds it). Where it meets the delegation's edits badly (two lists in one paragraph),
   * the copy is repaired by a change of its own.
   */
  private follow(update: Uint8Array): void {
    if (this.failed) return;
    const verdict = this.validator.follow(update);
    Y.applyUpdate(this.doc, update, FOLLOW);
    if (verdict === null) return;
    if (!verdict.ok) {
      this.validator.rebuild(Y.encodeStateAsUpdate(this.doc), this.log.inflight);
      return;
    }
    this.repair(verdict);
  }

  /** Applies another process's stored update: shadow first, then the durable document. */
  private applyRemote(seq: number, update: Uint8Array): void {
    const verdict = this.validator.follow(update);
    this.log.confirm(seq);
    Y.applyUpdate(this.doc, update, REMOTE);
    if (verdict && !verdict.ok)
      this.validator.rebuild(Y.encodeStateAsUpdate(this.doc), this.log.inflight);
  }

  /** What a snapshot stores: the whole document, or only a working copy's own updates. */
  private snapshotState(): Uint8Array {
    if (!this.own) return Y.encodeStateAsUpdate(this.doc);
    const merged = Y.mergeUpdates(this.own);
    this.own.splice(0, this.own.length, merged);
    return merged;
  }

  /** Sends a stored update to every connection but the one it came from. */
  private send(update: Uint8Array, origin: unknown): void {
    const source = (origin as Change | null)?.source;
    const sender = source?.kind === 'connection' ? source.conn : null;
    const message = syncMessage(SyncMessageType.Update, update);
    this.presence.flush();
    for (const conn of this.connections) if (conn !== sender) conn.send(message);
  }

  /** A refused change: a client is audited and closed; the server's own is logged. */
  private refused(change: Change, refusal: StepRefusal): void {
    if (change.source.kind === 'server') {
      this.logger.warn('server change refused', { room: this.id, reason: refusal.reason });
      return;
    }
    this.refuse(change.source.conn as Connection, refusal.code, refusal.reason, refusal.action);
  }

  /** Refuses a message: audited, logged, and the connection closed with `code`. */
  private refuse(conn: Connection, code: number, reason: string, action: string): void {
    this.logger.warn('message refused', {
      room: this.id,
      connectionId: conn.id,
      principal: conn.principal.id,
      reason,
    });
    this.auditRefusal(conn, reason, action);
    conn.close(code, reason);
  }

  /** A store failure: nothing unconfirmed was acknowledged; everyone reconnects and reloads. */
  private fail(err: unknown): void {
    if (this.failed) return;
    this.failed = true;
    // A working copy without its base would stop following it: its members reload too.
    for (const copy of this.followers) copy.fail(new Error(`the base text failed: ${String(err)}`));
    this.logger.error('store write failed; closing room', { room: this.id, error: String(err) });
    for (const conn of [...this.connections])
      conn.close(CloseCode.ServerError, 'the server could not store a change');
  }
}

/**
 * The claims an update read back from the store made: its items' client ids, owned by the
 * person whose connection wrote it, or by the server for its own changes (the pipeline's
 * identify step let no update write under an id its author did not own or claim).
 */
function claimsOf(stored: StoredUpdate): ClientClaim[] {
  const origin = stored.origin;
  const personId = origin.kind === 'connection' ? origin.personId : SERVER_HOLDER.principal.id;
  const ids = new Set(Y.decodeUpdate(stored.update).structs.map((s) => s.id.client));
  return [...ids].map((clientId) => ({ clientId, personId }));
}
