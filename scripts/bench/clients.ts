import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { FRAGMENT_NAME, MessageType, readSaved, type SavedNotice } from '@accord/shared';

const open = new Set<BenchClient>();
/** Close reasons ("code reason") of connections the server closed, since the last take. */
let serverCloses: string[] = [];

/** Destroys every client still open (at the end of a server's run, or on an interrupt). */
export function destroyAllClients(): void {
  for (const client of [...open]) client.destroy();
}

/**
 * The connections the server closed since the last call, by close code and reason. A server
 * should close none here: every client follows the protocol and stays until the run ends.
 */
export function takeServerCloses(): string[] {
  const taken = serverCloses;
  serverCloses = [];
  return taken;
}

/**
 * A stock y-websocket client, as a delegate's editor runs it, living in this process. It also
 * hears Accord's SAVED notices (the reference never sends any), with their arrival time.
 */
export class BenchClient {
  /** History is kept, as in the editor: the server keeps it too. */
  readonly doc = new Y.Doc({ gc: false });
  readonly provider: WebsocketProvider;
  /** Called for every SAVED notice with `performance.now()` at its arrival. */
  onSaved: ((notice: SavedNotice, at: number) => void) | null = null;

  /** `cookie`: the session to connect with (Node has no cookie jar), if the server needs one. */
  constructor(wsBase: string, room: string, cookie?: string) {
    const headers: Record<string, string> = cookie ? { cookie } : {};
    class SessionWebSocket extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { headers });
      }
    }
    this.provider = new WebsocketProvider(wsBase, room, this.doc, {
      WebSocketPolyfill: SessionWebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
    });
    // Without a handler the stock client logs "Unable to compute message" for each notice.
    this.provider.messageHandlers[MessageType.Saved] = (_encoder, decoder) => {
      const at = performance.now();
      this.onSaved?.(readSaved(decoder), at);
    };
    // ACCESS (what this connection may do) matters to the editor, not to the benchmark.
    this.provider.messageHandlers[MessageType.Access] = () => undefined;
    // The provider reports our own disconnects too; those happen only after `destroy` began.
    this.provider.on('connection-close', (event) => {
      if (open.has(this))
        serverCloses.push(event ? `${event.code} ${event.reason}` : 'no close frame');
    });
    open.add(this);
  }

  /**
   * Resolves once the provider has the server's state (its `sync` event). Rejects at once when
   * the connection is refused or closed (the stock provider would retry for ever), else after
   * `timeoutMs`.
   */
  synced(timeoutMs = 30_000): Promise<void> {
    if (this.provider.synced) return Promise.resolve();
    const { provider } = this;
    return new Promise((resolve, reject) => {
      const done = (err?: Error) => {
        clearTimeout(timer);
        provider.off('sync', onSync);
        provider.off('connection-error', onError);
        provider.off('connection-close', onClose);
        if (err) reject(err);
        else resolve();
      };
      const timer = setTimeout(
        () => done(new Error(`client of ${provider.url} did not sync within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const onSync = (state: boolean) => {
        if (state) done();
      };
      // With ws, a refused upgrade is an error event whose message holds the HTTP status.
      const onError = (event: Event) => {
        const message = 'message' in event ? String(event.message) : event.type;
        done(new Error(`client of ${provider.url} could not connect: ${message}`));
      };
      const onClose = (event: CloseEvent | null) => {
        const why = event ? `${event.code} ${event.reason}` : 'no close frame';
        done(new Error(`client of ${provider.url} was closed before it synced: ${why}`));
      };
      provider.on('sync', onSync);
      provider.on('connection-error', onError);
      provider.on('connection-close', onClose);
    });
  }

  /** Disconnects and frees the client; safe to call twice. */
  destroy(): void {
    if (!open.delete(this)) return;
    this.provider.destroy();
    this.doc.destroy();
  }
}

/**
 * Connects `count` clients, a few at a time (as a room fills up), and waits until all synced.
 * Client i connects with `cookieOf(i)`.
 */
export async function connectClients(
  wsBase: string,
  room: string,
  count: number,
  cookieOf: (i: number) => string | undefined,
): Promise<BenchClient[]> {
  const clients: BenchClient[] = [];
  const BATCH = 10;
  for (let i = 0; i < count; i += BATCH) {
    const batch = Array.from(
      { length: Math.min(BATCH, count - i) },
      (_, j) => new BenchClient(wsBase, room, cookieOf(i + j)),
    );
    clients.push(...batch);
    await Promise.all(batch.map((c) => c.synced()));
  }
  return clients;
}

/**
 * The running text of every paragraph (preambular, operative, action): the first XmlText
 * inside each `body` element, in document order. Text typed there keeps the document valid
 * against the schema, which Accord checks on every update.
 */
export function bodyTexts(doc: Y.Doc): Y.XmlText[] {
  const out: Y.XmlText[] = [];
  const visit = (el: Y.XmlElement | Y.XmlFragment) => {
    for (const child of el.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue;
      if (child.nodeName === 'body') {
        const text = child.toArray().find((c): c is Y.XmlText => c instanceof Y.XmlText);
        if (text) out.push(text);
      } else {
        visit(child);
      }
    }
  };
  visit(doc.getXmlFragment(FRAGMENT_NAME));
  if (out.length === 0) throw new Error('the document has no paragraph text to type into');
  return out;
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `condition` every 20 ms until it holds (true) or `timeoutMs` passes (false). */
export async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) return false;
    await sleep(20);
  }
  return true;
}
