import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AccordServer, silentLogger, type AccordServerOptions } from '../../server/src/index.js';
import { seedsDir } from './seeds.js';

/** A temporary data folder, removed by `cleanup`. */
export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'accord-test-'));
}

/** Starts a real server on 127.0.0.1, port 0, seeded from the real seeds, silent. */
export async function startTestServer(
  options: Partial<AccordServerOptions> & { dataDir?: string } = {},
): Promise<AccordServer> {
  return AccordServer.start({
    port: 0,
    host: '127.0.0.1',
    seedsDir: seedsDir(),
    clientDir: null,
    logger: silentLogger,
    ...options,
    dataDir: options.dataDir ?? tempDataDir(),
  });
}

/** The y-websocket base URL of a server (the stock provider appends `/<room>`). */
export function collabUrl(server: { port: number }): string {
  return `ws://127.0.0.1:${server.port}/collab`;
}
