import WebSocket from 'ws';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { WebsocketProvider } from 'y-websocket';
import {
  FRAGMENT_NAME,
  MessageType,
  SyncMessageType,
  readAccess,
  readSaved,
  type AccessNotice,
  schema,
  updateDigest,
  yFragmentToDoc,
  type SavedNotice,
} from '@accord/shared';
import { syncMessage } from '../../server/src/collab/messages.js';
import { waitFor } from './wait.js';

/** Encodes a sync message (type 0) of a sub-type with a payload: the server's own encoder. */
export { syncMessage };

/** A stock y-websocket client (the provider every Yjs app uses), in Node. */
export interface StockClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  saved: SavedNotice[];
  destroy(): void;
}

/**
 * Connects the unmodified WebsocketProvider, recording the SAVED notices it receives. In Node
 * there is no cookie jar, so the session cookie goes in through the WebSocket class.
 */
export function stockClient(baseUrl: string, room: string, cookie: string): StockClient {
  const doc = new Y.Doc({ gc: false });
  class CookieWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie } });
    }
  }
  const provider = new WebsocketProvider(baseUrl, room, doc, {
    WebSocketPolyfill: CookieWebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  const saved: SavedNotice[] = [];
  provider.messageHandlers[MessageType.Saved] = (_encoder, decoder) => {
    saved.push(readSaved(decoder));
  };
  return {
    doc,
    provider,
    saved,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

/**
 * Makes an edit through a stock client and waits for the server's SAVED notice of exactly that
 * update (the first notices a client gets are for its sync step 2, not for edits).
 */
export async function editAndSave(client: StockClient, edit: (doc: Y.Doc) => void): Promise<void> {
  const updates: Uint8Array[] = [];
  const record = (u: Uint8Array, origin: unknown) => {
    if (origin !== client.provider) updates.push(u);
  };
  client.doc.on('update', record);
  client.doc.transact(() => edit(client.doc));
  client.doc.off('update', record);
  const digests = updates.map(updateDigest);
  await waitFor(
    () => digests.every((d) => client.saved.some((s) => s.digest === d && !s.step2)),
    'the server to save the edit',
  );
}

/** Waits until the provider has synced with the server. */
export async function synced(client: StockClient): Promise<void> {
  await waitFor(() => client.provider.synced, 'provider sync');
}

/** Plain text of a Y.Doc's declaration, through the schema (so it must also be valid). */
export function textOf(doc: Y.Doc): string {
  return yFragmentToDoc(doc.getXmlFragment(FRAGMENT_NAME), schema).textContent;
}

/** The first paragraph body's XmlText of the given block type (e.g. the first preambular). */
export function firstBody(doc: Y.Doc, blockType = 'preambular'): Y.XmlText {
  const fragment = doc.getXmlFragment(FRAGMENT_NAME);
  for (const block of fragment.toArray()) {
    if (block instanceof Y.XmlElement && block.nodeName === blockType) {
      const body = block.get(0);
      if (body instanceof Y.XmlElement) {
        const text = body.get(0);
        if (text instanceof Y.XmlText) return text;
      }
    }
  }
  throw new Error(`no ${blockType} with a text body`);
}

/** A raw protocol client: sends exactly the bytes a test gives it and records what it gets. */
export class RawClient {
  readonly received: Uint8Array[] = [];
  readonly saved: SavedNotice[] = [];
  /** Every ACCESS notice the server sent, in order (the first comes with the connection). */
  readonly access: AccessNotice[] = [];
  /** True once the server answered our sync step 1. */
  step2Received = false;
  closeCode: number | null = null;
  closeReason = '';
  readonly doc = new Y.Doc({ gc: false });

  private constructor(readonly ws: WebSocket) {
    ws.binaryType = 'nodebuffer';
    ws.on('message', (data: Buffer) => {
      const bytes = new Uint8Array(data);
      this.received.push(bytes);
      const decoder = decoding.createDecoder(bytes);
      const type = decoding.readVarUint(decoder);
      if (type === MessageType.Sync) {
        const sub = decoding.readVarUint(decoder);
        const payload = decoding.readVarUint8Array(decoder);
        if (sub !== SyncMessageType.Step1) Y.applyUpdate(this.doc, payload, 'server');
        if (sub === SyncMessageType.Step2) this.step2Received = true;
      } else if (type === MessageType.Saved) {
        this.saved.push(readSaved(decoder));
      } else if (type === MessageType.Access) {
        this.access.push(readAccess(decoder));
      }
    });
    ws.on('close', (code, reason) => {
      this.closeCode = code;
      this.closeReason = reason.toString();
    });
    ws.on('error', () => undefined);
  }

  /** Opens a socket to `/collab/<room>` and waits for the server's first sync message. */
  static async connect(
    baseUrl: string,
    room: string,
    headers: Record<string, string> = {},
  ): Promise<RawClient> {
    const ws = new WebSocket(`${baseUrl}/${room}`, { headers });
    const client = new RawClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('unexpected-response', (_req, res) =>
        reject(new Error(`upgrade refused: ${res.statusCode}`)),
      );
      ws.once('error', reject);
    });
    // The server answers our step 1 with its whole document.
    client.send(syncMessage(SyncMessageType.Step1, Y.encodeStateVector(client.doc)));
    await waitFor(() => client.step2Received, 'initial sync');
    return client;
  }

  send(bytes: Uint8Array | string): void {
    this.ws.send(bytes);
  }

  /** Sends an update message and returns its digest, to match the SAVED notice. */
  sendUpdate(update: Uint8Array): number {
    this.send(syncMessage(SyncMessageType.Update, update));
    return updateDigest(update);
  }

  async closed(): Promise<number> {
    await waitFor(() => this.closeCode !== null, 'socket close');
    return this.closeCode ?? -1;
  }

  close(): void {
    this.ws.close();
  }
}

/** Makes an update by editing a copy of `doc` (so `doc` itself stays unchanged). */
export function updateFrom(doc: Y.Doc, edit: (copy: Y.Doc) => void): Uint8Array {
  const copy = new Y.Doc({ gc: false });
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  const sv = Y.encodeStateVector(copy);
  edit(copy);
  const update = Y.encodeStateAsUpdate(copy, sv);
  copy.destroy();
  return update;
}

/**
 * Edits `doc` itself and returns the update the edit made: cheaper than `updateFrom`, which
 * copies the whole document, for tests that send hundreds of edits.
 */
export function editLocally(doc: Y.Doc, edit: (doc: Y.Doc) => void): Uint8Array {
  const origin = Symbol('local edit');
  const updates: Uint8Array[] = [];
  const record = (u: Uint8Array, o: unknown) => {
    if (o === origin) updates.push(u);
  };
  doc.on('update', record);
  try {
    doc.transact(() => edit(doc), origin);
  } finally {
    doc.off('update', record);
  }
  return updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates);
}
