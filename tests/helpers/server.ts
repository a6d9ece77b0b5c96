import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  AccordServer,
  openSqliteStorage,
  silentLogger,
  type AccordServerOptions,
  type Storage,
} from '../../server/src/index.js';
import { seedsDir } from './seeds.js';

/** A temporary data folder, removed by `cleanup`. */
export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'accord-test-'));
}

/** The password of every demo account in tests. */
export const DEMO_PASSWORD = 'demo-password-2024';

/**
 * scrypt's cost in tests (log2 N): ~2 ms a hash instead of ~100 ms, so sign-ins do not take
 * most of the suite's time. Servers spawned as processes inherit it through the environment.
 */
export const TEST_PASSWORD_COST = 10;
process.env.ACCORD_SCRYPT_COST ??= String(TEST_PASSWORD_COST);

/** Starts a real server on 127.0.0.1, port 0, seeded from the real seeds, silent. */
export async function startTestServer(
  options: Partial<AccordServerOptions> & { dataDir?: string } = {},
): Promise<AccordServer> {
  const cheap = { passwordCost: TEST_PASSWORD_COST };
  return AccordServer.start({
    ...cheap,
    port: 0,
    host: '127.0.0.1',
    seedsDir: seedsDir(),
    clientDir: null,
    logger: silentLogger,
    demoPassword: DEMO_PASSWORD,
    // Tests about rounds ask for them; the others negotiate an ever-open text (RD9).
    calendar: 'none',
    ...options,
    dataDir: options.dataDir ?? tempDataDir(),
  });
}

/** The y-websocket base URL of a server (the stock provider appends `/<room>`). */
export function collabUrl(server: { port: number }): string {
  return `ws://127.0.0.1:${server.port}/collab`;
}

/** Signs in through the API and returns the Cookie header value of the session. */
export async function signIn(
  server: { url: string },
  username: string,
  password = DEMO_PASSWORD,
): Promise<string> {
  const res = await fetch(`${server.url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200)
    throw new Error(`sign-in as ${username} failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie');
  if (!cookie) throw new Error('sign-in set no cookie');
  return cookie.split(';')[0]!;
}

/**
 * A test server on a data folder of its own, the same storage opened beside it (to see what the
 * server stored), and the sessions of the demo accounts the tests act as.
 */
export class SignedInServer {
  private readonly cookies = new Map<string, string>();

  private constructor(
    /** The running server (a test that restarts it puts the new one here). */
    public server: AccordServer,
    readonly storage: Storage,
    readonly dataDir: string,
    /** The options every start and restart uses (a clock, a calendar). */
    private readonly options: Partial<AccordServerOptions> = {},
  ) {}

  /** Starts the server with `options` and signs each of `usernames` in. */
  static async start(
    usernames: readonly string[],
    options: Partial<AccordServerOptions> = {},
  ): Promise<SignedInServer> {
    const dataDir = tempDataDir();
    const server = await startTestServer({ ...options, dataDir });
    const world = new SignedInServer(server, openSqliteStorage(dataDir), dataDir, options);
    try {
      await Promise.all(usernames.map((u) => world.signIn(u)));
    } catch (err) {
      await world.stop();
      throw err;
    }
    return world;
  }

  /** Signs `username` in (again): a new session, whose cookie `cookie` gives from now on. */
  async signIn(username: string): Promise<string> {
    const cookie = await signIn(this.server, username);
    this.cookies.set(username, cookie);
    return cookie;
  }

  /** The Cookie header value of `username`'s latest session. */
  cookie(username: string): string {
    const cookie = this.cookies.get(username);
    if (!cookie) throw new Error(`${username} is not signed in`);
    return cookie;
  }

  /**
   * Stops the server and starts a new one on the same data folder (durability tests), signing
   * every user in again so `cookie` works whether or not sessions outlive the process.
   */
  async restart(): Promise<void> {
    await this.server.close();
    this.server = await startTestServer({ ...this.options, dataDir: this.dataDir });
    await Promise.all([...this.cookies.keys()].map((u) => this.signIn(u)));
  }

  async stop(): Promise<void> {
    await this.storage.close();
    await this.server.close();
  }
}
