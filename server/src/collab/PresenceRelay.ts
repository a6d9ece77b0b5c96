import type * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { CloseCode } from '@accord/shared';
import type { Principal } from '../auth/Principal.js';
import type { ClientIds } from './ClientIds.js';
import { decodeAwareness, encodeAwareness, stampAwareness } from './stampAwareness.js';
import { awarenessMessage } from './messages.js';

/** The origin of presence relayed from another process. */
const REMOTE_PRESENCE = Symbol('remote-presence');

/** What the relay needs of a connection (implemented by Connection). */
export interface PresenceConnection {
  readonly principal: Principal;
  /** Awareness client ids this connection has announced, removed when it closes. */
  readonly awarenessIds: Set<number>;
  send(bytes: Uint8Array): void;
  close(code: number, reason: string): void;
}

/**
 * Presence of one document (AC5, AC6): relays each connection's awareness states stamped with
 * its session's identity, refuses entries for client ids another connection holds, and removes
 * a connection's states when it leaves. Presence is never stored.
 */
export class PresenceRelay {
  readonly awareness: awarenessProtocol.Awareness;
  /** Client ids whose presence changed since the last relay. */
  private readonly pending = new Set<number>();
  private flushTimer: NodeJS.Timeout | null = null;

  constructor(
    doc: Y.Doc,
    private readonly clientIds: ClientIds,
    /** Whether the document holds items by `client` (its id then has an owner or none). */
    private readonly hasHistory: (client: number) => boolean,
    /** Everyone to send presence to. */
    private readonly audience: () => Iterable<PresenceConnection>,
    private readonly refuse: (conn: PresenceConnection, code: number, reason: string) => void,
    /**
     * Presence changes are gathered for this long and relayed as one message: with hundreds of
     * people moving their cursors every second, one message per change to everyone would be
     * hundreds of thousands of sends a second, delaying the text's own updates behind them.
     * A text update relays what was gathered first, so order is kept. 0 relays each at once.
     */
    private readonly batchMs = 0,
    /**
     * Told of every presence change of this process's own connections (an awareness update),
     * for the other processes (CL3); never of changes that came from them.
     */
    private readonly onLocalChange: ((update: Uint8Array) => void) | null = null,
  ) {
    this.awareness = new awarenessProtocol.Awareness(doc);
    // The server is not a participant: it must not appear in anyone's presence list.
    this.awareness.setLocalState(null);
    this.awareness.on('update', this.onUpdate);
  }

  /** Relays a presence update from `conn`, stamped with its session's identity. */
  receive(conn: PresenceConnection, update: Uint8Array): void {
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
    const claim = this.clientIds.claim(conn, ids, this.hasHistory);
    if (!claim.ok) return this.refuse(conn, CloseCode.Forbidden, claim.reason);
    // Presence is not stored: binding the ids to this connection is enough (no new owners).
    this.clientIds.commit(conn, ids, []);
    for (const old of claim.replaced)
      old.close?.(CloseCode.Replaced, 'this document was opened again from the same editor');
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

  /**
   * Presence another process relayed (already stamped there): shown to everyone here. Its
   * states expire here like any other if that process stops renewing them (it died).
   */
  receiveRemote(update: Uint8Array): void {
    awarenessProtocol.applyAwarenessUpdate(this.awareness, update, REMOTE_PRESENCE);
  }

  /** Re-sends the presence of a connection whose principal changed (e.g. new roles). */
  restamp(conn: PresenceConnection): void {
    const states = this.awareness.getStates();
    const entries = [...conn.awarenessIds].flatMap((clientId) => {
      const state = states.get(clientId);
      const meta = this.awareness.meta.get(clientId);
      return state && meta
        ? [{ clientId, clock: meta.clock + 1, state: state as Record<string, unknown> }]
        : [];
    });
    if (entries.length > 0) this.receive(conn, encodeAwareness(entries));
  }

  /** Removes the presence a leaving connection announced. */
  remove(conn: PresenceConnection): void {
    if (conn.awarenessIds.size > 0)
      awarenessProtocol.removeAwarenessStates(this.awareness, [...conn.awarenessIds], 'left');
  }

  /** The full presence state as one awareness update, or null when nobody is present. */
  snapshot(): Uint8Array | null {
    const ids = [...this.awareness.getStates().keys()];
    return ids.length > 0 ? awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids) : null;
  }

  destroy(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.awareness.destroy();
  }

  /**
   * Relays every gathered change in one awareness message. The room calls it before relaying a
   * text update too, so that people hear presence and text in the order the server got them.
   */
  flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    if (this.pending.size === 0) return;
    const message = awarenessMessage(
      awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...this.pending]),
    );
    this.pending.clear();
    // Sent to the sender too, as the reference server does: y-websocket clients close a socket
    // that hears nothing for 30 s, and a lone client's own presence renewals keep it open.
    for (const conn of this.audience()) conn.send(message);
  }

  private onUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const sender = origin as Partial<PresenceConnection> | null;
    if (sender?.awarenessIds instanceof Set) {
      for (const id of [...added, ...updated]) sender.awarenessIds.add(id);
      for (const id of removed) sender.awarenessIds.delete(id);
    }
    const changed = [...added, ...updated, ...removed];
    if (changed.length === 0) return;
    if (this.onLocalChange && origin !== REMOTE_PRESENCE)
      this.onLocalChange(awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed));
    for (const id of changed) this.pending.add(id);
    if (this.batchMs <= 0) return this.flush();
    this.flushTimer ??= setTimeout(() => this.flush(), this.batchMs);
  };
}
