import { randomUUID } from 'node:crypto';
import type { WebSocket, RawData } from 'ws';
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import {
  CloseCode,
  MessageType,
  SyncMessageType,
  encodeAccess,
  encodeSaved,
  updateDigest,
} from '@accord/shared';
import type { Principal } from '../auth/Principal.js';
import { awarenessMessage, syncMessage } from './messages.js';

/** What a connection needs from the document it is connected to (implemented by Room). */
export interface ConnectionRoom {
  readonly id: string;
  /** The document whose text this is (a working copy's is the document it copies). */
  readonly documentId: string;
  /** The delegation whose working copy this is; null for the base text. */
  readonly delegationId: string | null;
  /** The durable document, answered from on sync step 1. */
  readonly doc: Y.Doc;
  receiveUpdate(conn: Connection, update: Uint8Array, step2: boolean): void;
  /** The document as an update for a client that has `stateVector` (sync step 2). */
  stateAsUpdate(stateVector: Uint8Array): Uint8Array;
  receiveAwareness(conn: Connection, update: Uint8Array): void;
  awarenessSnapshot(): Uint8Array | null;
  leave(conn: Connection): void;
  /** Re-sends this connection's presence with its (changed) identity. */
  restamp(conn: Connection): void;
  /** Writes a refused message of this connection to the audit trail. */
  auditRefusal(conn: Connection, reason: string, action?: string): void;
}

/** A message the server refuses to process; closes only the connection that sent it. */
class ProtocolError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * One client's WebSocket on one document. It decodes the y-websocket protocol and hands each
 * message to its room; anything it cannot decode closes this connection, never the process.
 */
export class Connection {
  /** Names this connection in the logs (OP1), from its opening to its close. */
  readonly id: string = randomUUID();
  /** Awareness client ids this connection has announced, removed when it closes. */
  readonly awarenessIds = new Set<number>();
  private alive = true;
  private closed = false;
  private writable: boolean;

  constructor(
    readonly ws: WebSocket,
    /** Who is connected; refreshed when rights change (see RightsRecheck). */
    public principal: Principal,
    readonly room: ConnectionRoom,
    /** Decided by the access policy at the upgrade and on every rights change. */
    canWrite: boolean,
    /** Told at the start that it may not write, though its role would (the rounds, RD11). */
    private readonly announceReadOnly = false,
  ) {
    this.writable = canWrite;
    ws.binaryType = 'nodebuffer';
    ws.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    ws.on('pong', () => {
      this.alive = true;
    });
    ws.on('close', () => this.onClose());
    // Without a listener, a socket error (e.g. payload over the limit) would be thrown.
    ws.on('error', () => this.onClose());
  }

  /** True when the server accepts this connection's writes (AC3, AC9). */
  get canWrite(): boolean {
    return this.writable;
  }

  /** Changes the right to write and tells the client, so its editor follows without a reload. */
  set canWrite(value: boolean) {
    if (value === this.writable) return;
    this.writable = value;
    this.send(encodeAccess({ canWrite: value }));
  }

  /**
   * Starts the sync: our state vector (step 1) and the current presence of others; a writer is
   * also told it may write (ACCESS). Readers are not: stock clients log every message type they
   * do not know, and a reader's editor starts read-only from its session anyway — except a
   * pen-holder (or drafter) the rounds hold back, whose session would say editable (RD11).
   */
  start(): void {
    this.send(syncMessage(SyncMessageType.Step1, Y.encodeStateVector(this.room.doc)));
    const awareness = this.room.awarenessSnapshot();
    if (awareness) this.send(awarenessMessage(awareness));
    if (this.writable || this.announceReadOnly)
      this.send(encodeAccess({ canWrite: this.writable }));
  }

  /** Sends bytes if the socket is still open. */
  send(bytes: Uint8Array): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    this.ws.send(bytes, (err) => {
      if (err) this.close(CloseCode.ServerError, 'send failed');
    });
  }

  /** Tells this client that its update is durable. */
  sendSaved(update: Uint8Array, step2: boolean): void {
    this.send(encodeSaved({ digest: updateDigest(update), step2 }));
  }

  /** Closes with a documented code and a reason the client can show. */
  close(code: number, reason: string): void {
    if (this.closed) return;
    // Close reasons are limited to 123 bytes by the WebSocket protocol.
    const trimmed = Buffer.from(reason).subarray(0, 120).toString();
    this.ws.close(code, trimmed);
    this.onClose();
  }

  /** Keep-alive: terminates a peer that did not answer the previous ping; ends expired sessions. */
  heartbeat(now: number): void {
    const expiresAt = this.principal.session?.expiresAt;
    if (expiresAt !== undefined && expiresAt <= now) {
      this.close(CloseCode.Unauthenticated, 'your session has expired; please sign in again');
      return;
    }
    if (!this.alive) {
      this.ws.terminate();
      this.onClose();
      return;
    }
    this.alive = false;
    this.ws.ping();
  }

  private onClose(): void {
    if (this.closed) return;
    this.closed = true;
    this.room.leave(this);
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    if (this.closed) return;
    try {
      if (!isBinary)
        throw new ProtocolError(CloseCode.Malformed, 'text frames are not part of the protocol');
      const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as Buffer);
      this.handle(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    } catch (err) {
      const [code, reason] =
        err instanceof ProtocolError
          ? [err.code, err.message]
          : [CloseCode.Malformed, `malformed message: ${(err as Error).message}`];
      this.room.auditRefusal(this, reason);
      this.close(code, reason);
    }
  }

  private handle(bytes: Uint8Array): void {
    const decoder = decoding.createDecoder(bytes);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MessageType.Sync: {
        const sub = decoding.readVarUint(decoder);
        const payload = decoding.readVarUint8Array(decoder);
        if (sub === SyncMessageType.Step1) {
          // A state vector that does not decode would make encodeStateAsUpdate throw later.
          Y.decodeStateVector(payload);
          this.send(syncMessage(SyncMessageType.Step2, this.room.stateAsUpdate(payload)));
        } else if (sub === SyncMessageType.Step2 || sub === SyncMessageType.Update) {
          this.room.receiveUpdate(this, payload, sub === SyncMessageType.Step2);
        } else {
          throw new ProtocolError(CloseCode.Malformed, `unknown sync message type ${sub}`);
        }
        break;
      }
      case MessageType.Awareness:
        this.room.receiveAwareness(this, decoding.readVarUint8Array(decoder));
        break;
      case MessageType.QueryAwareness: {
        const awareness = this.room.awarenessSnapshot();
        if (awareness) this.send(awarenessMessage(awareness));
        break;
      }
      default:
        throw new ProtocolError(CloseCode.Malformed, `unknown message type ${type}`);
    }
  }
}
