import * as Y from 'yjs';
import { HeadlessEditor } from './HeadlessEditor.js';
import type { Random } from './Random.js';

/** What the hub's server says about one update, as UpdateValidator answers. */
export type HubVerdict =
  | { ok: true; duplicates?: string[]; rename?: Y.ID[]; join?: Y.ID[]; prune?: Y.ID[] }
  | { ok: false; reason: string };

/** The Yjs client id of the hub's server-made changes (the real server has its own). */
const SERVER_CLIENT_ID = 1;

/** One editor attached to the hub. */
export interface HubPeer {
  name: string;
  doc: Y.Doc;
  editor: HeadlessEditor;
  online: boolean;
  /** Updates on the wire to the server, in the order they were sent. */
  outbox: Uint8Array[];
  /** Updates on the wire from the server, in the order they were sent. */
  inbox: Uint8Array[];
}

const FROM_HUB = Symbol('from the hub');

/**
 * A server and its sockets in memory, for seeded runs without timing: each peer's updates queue
 * on its own wire (order kept per wire, as TCP keeps it) and `deliverOne` moves the head of a
 * random wire, so the interleaving of peers is the seed's. The server judges every update it
 * receives (`judge`, e.g. UpdateValidator.apply) and, when accepted, applies it and forwards it
 * to every other online peer. A refused peer is closed and reloads from the server, as the app
 * does on 4422. Going offline drops what the server was sending; coming back exchanges what
 * each side misses (y-websocket's sync step 2 both ways).
 */
export class MemoryHub {
  readonly server = new Y.Doc({ gc: false });
  readonly peers: HubPeer[] = [];
  /** Refusals, in order: which peer, why. */
  readonly refusals: { peer: string; reason: string }[] = [];

  constructor(
    state: Uint8Array,
    /** The server's check; `strict` for its own changes (UpdateValidator.apply). */
    private readonly judge: (
      update: Uint8Array,
      strict: boolean,
      peer: HubPeer | null,
    ) => HubVerdict,
    private readonly onRefused: () => void = () => undefined,
    /** The server's repair (ids, DM6; lists, DM7), run as a server-made change. */
    private readonly repair:
      | ((
          fragment: Y.XmlFragment,
          targets: { rename: Y.ID[]; join: Y.ID[]; prune: Y.ID[] },
        ) => unknown)
      | null = null,
  ) {
    Y.applyUpdate(this.server, state);
  }

  /** Adds a peer synced with the server, its editor bound, with a given Yjs client id. */
  addPeer(name: string, clientId: number): HubPeer {
    const doc = new Y.Doc({ gc: false });
    doc.clientID = clientId;
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(this.server), FROM_HUB);
    const peer: HubPeer = {
      name,
      doc,
      editor: new HeadlessEditor(doc.getXmlFragment('prosemirror')),
      online: true,
      outbox: [],
      inbox: [],
    };
    this.listen(peer);
    this.peers.push(peer);
    return peer;
  }

  /** Queues the peer's own updates on its wire. */
  private listen(peer: HubPeer): void {
    const doc = peer.doc;
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      // Offline edits are not queued: sync step 2 carries them on reconnect.
      if (origin !== FROM_HUB && peer.online && doc === peer.doc) peer.outbox.push(update);
    });
  }

  /** True when nothing is on any wire of an online peer (nor in flight from an offline one). */
  idle(): boolean {
    return this.peers.every((p) => p.outbox.length === 0 && (!p.online || p.inbox.length === 0));
  }

  /** Moves one message along a random wire; false when every wire is empty. */
  deliverOne(random: Random): boolean {
    const wires: (() => void)[] = [];
    for (const peer of this.peers) {
      if (peer.outbox.length > 0) wires.push(() => this.receive(peer, peer.outbox.shift()!));
      if (peer.online && peer.inbox.length > 0)
        wires.push(() => Y.applyUpdate(peer.doc, peer.inbox.shift()!, FROM_HUB));
    }
    if (wires.length === 0) return false;
    random.pick(wires)();
    return true;
  }

  /** Delivers everything, in a random interleaving. */
  flush(random: Random): void {
    while (this.deliverOne(random));
  }

  /** The socket closes: what the server was sending is lost; what the peer sent still arrives. */
  disconnect(peer: HubPeer): void {
    peer.online = false;
    peer.inbox = [];
  }

  /** The socket opens again: each side sends what the other lacks. */
  reconnect(peer: HubPeer): void {
    peer.online = true;
    const serverVector = Y.encodeStateVector(this.server);
    peer.inbox = [Y.encodeStateAsUpdate(this.server, Y.encodeStateVector(peer.doc))];
    peer.outbox.push(Y.encodeStateAsUpdate(peer.doc, serverVector));
  }

  private receive(peer: HubPeer, update: Uint8Array): void {
    const verdict = this.judge(update, false, peer);
    if (!verdict.ok) {
      this.refusals.push({ peer: peer.name, reason: verdict.reason });
      this.onRefused();
      this.reload(peer);
      return;
    }
    this.accept(update, peer);
    const targets = {
      rename: verdict.rename ?? [],
      join: verdict.join ?? [],
      prune: verdict.prune ?? [],
    };
    if (targets.rename.length + targets.join.length + targets.prune.length > 0)
      this.repairIds(targets);
  }

  private accept(update: Uint8Array, from: HubPeer | null): void {
    Y.applyUpdate(this.server, update, FROM_HUB);
    for (const other of this.peers) if (other !== from && other.online) other.inbox.push(update);
  }

  /** A server-made change, judged like any other, that repairs what the update left. */
  private repairIds(targets: { rename: Y.ID[]; join: Y.ID[]; prune: Y.ID[] }): void {
    if (!this.repair) return;
    const fork = new Y.Doc({ gc: false });
    fork.clientID = SERVER_CLIENT_ID;
    Y.applyUpdate(fork, Y.encodeStateAsUpdate(this.server));
    const before = Y.encodeStateVector(fork);
    const repair = this.repair;
    fork.transact(() => repair(fork.getXmlFragment('prosemirror'), targets));
    const update = Y.encodeStateAsUpdate(fork, before);
    fork.destroy();
    const verdict = this.judge(update, true, null);
    if (!verdict.ok) {
      this.refusals.push({ peer: 'server repair', reason: verdict.reason });
      this.onRefused();
      return;
    }
    this.accept(update, null);
  }

  /** A refused peer discards its state and starts again from the server's (4422: reload). */
  private reload(peer: HubPeer): void {
    peer.editor.destroy();
    peer.doc.destroy();
    const doc = new Y.Doc({ gc: false });
    // A new tab has a new client id.
    doc.clientID = (Math.imul(peer.doc.clientID, 31) + 7) >>> 0;
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(this.server), FROM_HUB);
    peer.doc = doc;
    this.listen(peer);
    peer.editor = new HeadlessEditor(doc.getXmlFragment('prosemirror'));
    peer.online = true;
    peer.outbox = [];
    peer.inbox = [];
  }
}
