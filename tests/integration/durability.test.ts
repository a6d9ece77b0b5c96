import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  DEMO_PASSWORD,
  collabUrl,
  signIn,
  startTestServer,
  tempDataDir,
} from '../helpers/server.js';
import {
  RawClient,
  editAndSave,
  firstBody,
  stockClient,
  synced,
  textOf,
  editLocally,
} from '../helpers/yclient.js';
import { killServer, spawnServer, type ServerProcess } from '../helpers/process.js';
import { waitFor } from '../helpers/wait.js';
import type { AccordServer } from '../../server/src/index.js';
import { openSqliteStorage } from '../../server/src/index.js';

let proc: ServerProcess | null = null;
let server: AccordServer | null = null;

afterEach(async () => {
  if (proc) await killServer(proc, 'SIGKILL');
  proc = null;
  await server?.close();
  server = null;
});

/** Starts the server as its own process on `dataDir`, with the tests' demo password. */
function spawnOn(dataDir: string): Promise<ServerProcess> {
  return spawnServer(dataDir, { ACCORD_DEMO_PASSWORD: DEMO_PASSWORD });
}

/**
 * A raw socket on the declaration, signed in as the Chair: of the server process that is to be
 * killed, or of the server started again in the test's process on the same data folder (the
 * same start-up and recovery code, without a second process's ~6 s of TypeScript loading).
 */
async function connectChair(p: { port: number }): Promise<RawClient> {
  const cookie = await signIn({ url: `http://127.0.0.1:${p.port}` }, 'turkiye');
  return RawClient.connect(`ws://127.0.0.1:${p.port}/collab`, 'declaration', { cookie });
}

describe('durability', () => {
  it('ST1 a restarted server serves the same text, and seeds only once', async () => {
    const dataDir = tempDataDir();
    server = await startTestServer({ dataDir });
    const a = stockClient(collabUrl(server), 'declaration', await signIn(server, 'turkiye'));
    await synced(a);
    await editAndSave(a, (doc) => firstBody(doc).insert(0, 'Kept across restarts '));
    const before = textOf(a.doc);
    a.destroy();
    await server.close();

    server = await startTestServer({ dataDir });
    const b = stockClient(collabUrl(server), 'declaration', await signIn(server, 'turkiye'));
    await synced(b);
    expect(textOf(b.doc)).toBe(before);
    // Seeding twice would have duplicated the declaration.
    expect(textOf(b.doc).split('Gathered in Budapest').length).toBe(2);
    const res = await fetch(`${server.url}/api/documents`, {
      headers: { cookie: await signIn(server, 'germany') },
    });
    expect((await res.json()).map((d: { id: string }) => d.id)).toEqual([
      'declaration',
      'call-for-action',
    ]);
    b.destroy();
  });

  it('ST2 compaction keeps every word and the full history (no garbage collection)', async () => {
    const dataDir = tempDataDir();
    server = await startTestServer({ dataDir, compactEvery: 10 });
    const a = stockClient(collabUrl(server), 'declaration', await signIn(server, 'turkiye'));
    await synced(a);
    for (let i = 0; i < 25; i++) await editAndSave(a, (doc) => firstBody(doc).insert(0, `w${i} `));
    // Delete "w24 ": the text goes, but the history must keep it.
    await editAndSave(a, (doc) => firstBody(doc).delete(0, 4));
    const before = textOf(a.doc);
    a.destroy();
    await server.close();
    server = null;

    const storage = openSqliteStorage(dataDir);
    const stored = await storage.documents.loadDocument('declaration');
    expect(stored.updates.length).toBeLessThan(26); // compacted
    const doc = new Y.Doc({ gc: false });
    Y.applyUpdate(doc, stored.snapshot!);
    for (const u of stored.updates) Y.applyUpdate(doc, u);
    expect(textOf(doc)).toBe(before);
    // The deleted text is still in the history: a snapshot before the delete shows it.
    let deletedItemKept = false;
    doc.store.clients.forEach((structs) =>
      structs.forEach((s) => {
        if (
          s instanceof Y.Item &&
          s.deleted &&
          s.content instanceof Y.ContentString &&
          s.content.str.includes('w24')
        ) {
          deletedItemKept = true;
        }
      }),
    );
    expect(deletedItemKept).toBe(true);
    await storage.close();
  });

  it('ST3 a server killed with SIGKILL right after acknowledging a burst comes back with every acknowledged update', async () => {
    const dataDir = tempDataDir();
    proc = await spawnOn(dataDir);
    const client = await connectChair(proc);
    const burst = 200;
    const digests = new Set<number>();
    const doc = client.doc;
    for (let i = 0; i < burst; i++) {
      const update = editLocally(doc, (d) => firstBody(d).insert(0, `[burst ${i}] `));
      digests.add(client.sendUpdate(update));
    }
    await waitFor(
      () => client.saved.filter((s) => digests.has(s.digest)).length === burst,
      'all acknowledgements',
      20_000,
    );
    await killServer(proc, 'SIGKILL');
    proc = null;
    server = await startTestServer({ dataDir });
    const after = await connectChair(server);
    const text = textOf(after.doc);
    for (let i = 0; i < burst; i++) expect(text).toContain(`[burst ${i}] `);
    after.close();
  });

  it('ST3 a server killed with SIGKILL in the middle of a burst keeps every update it acknowledged', async () => {
    const dataDir = tempDataDir();
    proc = await spawnOn(dataDir);
    const client = await connectChair(proc);
    const marker = new Map<number, string>();
    const doc = client.doc;
    for (let i = 0; i < 400; i++) {
      const text = `[mid ${i}] `;
      const update = editLocally(doc, (d) => firstBody(d).insert(0, text));
      marker.set(client.sendUpdate(update), text);
    }
    await waitFor(() => client.saved.length >= 50, 'the first acknowledgements', 20_000);
    await killServer(proc, 'SIGKILL');
    const acked = client.saved.flatMap((s) => marker.get(s.digest) ?? []);
    expect(acked.length).toBeGreaterThanOrEqual(50);

    proc = null;
    server = await startTestServer({ dataDir });
    const after = await connectChair(server);
    const text = textOf(after.doc);
    for (const t of acked) expect(text).toContain(t);
    after.close();
  });
});
