import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DEMO_PASSWORD, signIn, tempDataDir } from '../helpers/server.js';
import { RawClient, editLocally, firstBody, textOf } from '../helpers/yclient.js';
import { killServer, spawnServer, type ServerProcess } from '../helpers/process.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';
import { TestRedis, providerOn } from '../helpers/cluster.js';
import { waitFor } from '../helpers/wait.js';

// CL6: two real Accord processes on one PostgreSQL and Redis; one is killed with SIGKILL in the
// middle of a burst. Nothing it acknowledged is lost, and its clients reconnect to the other
// process and converge with everyone there.

let db: TestDatabase;
let redis: TestRedis;
const procs: ServerProcess[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  redis = await TestRedis.start();
});

afterAll(async () => {
  for (const p of procs) await killServer(p, 'SIGKILL');
  await redis?.kill();
  await db?.drop();
});

/** Starts one process of the cluster, as `npm run cluster` does. */
async function spawnNode(): Promise<ServerProcess> {
  const proc = await spawnServer(tempDataDir(), {
    ACCORD_DEMO_PASSWORD: DEMO_PASSWORD,
    ACCORD_DATABASE_URL: db.url,
    ACCORD_REDIS_URL: redis.url,
    ACCORD_RELAY_SWEEP_MS: '500',
  });
  procs.push(proc);
  return proc;
}

const http = (p: ServerProcess) => `http://127.0.0.1:${p.port}`;
const ws = (p: ServerProcess) => `ws://127.0.0.1:${p.port}/collab`;

describe('a process killed in a cluster', () => {
  it('CL6 kill -9 of A mid-burst loses no acknowledged update; its clients reconnect to B and converge', async () => {
    // Both start at once: the seeding runs once, under the shared lock.
    const [a, b] = await Promise.all([spawnNode(), spawnNode()]);
    // One session, valid on both: sessions live in the shared database.
    const cookie = await signIn({ url: http(a) }, 'turkiye');
    const watcherOnB = await RawClient.connect(ws(b), 'declaration', { cookie });
    const writer = await RawClient.connect(ws(a), 'declaration', { cookie });
    const marker = new Map<number, string>();
    for (let i = 0; i < 400; i++) {
      const text = `[burst ${i}] `;
      marker.set(
        writer.sendUpdate(editLocally(writer.doc, (d) => firstBody(d).insert(0, text))),
        text,
      );
    }
    await waitFor(() => writer.saved.length >= 50, 'the first acknowledgements', 20_000);
    await killServer(a, 'SIGKILL');
    const acked = writer.saved.flatMap((s) => marker.get(s.digest) ?? []);
    expect(acked.length).toBeGreaterThanOrEqual(50);

    // Everything A acknowledged is on B: relayed live, or read from the database.
    const fresh = await RawClient.connect(ws(b), 'declaration', { cookie });
    for (const t of acked) expect(textOf(fresh.doc)).toContain(t);
    await waitFor(
      () => acked.every((t) => textOf(watcherOnB.doc).includes(t)),
      'the watcher on B has every acknowledged update',
    );

    // The writer's browser reconnects to B with its document, unsaved edits and all.
    const doc = new Y.Doc({ gc: false });
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(writer.doc));
    writer.close();
    const provider = providerOn(ws(b), 'declaration', doc, cookie);
    await waitFor(
      () => [...marker.values()].every((t) => textOf(watcherOnB.doc).includes(t)),
      'every edit of the writer, saved before the kill or not, reaches B',
      20_000,
    );
    await waitFor(() => textOf(doc) === textOf(watcherOnB.doc), 'the writer and B converge');
    provider.destroy();
    watcherOnB.close();
    fresh.close();
  });
});
