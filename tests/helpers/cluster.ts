import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { Redis } from 'ioredis';
import WebSocket from 'ws';
import type * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { AccordServer, silentLogger, type AccordServerOptions } from '../../server/src/index.js';
import { DEMO_PASSWORD, TEST_PASSWORD_COST, signIn, tempDataDir } from './server.js';
import { seedsDir } from './seeds.js';
import { waitFor } from './wait.js';

/** A free TCP port on 127.0.0.1 (for a Redis of the test's own). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A Redis server of the test's own (the machine's `redis-server`, nothing kept on disk), so a
 * test can stop and restart it under running Accord processes without touching anyone else's.
 */
export class TestRedis {
  private child: ChildProcess | null = null;

  private constructor(readonly port: number) {}

  static async start(): Promise<TestRedis> {
    const redis = new TestRedis(await freePort());
    await redis.restart();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts the server (again, on the same port) and waits until it answers. */
  async restart(): Promise<void> {
    this.child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    await waitFor(
      async () => {
        const probe = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
        probe.on('error', () => undefined);
        try {
          await probe.connect();
          return (await probe.ping()) === 'PONG';
        } catch {
          return false;
        } finally {
          probe.disconnect();
        }
      },
      'redis-server answering',
      10_000,
    );
  }

  /** Kills the server at once (SIGKILL): every connection to it drops. */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }
}

/** One Accord process of a test cluster, in this test process, with its users' sessions. */
export class ClusterNode {
  private readonly cookies = new Map<string, string>();

  private constructor(readonly server: AccordServer) {}

  /** Starts a server on the shared database and Redis, and signs `usernames` in on it. */
  static async start(
    databaseUrl: string,
    redisUrl: string,
    usernames: readonly string[],
    options: Partial<AccordServerOptions> = {},
  ): Promise<ClusterNode> {
    const server = await AccordServer.start({
      port: 0,
      host: '127.0.0.1',
      dataDir: tempDataDir(),
      seedsDir: seedsDir(),
      clientDir: null,
      logger: silentLogger,
      demoPassword: DEMO_PASSWORD,
      passwordCost: TEST_PASSWORD_COST,
      calendar: 'none',
      databaseUrl,
      redisUrl,
      relaySweepMs: 1_000,
      ...options,
    });
    const node = new ClusterNode(server);
    for (const u of usernames) await node.signIn(u);
    return node;
  }

  async signIn(username: string): Promise<string> {
    const cookie = await signIn(this.server, username);
    this.cookies.set(username, cookie);
    return cookie;
  }

  cookie(username: string): string {
    const cookie = this.cookies.get(username);
    if (!cookie) throw new Error(`${username} is not signed in here`);
    return cookie;
  }

  /** The y-websocket base URL of this process. */
  get collabUrl(): string {
    return `ws://127.0.0.1:${this.server.port}/collab`;
  }
}

/**
 * Connects the unmodified WebsocketProvider for `doc` to another process, as a browser whose
 * process died reconnects through the load balancer: the document keeps its unsaved edits and
 * the provider's sync sends them.
 */
export function providerOn(
  baseUrl: string,
  room: string,
  doc: Y.Doc,
  cookie: string,
): WebsocketProvider {
  class CookieWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie } });
    }
  }
  return new WebsocketProvider(baseUrl, room, doc, {
    WebSocketPolyfill: CookieWebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
}
