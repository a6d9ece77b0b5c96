import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { AccordServer } from '../../server/src/index.js';
import { openSqliteStorage } from '../../server/src/storage/SqliteStorage.js';
import { ManualClock } from '../../server/src/time/ManualClock.js';
import { collabUrl, signIn, startTestServer, tempDataDir } from '../helpers/server.js';
import { editAndSave, firstBody, stockClient, synced, textOf } from '../helpers/yclient.js';

let server: AccordServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe('storage through a real server', () => {
  it('ST6 TM1 every edit is stored with its author and the server clock’s time, through compaction', async () => {
    const dataDir = tempDataDir();
    // Whole seconds from now, so that sessions made on this clock are valid.
    const clock = new ManualClock(Math.ceil(Date.now() / 1000) * 1000);
    server = await startTestServer({ dataDir, clock, compactEvery: 5 });
    const client = stockClient(collabUrl(server), 'declaration', await signIn(server, 'turkiye'));
    await synced(client);
    const times: number[] = [];
    for (let i = 0; i < 12; i++) {
      clock.advance(60_000 + i);
      times.push(clock.now());
      await editAndSave(client, (doc) => firstBody(doc).insert(0, `e${i} `));
    }
    const text = textOf(client.doc);
    client.destroy();
    await server.close();
    server = null;

    const storage = openSqliteStorage(dataDir);
    try {
      const chair = await storage.directory.findPersonByUsername('turkiye');
      const history = await storage.documents.history('declaration');
      const edits = history.slice(-12);
      expect(edits.map((h) => h.arrivedAt)).toEqual(times);
      for (const h of edits) {
        expect(h.origin).toEqual({
          kind: 'connection',
          personId: chair!.id,
          delegationId: chair!.delegationId,
        });
      }
      // Compacted, and still the whole history: replaying it gives the document.
      const loaded = await storage.documents.loadDocument('declaration');
      expect(loaded.snapshotSeq).toBeGreaterThanOrEqual(edits[4]!.seq);
      const replayed = new Y.Doc({ gc: false });
      for (const h of history) Y.applyUpdate(replayed, h.update);
      expect(textOf(replayed)).toBe(text);
    } finally {
      await storage.close();
    }
  });
});
