import http from 'node:http';
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { FRAGMENT_NAME, MessageType, SyncMessageType, readSaved } from '@accord/shared';
import {
  hashToken,
  newToken,
  type AuditEntry,
  type Storage,
  type StoredPerson,
} from '../../server/src/index.js';
import {
  decodeAwareness,
  encodeAwareness,
  type AwarenessEntry,
} from '../../server/src/collab/stampAwareness.js';
import { awarenessMessage } from '../../server/src/collab/messages.js';
import { RawClient, syncMessage, textOf } from './yclient.js';
import { waitFor } from './wait.js';

// Helpers for the access-control tests (permissions, presence, roles): raw HTTP and raw
// upgrade requests, hand-made presence messages, and what the database really holds.

// ---------------------------------------------------------------- raw HTTP

/** What a raw HTTP request got back. */
export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

/** Options of a raw HTTP request: exactly these headers and this body, nothing added. */
export interface RawRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  /** An object is sent as JSON (with its content type); a string is sent as it is. */
  body?: unknown;
}

/** Sends one HTTP request with node:http (no cookie jar, no client-side rules on headers). */
export function rawHttp(baseUrl: string, request: RawRequest): Promise<RawResponse> {
  const url = new URL(request.path, baseUrl);
  const headers: Record<string, string> = { ...request.headers };
  let payload: string | undefined;
  if (typeof request.body === 'string') payload = request.body;
  else if (request.body !== undefined) {
    payload = JSON.stringify(request.body);
    headers['content-type'] ??= 'application/json';
  }
  if (payload !== undefined) headers['content-length'] = String(Buffer.byteLength(payload));
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: request.method, headers, agent: false },
      (res: http.IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = text === '' ? undefined : (JSON.parse(text) as unknown);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

/** The `error` message of a JSON error body, or '' when there is none. */
export function errorOf(res: RawResponse): string {
  const body = res.json;
  if (typeof body === 'object' && body !== null && 'error' in body) {
    const error = (body as { error: unknown }).error;
    return typeof error === 'string' ? error : '';
  }
  return '';
}

/** The `name=value` part of a response's Set-Cookie header, or null. */
export function cookieOf(res: RawResponse): string | null {
  const header = res.headers['set-cookie'];
  const first = Array.isArray(header) ? header[0] : header;
  return first ? (first.split(';')[0] ?? null) : null;
}

// ---------------------------------------------------------------- raw WebSocket upgrade

/** A masked client-to-server binary WebSocket frame carrying `payload`. */
export function clientFrame(payload: Uint8Array): Buffer {
  const mask = randomBytes(4);
  const len = payload.length;
  const header =
    len < 126
      ? Buffer.from([0x82, 0x80 | len])
      : len < 65536
        ? Buffer.from([0x82, 0x80 | 126, len >> 8, len & 0xff])
        : (() => {
            const h = Buffer.alloc(10);
            h[0] = 0x82;
            h[1] = 0x80 | 127;
            h.writeBigUInt64BE(BigInt(len), 2);
            return h;
          })();
  const body = Buffer.alloc(len);
  for (let i = 0; i < len; i++) body[i] = (payload[i] ?? 0) ^ (mask[i % 4] ?? 0);
  return Buffer.concat([header, mask, body]);
}

/** What the server answered to a raw upgrade request, and everything it sent after. */
export interface UpgradeAnswer {
  status: number;
  /** The whole answer as text: status line, headers, body and anything after it. */
  raw: string;
  /** The body after the headers. */
  body: string;
  /** True when the server closed the TCP connection (it must, after refusing). */
  closedByServer: boolean;
}

/**
 * Sends a WebSocket upgrade request over a plain TCP socket, with `frames` pipelined right
 * behind it (as an attacker would, hoping they are read before the refusal), and returns what
 * the server sent until it closed the connection.
 */
export function rawUpgrade(
  baseUrl: string,
  path: string,
  headers: Record<string, string>,
  frames: readonly Uint8Array[] = [],
  timeoutMs = 5000,
): Promise<UpgradeAnswer> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(url.port), url.hostname);
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => finish(false), timeoutMs);
    let done = false;
    const finish = (closedByServer: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const raw = Buffer.concat(chunks).toString('latin1');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(raw)?.[1] ?? 0);
      const sep = raw.indexOf('\r\n\r\n');
      resolve({ status, raw, body: sep >= 0 ? raw.slice(sep + 4) : '', closedByServer });
    };
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('end', () => finish(true));
    socket.on('close', () => finish(true));
    socket.on('error', (err) => (chunks.length > 0 ? finish(true) : reject(err)));
    socket.on('connect', () => {
      const lines = [
        `GET ${path} HTTP/1.1`,
        `Host: ${url.host}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
        'Sec-WebSocket-Version: 13',
        ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
      ];
      socket.write(
        Buffer.concat([
          Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'latin1'),
          ...frames.map(clientFrame),
        ]),
      );
    });
  });
}

// ---------------------------------------------------------------- messages

/** One presence entry of an awareness update, as on the wire (the server's own decoding). */
export type PresenceEntry = AwarenessEntry;

/** An awareness message (type 1) carrying hand-made presence entries, under any client ids. */
export function presenceMessage(entries: readonly PresenceEntry[]): Uint8Array {
  return awarenessMessage(encodeAwareness(entries));
}

/** A query-awareness message (type 3). */
export function queryPresenceMessage(): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.QueryAwareness);
  return encoding.toUint8Array(encoder);
}

/** A message the server sent, decoded enough for assertions. */
export type ServerMessage =
  | { kind: 'step1' | 'step2' | 'update'; payload: Uint8Array }
  | { kind: 'awareness'; entries: PresenceEntry[] }
  | { kind: 'saved'; digest: number; step2: boolean }
  | { kind: 'other'; type: number };

/** Decodes one message from the server. */
export function decodeServerMessage(bytes: Uint8Array): ServerMessage {
  const decoder = decoding.createDecoder(bytes);
  const type = decoding.readVarUint(decoder);
  if (type === MessageType.Sync) {
    const sub = decoding.readVarUint(decoder);
    const payload = decoding.readVarUint8Array(decoder);
    const kind =
      sub === SyncMessageType.Step1 ? 'step1' : sub === SyncMessageType.Step2 ? 'step2' : 'update';
    return { kind, payload };
  }
  if (type === MessageType.Awareness) {
    return { kind: 'awareness', entries: decodeAwareness(decoding.readVarUint8Array(decoder)) };
  }
  if (type === MessageType.Saved) return { kind: 'saved', ...readSaved(decoder) };
  return { kind: 'other', type };
}

/** Every message a raw client received from index `from` on, decoded. */
export function receivedSince(client: RawClient, from: number): ServerMessage[] {
  return client.received.slice(from).map(decodeServerMessage);
}

/** The presence a raw client has been told about: client id → latest entry (null: gone). */
export function presenceSeen(client: RawClient): Map<number, PresenceEntry> {
  const seen = new Map<number, PresenceEntry>();
  for (const m of receivedSince(client, 0)) {
    if (m.kind === 'awareness') for (const e of m.entries) seen.set(e.clientId, e);
  }
  return seen;
}

/** The `user` field of a presence state, as the receivers see it. */
export function userOf(entry: PresenceEntry | undefined): Record<string, unknown> | null {
  const user = entry?.state?.user;
  return typeof user === 'object' && user !== null ? (user as Record<string, unknown>) : null;
}

/**
 * A round trip on one connection: sends sync step 1 and waits for the server's step 2. The
 * server handles a connection's messages in order, so everything sent before has been handled.
 */
export async function roundTrip(client: RawClient): Promise<void> {
  const step2s = () => receivedSince(client, 0).filter((m) => m.kind === 'step2').length;
  const before = step2s();
  client.send(syncMessage(SyncMessageType.Step1, Y.encodeStateVector(client.doc)));
  await waitFor(() => step2s() > before, 'the server to answer sync step 1');
}

/**
 * Sends sync step 1 and waits for the server's step 2 or for the socket to close, whichever
 * comes first: a round trip that does not hang on a connection the server closes.
 */
export async function roundTripOrClose(client: RawClient): Promise<void> {
  const step2s = () => receivedSince(client, 0).filter((m) => m.kind === 'step2').length;
  const before = step2s();
  client.send(syncMessage(SyncMessageType.Step1, Y.encodeStateVector(client.doc)));
  await waitFor(
    () => client.closeCode !== null || step2s() > before,
    'the server to answer sync step 1 or close',
  );
}

/**
 * Connects a raw client and waits until it holds the document. (`RawClient.connect` may return
 * as soon as it has two messages, e.g. the state vector and the presence snapshot.)
 */
export async function connectSynced(
  baseUrl: string,
  room: string,
  headers: Record<string, string>,
): Promise<RawClient> {
  const client = await RawClient.connect(baseUrl, room, headers);
  await waitFor(
    () => receivedSince(client, 0).some((m) => m.kind === 'step2'),
    'the document to arrive',
  );
  return client;
}

/** Makes an update by editing a copy of `doc` under a chosen Yjs client id. */
export function updateAs(doc: Y.Doc, clientId: number, edit: (copy: Y.Doc) => void): Uint8Array {
  const copy = new Y.Doc({ gc: false });
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  // Set after loading: Yjs picks a new id when an applied update uses the doc's own.
  copy.clientID = clientId;
  const sv = Y.encodeStateVector(copy);
  edit(copy);
  const update = Y.encodeStateAsUpdate(copy, sv);
  copy.destroy();
  return update;
}

/** Edits a raw client's own doc (under its own client id) and returns the update to send. */
export function localEdit(client: RawClient, edit: (doc: Y.Doc) => void): Uint8Array {
  const sv = Y.encodeStateVector(client.doc);
  client.doc.transact(() => edit(client.doc), 'local');
  return Y.encodeStateAsUpdate(client.doc, sv);
}

/** Sends an update and waits until the server says it is stored. */
export async function writeAndWait(client: RawClient, update: Uint8Array): Promise<void> {
  const digest = client.sendUpdate(update);
  await waitFor(
    () => client.saved.some((s) => s.digest === digest && !s.step2),
    'the server to store the update',
  );
}

// ---------------------------------------------------------------- the database

/** The document exactly as the database holds it (snapshot + update log). */
export async function storedDoc(storage: Storage, documentId: string): Promise<Y.Doc> {
  const stored = await storage.documents.loadDocument(documentId);
  const doc = new Y.Doc({ gc: false });
  doc.getXmlFragment(FRAGMENT_NAME);
  doc.transact(() => {
    if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
    for (const update of stored.updates) Y.applyUpdate(doc, update);
  });
  return doc;
}

/** The stored text and state vector of a document, for before/after comparisons. */
export async function storedState(
  storage: Storage,
  documentId: string,
): Promise<{ text: string; stateVector: Map<number, number> }> {
  const doc = await storedDoc(storage, documentId);
  const result = { text: textOf(doc), stateVector: Y.decodeStateVector(Y.encodeStateVector(doc)) };
  doc.destroy();
  return result;
}

/** The stored person with this user name (throws when there is none). */
export async function personOf(storage: Storage, username: string): Promise<StoredPerson> {
  const person = await storage.directory.findPersonByUsername(username);
  if (!person) throw new Error(`no person "${username}"`);
  return person;
}

/**
 * A session made directly in the database (no scrypt): `expiresInMs` < 0 makes an expired one.
 * Returns the Cookie header value.
 */
export async function sessionCookieFor(
  storage: Storage,
  username: string,
  expiresInMs: number,
): Promise<string> {
  const person = await personOf(storage, username);
  const token = newToken();
  await storage.directory.createSession(hashToken(token), {
    personId: person.id,
    expiresAt: Date.now() + expiresInMs,
  });
  return `accord_session=${token}`;
}

/** The highest audit id so far, to find the entries a step added. */
export async function lastAuditId(storage: Storage): Promise<number> {
  return (await storage.audit.list({ limit: 1 }))[0]?.id ?? 0;
}

/** Audit entries after `afterId`, oldest first. */
export async function auditSince(storage: Storage, afterId: number): Promise<AuditEntry[]> {
  const entries = await storage.audit.list({ limit: 5000 });
  return entries.filter((e) => e.id > afterId).reverse();
}

/** Delegations, people (without hashes) and invitations: what the API may change. */
export async function directorySnapshot(storage: Storage): Promise<unknown> {
  const people = await storage.directory.listPeople();
  return {
    delegations: await storage.directory.listDelegations(),
    people: people.map(({ passwordHash: _hash, ...p }) => p),
    invitations: await storage.directory.listInvitations(),
  };
}
