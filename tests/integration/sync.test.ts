import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { updateDigest } from '@accord/shared';
import type { AccordServer } from '../../server/src/index.js';
import { collabUrl, signIn, startTestServer } from '../helpers/server.js';
import {
  editAndSave,
  firstBody,
  stockClient,
  synced,
  textOf,
  type StockClient,
} from '../helpers/yclient.js';
import { waitFor } from '../helpers/wait.js';

let server: AccordServer | null = null;
const clients: StockClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server?.close();
  server = null;
});

/** Connects as the Chair, who may edit the text. */
async function connect(room = 'declaration'): Promise<StockClient> {
  const client = stockClient(collabUrl(server!), room, await signIn(server!, 'turkiye'));
  clients.push(client);
  return client;
}

describe('collaboration over real sockets', () => {
  it('WS1 the stock WebsocketProvider syncs the seeded declaration unchanged', async () => {
    server = await startTestServer();
    const client = await connect();
    await synced(client);
    const text = textOf(client.doc);
    expect(text).toContain('The Budapest Process Ministerial Declaration');
    expect(text).toContain('Gathered in Budapest');
  });

  it('WS2 several clients editing at once converge to the same text', async () => {
    server = await startTestServer();
    const a = await connect();
    const b = await connect();
    const c = await connect();
    await Promise.all([a, b, c].map(synced));
    firstBody(a.doc).insert(0, 'Alpha ');
    firstBody(b.doc).insert(0, 'Bravo ');
    firstBody(c.doc, 'operative').insert(0, 'Charlie ');
    await waitFor(() => {
      const texts = [a, b, c].map((x) => textOf(x.doc));
      return texts.every(
        (t) =>
          t === texts[0] && t.includes('Alpha') && t.includes('Bravo') && t.includes('Charlie'),
      );
    }, 'three clients to converge');
  });

  it('WS3 the sender is told its update is saved, with the digest of what it sent', async () => {
    server = await startTestServer();
    const a = await connect();
    await synced(a);
    let sent: Uint8Array | null = null;
    a.doc.on('update', (u: Uint8Array, origin: unknown) => {
      if (origin !== a.provider) sent = u;
    });
    firstBody(a.doc).insert(0, 'Saved? ');
    expect(sent).not.toBeNull();
    const digest = updateDigest(sent!);
    await waitFor(() => a.saved.some((s) => s.digest === digest && !s.step2), 'SAVED notice');
  });

  it('WS4 a late joiner receives edits made before it connected', async () => {
    server = await startTestServer();
    const a = await connect();
    await synced(a);
    await editAndSave(a, (doc) => firstBody(doc).insert(0, 'Early words '));
    const late = await connect();
    await synced(late);
    await waitFor(() => textOf(late.doc).includes('Early words'), 'late joiner sees the edit');
  });

  it('WS5 documents are separate rooms: an edit in one never reaches the other', async () => {
    server = await startTestServer();
    const decl = await connect('declaration');
    const cfa = await connect('call-for-action');
    await Promise.all([synced(decl), synced(cfa)]);
    const before = Y.encodeStateAsUpdate(cfa.doc);
    await editAndSave(decl, (doc) => firstBody(doc).insert(0, 'Only here '));
    expect(textOf(cfa.doc)).not.toContain('Only here');
    expect(Y.encodeStateAsUpdate(cfa.doc)).toEqual(before);
  });
});
