import WebSocket from 'ws';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MessageType, SyncMessageType } from '@accord/shared';

/** A presence state as a y-prosemirror editor announces it: who, and where the cursor is. */
export type PresenceState = Record<string, unknown>;

/** An empty document's state vector (sync step 1) and an empty update (sync step 2). */
const EMPTY_STATE_VECTOR = new Uint8Array([0]);
const EMPTY_UPDATE = new Uint8Array([0, 0]);

/**
 * A listening delegate at wire level: it speaks the y-websocket protocol as Accord's editor
 * does (sync, then its own presence only, never an echo of others'), but keeps no Y.Doc, so
 * that hundreds of them fit in this one process next to the server under test. It reports the
 * edits it hears by scanning each update for the typers' tokens, which Yjs stores as plain
 * UTF-8 strings.
 */
export class LightClient {
  readonly ws: WebSocket;
  /** Random, as Yjs picks a client id: the awareness entry's key. */
  readonly clientId = Math.floor(Math.random() * 0xffffffff);
  private clock = 0;
  private synced = false;
  private readonly syncedPromise: Promise<void>;
  /** Awareness messages received, to show how much presence each listener hears. */
  awarenessReceived = 0;
  /** Set once `close` is called: a close after that is ours, not the server's. */
  private closing = false;

  /**
   * `onText`: called with the decoded text of every document update this client receives
   * (after its initial sync) and `performance.now()` at arrival.
   */
  constructor(
    url: string,
    cookie: string | undefined,
    private readonly onText: (text: string, at: number) => void,
  ) {
    this.ws = new WebSocket(url, {
      headers: cookie ? { cookie } : {},
      perMessageDeflate: false,
    });
    this.ws.binaryType = 'nodebuffer';
    this.syncedPromise = new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${url}: no sync within 30 s`)), 30_000);
      this.ws.on('open', () => this.send(syncMessage(SyncMessageType.Step1, EMPTY_STATE_VECTOR)));
      this.ws.on('message', (data: Buffer) => {
        if (this.handle(data)) {
          clearTimeout(timer);
          resolve();
        }
      });
      this.ws.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      this.ws.on('close', (code, reason) => {
        clearTimeout(timer);
        reject(new Error(`${url}: closed before sync: ${code} ${reason.toString()}`));
      });
    });
    // After the sync, a close is reported by the caller (it counts server closes).
    this.syncedPromise.catch(() => undefined);
  }

  /** Resolves when the server's sync step 2 arrived. */
  whenSynced(): Promise<void> {
    return this.syncedPromise;
  }

  /** Announces a presence state (a fresh clock each time, as Awareness.setLocalState does). */
  sendPresence(state: PresenceState): void {
    this.clock++;
    const update = encoding.createEncoder();
    encoding.writeVarUint(update, 1);
    encoding.writeVarUint(update, this.clientId);
    encoding.writeVarUint(update, this.clock);
    encoding.writeVarString(update, JSON.stringify(state));
    const message = encoding.createEncoder();
    encoding.writeVarUint(message, MessageType.Awareness);
    encoding.writeVarUint8Array(message, encoding.toUint8Array(update));
    this.send(encoding.toUint8Array(message));
  }

  /** Calls `listener` when the server closes the connection (not when `close` does). */
  onServerClose(listener: (why: string) => void): void {
    this.ws.on('close', (code, reason) => {
      if (!this.closing) listener(`${code} ${reason.toString()}`);
    });
  }

  /** Closes the socket; safe to call twice. */
  close(): void {
    this.closing = true;
    if (this.ws.readyState === WebSocket.CONNECTING || this.ws.readyState === WebSocket.OPEN) {
      this.ws.terminate();
    }
  }

  private send(bytes: Uint8Array): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(bytes);
  }

  /** Handles one message; true when it completed the initial sync. */
  private handle(data: Buffer): boolean {
    const at = performance.now();
    const decoder = decoding.createDecoder(data);
    const type = decoding.readVarUint(decoder);
    if (type === MessageType.Awareness) {
      this.awarenessReceived++;
      return false;
    }
    if (type !== MessageType.Sync) return false;
    const sub = decoding.readVarUint(decoder);
    if (sub === SyncMessageType.Step1) {
      // We hold nothing, so our step 2 is the empty update (what a new editor would send).
      this.send(syncMessage(SyncMessageType.Step2, EMPTY_UPDATE));
      return false;
    }
    if (sub === SyncMessageType.Step2 && !this.synced) {
      this.synced = true;
      return true;
    }
    if (sub === SyncMessageType.Update && this.synced) {
      // latin1 keeps one character per byte; the tokens are ASCII.
      this.onText(data.toString('latin1'), at);
    }
    return false;
  }
}

function syncMessage(sub: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Sync);
  encoding.writeVarUint(encoder, sub);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}
