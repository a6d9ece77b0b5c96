import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { FRAGMENT_NAME, MessageType } from '@accord/shared';
import { HeadlessEditor } from './HeadlessEditor.js';

/**
 * One person's editor in the fuzz: a Y.Doc with a deterministic client id, the stock
 * WebsocketProvider (session cookie through the WebSocket class, as tests/helpers/yclient.ts
 * does), and a HeadlessEditor bound once the first sync is done (as the app binds its editor).
 * Records every close code the server sends, so the fuzz can assert that no honest client was
 * refused.
 */
export class FuzzClient {
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  /** Close codes of connections the server ended (our own disconnects are not recorded). */
  readonly closeCodes: number[] = [];
  /** The server's reasons for those closes, e.g. why an update was refused. */
  readonly closeReasons: string[] = [];
  private bound: HeadlessEditor | null = null;

  constructor(
    readonly name: string,
    baseUrl: string,
    room: string,
    cookie: string,
    clientId: number,
  ) {
    this.doc = new Y.Doc({ gc: false });
    // Yjs orders concurrent insertions by client id: a fixed id keeps a seed's merges the same.
    this.doc.clientID = clientId;
    class CookieWebSocket extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { headers: { cookie } });
      }
    }
    this.provider = new WebsocketProvider(baseUrl, room, this.doc, {
      WebSocketPolyfill: CookieWebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
      // The fuzz pauses connections itself; the provider's own retry comes back quickly.
      maxBackoffTime: 200,
    });
    // Accord's own messages (SAVED, ACCESS) matter to the app, not to convergence; without a
    // handler the stock provider logs every one of them.
    for (const type of [MessageType.Saved, MessageType.Access])
      this.provider.messageHandlers[type] = () => undefined;
    this.provider.on('connection-close', (event) => {
      if (!event) return;
      this.closeCodes.push(event.code);
      this.closeReasons.push(`${event.code} ${event.reason}`);
    });
  }

  /** The editor; exists once `bind` ran after the first sync. */
  get editor(): HeadlessEditor {
    if (!this.bound) throw new Error(`${this.name} has no editor yet`);
    return this.bound;
  }

  /** Binds the editor to the synced text (binding to an empty fragment would write one). */
  bind(): void {
    this.bound ??= new HeadlessEditor(this.doc.getXmlFragment(FRAGMENT_NAME));
  }

  /** True while the socket is open and the first exchange after opening is done. */
  get online(): boolean {
    return this.provider.wsconnected && this.provider.synced;
  }

  /** True when the person wants to be connected (not paused by the fuzz, not refused). */
  get wantsConnection(): boolean {
    return this.provider.shouldConnect;
  }

  /** Pauses the connection: edits from now on stay local until `reconnect`. */
  disconnect(): void {
    this.provider.disconnect();
  }

  /** Connects again; the provider's sync step 1/2 reconciles what either side missed. */
  reconnect(): void {
    this.provider.connect();
  }

  destroy(): void {
    this.bound?.destroy();
    this.provider.destroy();
    this.doc.destroy();
  }
}
