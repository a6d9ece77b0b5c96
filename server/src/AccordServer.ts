import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { WebSocketServer } from 'ws';
import { CloseCode } from '@accord/shared';
import { openSqliteStorage, type Storage } from './storage/SqliteStorage.js';
import { openPostgresStorage } from './storage/postgres/PostgresStorage.js';
import { consoleLogger, type Logger } from './logger.js';
import { Rooms } from './collab/Rooms.js';
import { CollabEndpoint } from './collab/CollabEndpoint.js';
import { startHeartbeat } from './collab/Heartbeat.js';
import { closeSession, recheckConnections } from './collab/RightsRecheck.js';
import type { AccessPolicy } from './auth/AccessPolicy.js';
import { systemClock, type Clock } from './time/Clock.js';
import { Scheduler, type TaskHandler } from './time/Scheduler.js';
import { Authenticator } from './auth/Authenticator.js';
import { DEFAULT_SCRYPT_COST, PasswordHasher } from './auth/password.js';
import { SessionAccessPolicy } from './auth/SessionAccessPolicy.js';
import { createApi } from './http/api.js';
import { serveClient } from './http/clientApp.js';
import { seedIfEmpty } from './seedDocuments.js';
import { seedParticipants } from './seedParticipants.js';
import type { AmendmentService } from './amendments/AmendmentService.js';
import type { AmendmentFeed } from './amendments/AmendmentFeed.js';
import { openDocumentFeed } from './amendments/documentFeed.js';
import type { VersionService } from './versions/VersionService.js';
import type { RoundLabelService } from './labels/RoundLabelService.js';
import { negotiationServices } from './negotiationServices.js';
import { RoundService } from './rounds/RoundService.js';
import { NegotiationFeed } from './rounds/NegotiationFeed.js';
import { WritingWindow } from './rounds/WritingWindow.js';
import { liveTextFrom } from './exports/compilation.js';
import { PdfPrinter, type PdfOptions } from './exports/revisionPdf.js';
import { Metrics } from './operations/Metrics.js';
import { metricsRoute } from './operations/metricsRoute.js';
import { requestLog } from './http/requestLog.js';
import { readDocumentFeed } from './amendments/documentFeed.js';
import { openCluster, type Cluster } from './cluster/openCluster.js';

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
  /**
   * PostgreSQL instead of SQLite (ACCORD_DATABASE_URL, `postgres://…`); several processes may
   * share it. `databaseSchema` (ACCORD_DATABASE_SCHEMA) keeps deployments in one database apart.
   */
  databaseUrl?: string | null;
  databaseSchema?: string;
  /**
   * Redis to relay updates, presence and workflow events between processes that share the
   * PostgreSQL database (ACCORD_REDIS_URL, `redis://…`; CL1–CL5). Needs `databaseUrl`.
   */
  redisUrl?: string | null;
  /** How often loaded rooms and feeds check the database for what the relay missed (CL4). */
  relaySweepMs?: number;
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
  /**
   * Presence changes are gathered this long and relayed as one message (default 30 ms; 0 relays
   * each at once): hundreds of cursors at 1 Hz would otherwise crowd out the text's updates.
   */
  presenceBatchMs?: number;
  /** The one source of time (TM1); tests pass a ManualClock to move it. */
  clock?: Clock;
  /**
   * log2 of scrypt's N for new password hashes (ACCORD_SCRYPT_COST), default 15; tests use 10.
   * A stored hash keeps the cost it was made with.
   */
  passwordCost?: number;
  /**
   * Handlers of scheduled tasks by kind (TM2), registered before the scheduler starts, so a
   * task whose instant passed while the server was down fires at start.
   */
  taskHandlers?: Record<string, TaskHandler>;
  /**
   * The rounds a fresh negotiation starts with (RD8): the Budapest calendar (the default when
   * seeds are given), or none — an ever-open text, as tests that are not about rounds want it.
   * Rounds already stored are never replaced.
   */
  calendar?: 'budapest' | 'none';
  /** How the PDF export's Chromium runs (its path, a print's timeout); default ACCORD_CHROMIUM. */
  pdf?: Omit<PdfOptions, 'logger'>;
  /** Bearer token `GET /metrics` requires (ACCORD_METRICS_TOKEN); null or absent: open (OP5). */
  metricsToken?: string | null;
  /**
   * How long `close` answers 503 on `GET /api/ready` before it closes anything (ACCORD_DRAIN_MS,
   * default 0), so a load balancer stops sending requests first (OP4).
   */
  drainMs?: number;
}

/** Defaults: a 2 MiB message holds an offline afternoon of edits to a long declaration. */
export const DEFAULT_MAX_MESSAGE_BYTES = 2 * 1024 * 1024;

/**
 * One Accord server: HTTP API and client, the y-websocket endpoint, the rooms and the store.
 * All state lives on the instance, so tests can run several side by side.
 */
export class AccordServer {
  private readonly stopHeartbeat: () => void;
  private closing: Promise<void> | null = null;
  private drainMs = 0;

  private constructor(
    private readonly httpServer: http.Server,
    private readonly wss: WebSocketServer,
    private readonly storage: Storage,
    /** The open documents; also how the server changes documents itself. */
    readonly rooms: Rooms,
    private readonly endpoint: CollabEndpoint,
    private readonly access: AccessPolicy,
    /** The server's one clock (TM1). */
    readonly clock: Clock,
    /** Durable tasks at instants on that clock (TM2): deadlines, silence procedures. */
    readonly scheduler: Scheduler,
    heartbeatMs: number,
    /** The amendment workflow (issue 7). */
    readonly amendments: AmendmentService,
    private readonly feed: AmendmentFeed,
    /** The documents' versions and their comparison (issue 9); rounds publish through it. */
    readonly versions: VersionService,
    /** The labels delegates cite, stable within a round (issue 9, SL). */
    readonly labels: RoundLabelService,
    /** The revision rounds and their deadlines (issue 9). */
    readonly rounds: RoundService,
    private readonly negotiationFeed: NegotiationFeed,
    /** The one Chromium of the PDF exports, started on the first PDF, stopped by `close`. */
    readonly pdf: PdfPrinter,
    /** This instance's metrics (OP2), rendered by `GET /metrics`. */
    readonly metrics: Metrics,
    /** The relay and locks shared with other processes, or null for one process (CL1–CL5). */
    private readonly cluster: Cluster | null,
  ) {
    httpServer.on('upgrade', (req, socket, head) => endpoint.handle(req, socket, head));
    this.stopHeartbeat = startHeartbeat(endpoint.connections, clock, heartbeatMs);
  }

  /**
   * Set-up, in order: the clock and the storage; the rooms (every document change, a client's
   * or the server's, goes through each room's pipeline); seeding through that pipeline; people;
   * authentication; the HTTP API and the WebSocket endpoint; listening.
   */
  static async start(options: AccordServerOptions): Promise<AccordServer> {
    const logger = options.logger ?? consoleLogger;
    const clock = options.clock ?? systemClock;
    const storage = options.storage ?? (await openStorage(options, clock));
    // The metrics read the connections and rooms when scraped; both exist by then.
    let endpointRef: CollabEndpoint | null = null;
    let roomsRef: Rooms | null = null;
    const metrics = new Metrics({
      connections: () => endpointRef?.connections.size ?? 0,
      rooms: async () => (roomsRef ? (await roomsRef.loaded()).length : 0),
    });
    const seedsDir = options.seedsDir ?? null;
    // Several processes on one database: a relay between them and locks they all honour.
    const cluster: Cluster | null = await openCluster(options, clock, logger, metrics, storage);
    const lock = cluster?.lock;
    // The rounds come first: every change below, the seeding's included, meets their gate.
    const scheduler = new Scheduler(storage.tasks, clock, logger, { lock });
    for (const [kind, handler] of Object.entries(options.taskHandlers ?? {}))
      scheduler.handle(kind, handler);
    const negotiationFeed = new NegotiationFeed(clock);
    const rounds = new RoundService({
      store: storage.rounds,
      audit: storage.audit,
      clock,
      scheduler,
      feed: negotiationFeed,
      directory: storage.directory,
      logger,
      lock,
      relayed: () => cluster?.link.roundsChanged(),
    });
    await rounds.load();
    const window = new WritingWindow(rounds, clock);
    // The amendment service hears of every change to a base text (outdated amendments, AM13).
    let amendments: AmendmentService | null = null;
    // The labels of new blocks are kept after base changes too (SL8).
    let labels: RoundLabelService | null = null;
    const rooms = new Rooms(
      {
        store: storage.documents,
        audit: storage.audit,
        logger,
        clock,
        writeGate: (origin, workingCopy) =>
          window.writeRefusal(origin, workingCopy)?.message ?? null,
        onStructureChanged: (documentId, doc) => labels?.structureChanged(documentId, doc),
        onBaseChanged: (documentId) => {
          amendments?.baseChanged(documentId);
          labels?.baseChanged(documentId);
        },
        pipelineObserver: metrics.pipeline,
        relay: cluster?.link.roomRelay,
      },
      {
        compactEvery: options.compactEvery ?? 500,
        maxRefusedWrites: 20,
        presenceBatchMs: options.presenceBatchMs ?? 30,
        idleUnloadMs: options.idleUnloadMs ?? 30_000,
      },
    );
    roomsRef = rooms;
    const passwords = new PasswordHasher(options.passwordCost ?? DEFAULT_SCRYPT_COST);
    // Processes starting together seed once: the second finds the documents and people stored.
    const seed = async () => {
      await seedIfEmpty(storage.documents, rooms, seedsDir, logger);
      return seedParticipants(
        storage.directory,
        seedsDir,
        options.demoPassword ?? null,
        logger,
        passwords,
      );
    };
    const accounts = lock ? await lock.run('seed', seed) : await seed();
    if (accounts.length > 0) {
      logger.info(
        'Demo accounts (shown once; set ACCORD_DEMO_PASSWORD to choose the password):\n' +
          accounts
            .map((a) => `  ${a.username.padEnd(10)} ${a.password.padEnd(14)} ${a.delegation}`)
            .join('\n'),
      );
    }
    // The workflow of the negotiation: versions, labels, amendments, comments, silence (issue 9).
    const services = negotiationServices({
      storage,
      clock,
      logger,
      rooms,
      rounds,
      window,
      scheduler,
      negotiationFeed,
      lock,
      relayEvent: cluster ? (event) => cluster.link.negotiationEvent(event) : undefined,
    });
    ({ amendments, labels } = services);
    const { versions, feed, threads, silence, status, feedSources } = services;
    // With other processes writing too, the feed reads what it sends from the store (CL5).
    if (cluster)
      feed.share(
        (documentId, after) => readDocumentFeed(feedSources, documentId, after),
        (documentId) => cluster.link.feedChanged(documentId),
      );
    const allowedOrigins = options.allowedOrigins ?? [];
    const auth = new Authenticator(storage.directory, storage.audit, clock, passwords);
    const access = new SessionAccessPolicy(auth, allowedOrigins, window);
    const app = express();
    app.disable('x-powered-by');
    const httpServer = http.createServer(app);
    const wss = new WebSocketServer({
      noServer: true,
      maxPayload: options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
    });
    const endpoint = new CollabEndpoint({
      wss,
      access,
      documents: storage.documents,
      audit: storage.audit,
      rooms,
      logger,
    });
    endpointRef = endpoint;
    const pdf = new PdfPrinter({ ...options.pdf, logger });
    const server = new AccordServer(
      httpServer,
      wss,
      storage,
      rooms,
      endpoint,
      access,
      clock,
      scheduler,
      options.heartbeatMs ?? 30_000,
      amendments,
      feed,
      versions,
      labels,
      rounds,
      negotiationFeed,
      pdf,
      metrics,
      cluster,
    );
    server.drainMs = options.drainMs ?? 0;
    // Rights and sessions change in one process; sockets and feeds close in every one (CL5).
    const rightsChanged = () => {
      feed.closeAll();
      negotiationFeed.closeAll();
      return recheckConnections(endpoint.connections, access);
    };
    const sessionEnded = (tokenHash: string) => {
      closeSession(endpoint.connections, tokenHash);
      feed.closeSession(tokenHash);
      negotiationFeed.closeSession(tokenHash);
    };
    cluster?.link.attach({ rooms, feed, negotiationFeed, rounds, rightsChanged, sessionEnded });
    // A phase change can open or close the text and the working copies: sockets are re-checked.
    rounds.onChange(() => {
      void recheckConnections(endpoint.connections, access);
    });
    if ((options.calendar ?? (seedsDir ? 'budapest' : 'none')) === 'budapest')
      await rounds.seedCalendar();
    // Outside /api: scrapers are not browsers, and the JSON API's rules do not apply (OP5).
    app.get('/metrics', metricsRoute(metrics, options.metricsToken ?? null));
    app.use('/api', requestLog(logger));
    app.use(
      '/api',
      createApi({
        ready: () => server.closing === null,
        documents: storage.documents,
        writer: rooms,
        directory: storage.directory,
        audit: storage.audit,
        auth,
        clock,
        allowedOrigins,
        secureCookies: options.secureCookies ?? false,
        relayHealth: cluster ? () => cluster.link.healthy() : undefined,
        // Feeds reconnect at once (resuming where they were), each with its rights checked anew.
        rightsChanged: () => {
          cluster?.link.rightsChanged();
          return rightsChanged();
        },
        sessionEnded: (tokenHash) => {
          cluster?.link.sessionEnded(tokenHash);
          sessionEnded(tokenHash);
        },
        amendments,
        threads,
        versions,
        labels,
        rounds,
        negotiationFeed,
        silence,
        status,
        pdf,
        openFeed: (res, documentId, after, who) =>
          openDocumentFeed(feedSources, res, documentId, after, who),
        compilationExports: {
          documents: storage.documents,
          amendments: storage.amendments,
          directory: storage.directory,
          versions: storage.versions,
          rounds,
          liveText: liveTextFrom(rooms, (documentId) => labels.labeller(documentId)),
          clock,
        },
      }),
    );
    app.use(serveClient(options.clientDir ?? null));
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(options.port ?? 8080, options.host ?? '127.0.0.1', () => resolve());
    });
    // Tasks due while the server was down fire now, before anything else can happen.
    await scheduler.start();
    logger.info('Accord is listening', { url: server.url });
    return server;
  }

  /** Re-checks every open connection's rights now (AC9); the API calls it on every change. */
  recheckConnections(): Promise<void> {
    return recheckConnections(this.endpoint.connections, this.access);
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
      // Readiness answers 503 from here (OP4); a load balancer's next probe takes us out. The
      // wait is wall-clock time, not the server's clock: a test's ManualClock must not hold it.
      if (this.drainMs > 0) await new Promise((resolve) => setTimeout(resolve, this.drainMs));
      this.stopHeartbeat();
      await this.scheduler.stop();
      // Updates stored from here on are found in the database by the other processes.
      await this.cluster?.link.stop();
      this.amendments.stop();
      await this.labels.stop();
      this.feed.closeAll();
      this.negotiationFeed.closeAll();
      this.endpoint.stop();
      const stopped = new Promise<void>((resolve) => this.httpServer.close(() => resolve()));
      for (const conn of this.endpoint.connections)
        conn.close(CloseCode.GoingAway, 'server shutting down');
      this.httpServer.closeAllConnections();
      // A print under way is refused; its reader's connection is closed already.
      await this.pdf.close();
      await this.rooms.closeAll();
      await this.cluster?.lock.close();
      await this.storage.close();
      this.wss.close();
      await stopped;
    })();
    return this.closing;
  }
}

/** SQLite in `dataDir`, or PostgreSQL when a database URL is given. */
async function openStorage(options: AccordServerOptions, clock: Clock): Promise<Storage> {
  if (!options.databaseUrl) return openSqliteStorage(options.dataDir, { clock });
  return openPostgresStorage({
    url: options.databaseUrl,
    schema: options.databaseSchema,
    clock,
  });
}
