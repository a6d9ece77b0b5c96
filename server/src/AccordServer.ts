import http from 'node:http';
import type { Duplex } from 'node:stream';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { WebSocketServer } from 'ws';
import { CloseCode, isDocumentId } from '@accord/shared';
import { openSqliteStorage, type Storage } from './storage/SqliteStorage.js';
import { consoleLogger, type Logger } from './logger.js';
import { isRefusal } from './auth/Refusal.js';
import type { AccessPolicy } from './auth/AccessPolicy.js';
import type { Principal } from './auth/Principal.js';
import { Connection } from './collab/Connection.js';
import { Rooms } from './collab/Rooms.js';
import { Authenticator } from './auth/Authenticator.js';
import { SessionAccessPolicy } from './auth/SessionAccessPolicy.js';
import { createApi } from './http/api.js';
import { serveClient } from './http/clientApp.js';
import { seedIfEmpty } from './seedDocuments.js';
import { seedParticipants } from './seedParticipants.js';

/** How to run a server instance. Only `dataDir` is required. */
export interface AccordServerOptions {
  /** Port to listen on; 0 picks a free one (tests). Default 8080. */
  port?: number;
  /** Interface to bind. Default 127.0.0.1. */
  host?: string;
  /** Folder for the SQLite database. */
  dataDir: string;
  /** Folder with the seed texts, or null to start empty. */
  seedsDir?: string | null;
  /** Folder with the built client (client/dist), or null to serve only the API. */
  clientDir?: string | null;
  /** Storage to use instead of SQLite in `dataDir`. */
  storage?: Storage;
  logger?: Logger;
  /** Password of every demo account created on a fresh start; random (and printed) when null. */
  demoPassword?: string | null;
  /** Origins besides the server's own that may open sockets and send requests. */
  allowedOrigins?: string[];
  /** Mark cookies Secure (when the server is reached over https, e.g. behind a proxy). */
  secureCookies?: boolean;
  /** Largest WebSocket message accepted; larger ones close the connection with 1009. */
  maxMessageBytes?: number;
  /** Compact a document's update log after this many updates. */
  compactEvery?: number;
  /** Unload a document this long after its last connection left. */
  idleUnloadMs?: number;
  /** Interval of WebSocket keep-alive pings. */
  heartbeatMs?: number;
}

/** Defaults: a 2 MiB message holds an offline afternoon of edits to a long declaration. */
export const DEFAULT_MAX_MESSAGE_BYTES = 2 * 1024 * 1024;

const COLLAB_PATH = /^\/collab\/([^/]+)$/;

/**
 * One Accord server: HTTP API and client, the y-websocket endpoint, the rooms and the store.
 * All state lives on the instance, so tests can run several side by side.
 */
export class AccordServer {
  private readonly connections = new Set<Connection>();
  private readonly heartbeat: NodeJS.Timeout;
  private closing: Promise<void> | null = null;

  private constructor(
    private readonly httpServer: http.Server,
    private readonly wss: WebSocketServer,
    private readonly storage: Storage,
    private readonly rooms: Rooms,
    private readonly access: AccessPolicy,
    private readonly logger: Logger,
    heartbeatMs: number,
  ) {
    httpServer.on('upgrade', (req, socket, head) => {
      socket.on('error', () => socket.destroy());
      this.upgrade(req, socket, head).catch((err: unknown) => {
        logger.error('upgrade failed', { url: req.url, error: String(err) });
        rejectUpgrade(socket, 500, 'the server could not open the document');
      });
    });
    this.heartbeat = setInterval(() => {
      for (const conn of this.connections) conn.heartbeat();
    }, heartbeatMs);
    this.heartbeat.unref();
  }

  /** Opens the storage, seeds it if empty, and listens. */
  static async start(options: AccordServerOptions): Promise<AccordServer> {
    const logger = options.logger ?? consoleLogger;
    const storage = options.storage ?? openSqliteStorage(options.dataDir);
    const seedsDir = options.seedsDir ?? null;
    await seedIfEmpty(storage.documents, seedsDir, logger);
    const accounts = await seedParticipants(
      storage.directory,
      seedsDir,
      options.demoPassword ?? null,
      logger,
    );
    if (accounts.length > 0) {
      logger.info(
        'Demo accounts (shown once; set ACCORD_DEMO_PASSWORD to choose the password):\n' +
          accounts
            .map((a) => `  ${a.username.padEnd(10)} ${a.password.padEnd(14)} ${a.delegation}`)
            .join('\n'),
      );
    }
    const allowedOrigins = options.allowedOrigins ?? [];
    const auth = new Authenticator(storage.directory, storage.audit);
    const access = new SessionAccessPolicy(auth, allowedOrigins);
    const rooms = new Rooms(
      { store: storage.documents, audit: storage.audit, logger },
      {
        compactEvery: options.compactEvery ?? 500,
        maxRefusedWrites: 20,
        idleUnloadMs: options.idleUnloadMs ?? 30_000,
      },
    );
    const app = express();
    app.disable('x-powered-by');
    const httpServer = http.createServer(app);
    const wss = new WebSocketServer({
      noServer: true,
      maxPayload: options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
    });
    const server = new AccordServer(
      httpServer,
      wss,
      storage,
      rooms,
      access,
      logger,
      options.heartbeatMs ?? 30_000,
    );
    app.use(
      '/api',
      createApi({
        documents: storage.documents,
        directory: storage.directory,
        audit: storage.audit,
        auth,
        allowedOrigins,
        secureCookies: options.secureCookies ?? false,
        rightsChanged: () => server.recheckConnections(),
        sessionEnded: (tokenHash) => server.closeSession(tokenHash),
      }),
    );
    app.use(serveClient(options.clientDir ?? null));
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(options.port ?? 8080, options.host ?? '127.0.0.1', () => resolve());
    });
    logger.info('Accord is listening', { url: server.url });
    return server;
  }

  /** Closes the connections opened with a session that has ended (sign-out). */
  closeSession(tokenHash: string): void {
    for (const conn of this.connections) {
      if (conn.principal.session?.tokenHash === tokenHash)
        conn.close(CloseCode.Unauthenticated, 'signed out');
    }
  }

  /**
   * Re-checks every open connection after roles or accounts changed: a disabled account is
   * closed (4401), a connection that lost the right to write is closed (4403, the client
   * reloads read-only), one that gained it may write from now on.
   */
  async recheckConnections(): Promise<void> {
    await Promise.all(
      [...this.connections].map(async (conn) => {
        const principal = await this.access.refresh(conn.principal);
        if (isRefusal(principal)) return conn.close(CloseCode.Unauthenticated, principal.message);
        const room = conn.room;
        const canRead = await this.access.authorise(principal, room.id, 'read');
        if (isRefusal(canRead)) return conn.close(CloseCode.Forbidden, canRead.message);
        const canWrite = (await this.access.authorise(principal, room.id, 'write')) === true;
        const lostWrite = conn.canWrite && !canWrite;
        conn.principal = { ...principal, session: conn.principal.session };
        conn.canWrite = canWrite;
        if (lostWrite)
          return conn.close(
            CloseCode.Forbidden,
            'your rights changed: the text is now read-only for you',
          );
        room.restamp(conn);
      }),
    );
  }

  /** The port actually bound (useful with port 0). */
  get port(): number {
    return (this.httpServer.address() as AddressInfo).port;
  }

  /** Base HTTP URL of this server. */
  get url(): string {
    const { address, family } = this.httpServer.address() as AddressInfo;
    const host = family === 'IPv6' ? `[${address}]` : address;
    return `http://${host}:${this.port}`;
  }

  /**
   * Stops accepting, closes every connection (1001), waits for writes under way, snapshots the
   * open documents and closes the store. Nothing acknowledged is lost.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      clearInterval(this.heartbeat);
      const stopped = new Promise<void>((resolve) => this.httpServer.close(() => resolve()));
      for (const conn of this.connections) conn.close(CloseCode.GoingAway, 'server shutting down');
      this.httpServer.closeAllConnections();
      await this.rooms.closeAll();
      await this.storage.close();
      this.wss.close();
      await stopped;
    })();
    return this.closing;
  }

  /**
   * The collaboration pipeline's entry: authenticate → authorise → open the document fully →
   * accept the WebSocket. Refusals answer the HTTP upgrade with a status and a JSON reason.
   */
  private async upgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    if (this.closing) return rejectUpgrade(socket, 503, 'server shutting down');
    const match = COLLAB_PATH.exec(new URL(req.url ?? '/', 'http://localhost').pathname);
    const documentId = match?.[1] ? decodeURIComponent(match[1]) : null;
    if (!documentId)
      return rejectUpgrade(socket, 404, 'WebSocket endpoint is /collab/<documentId>');
    // 1. authenticate, before anything about the document is looked at.
    const principal = await this.access.authenticate(req);
    if (isRefusal(principal)) {
      await this.auditUpgrade(null, documentId, principal.message);
      return rejectUpgrade(socket, principal.status, principal.message);
    }
    // 2. authorise reading.
    const canRead = await this.access.authorise(principal, documentId, 'read');
    if (isRefusal(canRead)) {
      await this.auditUpgrade(principal, documentId, canRead.message);
      return rejectUpgrade(socket, canRead.status, canRead.message);
    }
    if (!isDocumentId(documentId) || !(await this.storage.documents.getDocument(documentId))) {
      return rejectUpgrade(socket, 404, `no document "${documentId}"`);
    }
    const canWrite = (await this.access.authorise(principal, documentId, 'write')) === true;
    // 3. load the document completely before answering anything.
    const room = await this.rooms.open(documentId);
    if (this.closing || socket.destroyed)
      return rejectUpgrade(socket, 503, 'connection closed during load');
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const conn = new Connection(ws, principal, room, canWrite);
      this.connections.add(conn);
      ws.on('close', () => this.connections.delete(conn));
      room.join(conn);
    });
  }

  private async auditUpgrade(
    principal: Principal | null,
    documentId: string,
    reason: string,
  ): Promise<void> {
    await this.storage.audit.append({
      personId: principal?.id ?? null,
      username: principal?.username ?? null,
      delegationId: principal?.delegation.id ?? null,
      action: 'document.open',
      target: documentId,
      outcome: 'refused',
      detail: { reason },
    });
  }
}

function rejectUpgrade(socket: Duplex, status: number, message: string): void {
  if (socket.destroyed) return;
  const body = JSON.stringify({ error: message });
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? 'Error'}\r\n` +
      'Content-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}
