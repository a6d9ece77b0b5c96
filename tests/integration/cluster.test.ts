import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Redis } from 'ioredis';
import type { Amendment, Thread } from '@accord/shared';
import { openPostgresStorage } from '../../server/src/index.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';
import { ClusterNode, TestRedis, providerOn } from '../helpers/cluster.js';
import {
  RawClient,
  editAndSave,
  editLocally,
  firstBody,
  stockClient,
  synced,
  textOf,
} from '../helpers/yclient.js';
import { api, blockIds, bodyText } from '../helpers/amendments.js';
import { FeedReader } from '../helpers/feed.js';
import { waitFor } from '../helpers/wait.js';
import { updateAs } from '../helpers/access.js';
import type { SignedInServer } from '../helpers/server.js';
import { ManualClock } from '../../server/src/time/ManualClock.js';

// CL1–CL5: two Accord processes (here two server instances in this test process; the kill -9
// test uses real processes) on one PostgreSQL database and one Redis of the test's own.

let db: TestDatabase;
let redis: TestRedis;
let a: ClusterNode;
let b: ClusterNode;
const USERS = ['turkiye', 'germany', 'hungary', 'icmpd'];

const AMENDMENTS = '/api/documents/declaration/amendments';

/** The API and feed helpers take a signed-in world: a cluster node is one. */
const world = (node: ClusterNode) => node as unknown as SignedInServer;

beforeAll(async () => {
  db = await createTestDatabase();
  redis = await TestRedis.start();
  a = await ClusterNode.start(db.url, redis.url, USERS);
  b = await ClusterNode.start(db.url, redis.url, USERS);
});

afterAll(async () => {
  await a?.server.close();
  await b?.server.close();
  await redis?.kill();
  await db?.drop();
});

/** The declaration as the database holds it, read by a storage of the test's own. */
async function storedText(room = 'declaration'): Promise<string> {
  const storage = await openPostgresStorage({ url: db.url, max: 1 });
  try {
    const stored = await storage.documents.loadDocument(room);
    const doc = new Y.Doc({ gc: false });
    if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
    for (const u of stored.updates) Y.applyUpdate(doc, u);
    return textOf(doc);
  } finally {
    await storage.close();
  }
}

describe('two processes on PostgreSQL and Redis', () => {
  it('CL1 clients on A and on B converge on the base text, and the database holds both edits', async () => {
    const onA = stockClient(a.collabUrl, 'declaration', a.cookie('turkiye'));
    const onB = stockClient(b.collabUrl, 'declaration', b.cookie('turkiye'));
    await Promise.all([synced(onA), synced(onB)]);
    await Promise.all([
      editAndSave(onA, (doc) => firstBody(doc).insert(0, 'Alpha from A. ')),
      editAndSave(onB, (doc) => firstBody(doc).insert(0, 'Bravo from B. ')),
    ]);
    await waitFor(() => textOf(onA.doc) === textOf(onB.doc), 'A and B converge');
    expect(textOf(onA.doc)).toContain('Alpha from A.');
    expect(textOf(onA.doc)).toContain('Bravo from B.');
    expect(await storedText()).toBe(textOf(onA.doc));
    onA.destroy();
    onB.destroy();
  });

  it('CL1 CL3 a delegation drafting on A and on B converges on its working copy, and presence crosses', async () => {
    const onA = stockClient(a.collabUrl, 'declaration/draft', a.cookie('germany'));
    const onB = stockClient(b.collabUrl, 'declaration/draft', b.cookie('germany'));
    await Promise.all([synced(onA), synced(onB)]);
    await editAndSave(onA, (doc) => firstBody(doc).insert(0, 'Germany drafts on A. '));
    await editAndSave(onB, (doc) => firstBody(doc).insert(0, 'and on B. '));
    await waitFor(() => textOf(onA.doc) === textOf(onB.doc), 'the working copy converges');
    expect(textOf(onB.doc)).toContain('Germany drafts on A.');
    // Presence: B sees A's cursor, stamped by A's server with the session's name.
    onA.provider.awareness.setLocalStateField('cursor', { anchor: 3, head: 3 });
    const seenOnB = () =>
      onB.provider.awareness.getStates().get(onA.doc.clientID) as
        { cursor?: unknown; user?: { name?: string } } | undefined;
    await waitFor(() => seenOnB()?.cursor !== undefined, "A's presence on B");
    expect(seenOnB()?.user?.name).toBe('Delegate of Germany');
    onA.destroy();
    onB.destroy();
    // The base text never saw the draft.
    expect(await storedText()).not.toContain('Germany drafts on A.');
  });

  it('CL5 an amendment submitted on A reaches the Chair on B, whose decision on B reaches A', async () => {
    const draft = stockClient(a.collabUrl, 'declaration/draft', a.cookie('germany'));
    await synced(draft);
    const blockId = blockIds(draft.doc)['OP1']!;
    await editAndSave(draft, (doc) => bodyText(doc, blockId).insert(0, 'Cluster amendment: '));
    const chairFeed = await FeedReader.open<{ type: string; amendment?: Amendment }>(
      world(b),
      'turkiye',
    );
    const germanyFeed = await FeedReader.open<{ type: string; amendment?: Amendment }>(
      world(a),
      'germany',
    );
    const submitted = await api<{ amendments: Amendment[] }>(
      world(a),
      'germany',
      'POST',
      '/api/documents/declaration/amendments',
      { blockIds: [blockId], justification: 'Across processes.', language: 'en' },
    );
    expect(submitted.status).toBe(201);
    const amendment = submitted.body.amendments[0]!;
    await waitFor(
      () => chairFeed.events.some((e) => e.data.amendment?.id === amendment.id),
      'the amendment on the Chair feed of B',
    );
    const accepted = await api(
      world(b),
      'turkiye',
      'POST',
      `/api/amendments/${amendment.id}/decision`,
      {
        decision: 'accept',
      },
    );
    expect(accepted.status).toBe(200);
    await waitFor(
      () =>
        germanyFeed.events.some(
          (e) => e.data.amendment?.id === amendment.id && e.data.amendment.status === 'accepted',
        ),
      'the decision on the feed of A',
    );
    const base = stockClient(a.collabUrl, 'declaration', a.cookie('turkiye'));
    await synced(base);
    await waitFor(() => textOf(base.doc).includes('Cluster amendment: '), 'accepted text on A');
    chairFeed.close();
    germanyFeed.close();
    draft.destroy();
    base.destroy();
  });

  it('CL5 AM13 an edit stored by a process that never checks it still makes the amendment outdated', async () => {
    // C stores and relays the Chair's edit, but its clock never moves: its outdated check,
    // due a moment after the edit, never runs, as for a process killed just after the commit.
    const c = await ClusterNode.start(db.url, redis.url, ['turkiye'], {
      clock: new ManualClock(Date.now()),
    });
    const draft = stockClient(a.collabUrl, 'declaration/draft', a.cookie('germany'));
    const reader = stockClient(b.collabUrl, 'declaration', b.cookie('hungary'));
    const chair = stockClient(c.collabUrl, 'declaration', c.cookie('turkiye'));
    try {
      await Promise.all([synced(draft), synced(reader), synced(chair)]);
      const blockId = blockIds(draft.doc)['OP3']!;
      await editAndSave(draft, (doc) => bodyText(doc, blockId).insert(0, 'Outdated soon: '));
      const submitted = await api<{ amendments: Amendment[] }>(
        world(a),
        'germany',
        'POST',
        '/api/documents/declaration/amendments',
        { blockIds: [blockId], justification: 'Before the Chair edits.', language: 'en' },
      );
      expect(submitted.status).toBe(201);
      const id = submitted.body.amendments[0]!.id;
      expect(submitted.body.amendments[0]!.outdated).toBe(false);

      // A and B have read the amendments since they started, so the check a first read makes
      // (AM13) is behind them: only the edit itself can make it outdated now.
      for (const node of [a, b])
        expect((await api(world(node), 'hungary', 'GET', AMENDMENTS)).status).toBe(200);
      await editAndSave(chair, (doc) => bodyText(doc, blockId).insert(0, 'The Chair: '));
      const outdated = async () => {
        const listed = await api<Amendment[]>(world(b), 'hungary', 'GET', AMENDMENTS);
        return listed.body.find((x) => x.id === id)?.outdated === true;
      };
      await waitFor(outdated, 'the amendment marked outdated by A or B');
    } finally {
      draft.destroy();
      reader.destroy();
      chair.destroy();
      await c.server.close();
    }
  });

  it('CL5 a public comment started on B reaches a reader on A; the other delegation never gets an internal one', async () => {
    const feedOnA = await FeedReader.open<{ type: string; thread?: Thread }>(world(a), 'turkiye');
    const post = (visibility: 'public' | 'delegation', text: string) =>
      api<Thread>(world(b), 'germany', 'POST', '/api/documents/declaration/threads', {
        anchor: { type: 'document' },
        visibility,
        text,
      });
    const internal = await post('delegation', 'Internal cluster note');
    const open = await post('public', 'Public cluster comment');
    expect([internal.status, open.status]).toEqual([201, 201]);
    await waitFor(
      () => feedOnA.events.some((e) => e.data.thread?.id === open.body.id),
      'the public thread on A',
    );
    expect(feedOnA.raw).not.toContain('Internal cluster note');
    feedOnA.close();
  });

  it('CL1 PG1 two bursts written at once through A and through B all land, in one gapless log', async () => {
    const cookie = a.cookie('turkiye');
    const [onA, onB] = await Promise.all([
      RawClient.connect(a.collabUrl, 'call-for-action', { cookie }),
      RawClient.connect(b.collabUrl, 'call-for-action', { cookie }),
    ]);
    const sent = (client: RawClient, tag: string) =>
      Array.from({ length: 150 }, (_, i) => {
        const text = `[${tag}${i}] `;
        client.sendUpdate(editLocally(client.doc, (d) => firstBody(d, 'goal').insert(0, text)));
        return text;
      });
    const fromA = sent(onA, 'a');
    const fromB = sent(onB, 'b');
    await waitFor(
      () => onA.saved.length >= 150 && onB.saved.length >= 150,
      'both bursts acknowledged',
      20_000,
    );
    await waitFor(() => textOf(onA.doc) === textOf(onB.doc), 'both sides converge', 20_000);
    for (const t of [...fromA, ...fromB]) expect(textOf(onA.doc)).toContain(t);
    const storage = await openPostgresStorage({ url: db.url, max: 1 });
    try {
      const seqs = (await storage.documents.history('call-for-action')).map((u) => u.seq);
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    } finally {
      await storage.close();
    }
    expect(await storedText('call-for-action')).toBe(textOf(onA.doc));
    onA.close();
    onB.close();
  });

  it('CL1 AC7 an editor that wrote through A goes on through B with the same client id; nobody else may take it', async () => {
    const onA = stockClient(a.collabUrl, 'declaration', a.cookie('turkiye'));
    await synced(onA);
    await editAndSave(onA, (doc) => firstBody(doc).insert(0, 'First on A. '));
    const doc = onA.doc;
    onA.provider.destroy();
    // The same editor (same Yjs client id) now reaches B, as after a failover.
    const provider = providerOn(b.collabUrl, 'declaration', doc, b.cookie('turkiye'));
    await waitFor(() => provider.synced, 'the editor synced on B');
    firstBody(doc).insert(0, 'Then on B. ');
    await waitFor(async () => (await storedText()).includes('Then on B.'), 'stored through B');
    expect(provider.wsconnected).toBe(true);
    provider.destroy();
    // Another person writing under that client id on B is refused: B knows whose it is.
    const intruder = await RawClient.connect(b.collabUrl, 'declaration', {
      cookie: b.cookie('icmpd'),
    });
    intruder.sendUpdate(
      updateAs(intruder.doc, doc.clientID, (d) => firstBody(d).insert(0, 'Forged. ')),
    );
    expect(await intruder.closed()).toBe(4403);
    expect(await storedText()).not.toContain('Forged.');
  });

  it("CL5 a sign-out on A closes the same session's socket on B", async () => {
    const cookie = await a.signIn('germany');
    const reader = await RawClient.connect(b.collabUrl, 'declaration', { cookie });
    const out = await fetch(`${a.server.url}/api/session`, {
      method: 'DELETE',
      headers: { cookie, origin: a.server.url },
    });
    expect(out.status).toBeLessThan(300);
    expect(await reader.closed()).toBe(4401);
  });

  it('CL5 a permission change on A closes the socket of the person on B', async () => {
    const coChair = stockClient(b.collabUrl, 'declaration', b.cookie('hungary'));
    await synced(coChair);
    let closeCode: number | null = null;
    coChair.provider.ws?.addEventListener('close', (e) => (closeCode = e.code));
    const changed = await api(world(a), 'icmpd', 'PUT', '/api/admin/delegations/hungary/roles', {
      roles: [],
    });
    expect(changed.status).toBe(200);
    await waitFor(() => closeCode !== null, "the Co-Chair's socket on B closes");
    expect(closeCode).toBe(4403);
    coChair.destroy();
  });

  it('CL4 malformed relay messages are ignored: both processes go on relaying', async () => {
    const raw = new Redis(redis.url);
    try {
      const channels = (await raw.pubsub('CHANNELS', 'accord:*')) as string[];
      expect(channels).toHaveLength(1);
      for (const junk of [
        'not json',
        '{}',
        JSON.stringify({ from: 'x', at: 0, payload: { type: 'update', room: 'declaration' } }),
        JSON.stringify({ from: 'x', at: 0, payload: { type: 'negotiation', event: { no: 1 } } }),
        JSON.stringify({
          from: 'x',
          at: 0,
          payload: { type: 'update', room: 'declaration', seq: 999999, update: 'AAAA' },
        }),
      ])
        await raw.publish(channels[0]!, junk);
    } finally {
      raw.disconnect();
    }
    const onA = stockClient(a.collabUrl, 'declaration', a.cookie('turkiye'));
    const onB = stockClient(b.collabUrl, 'declaration', b.cookie('turkiye'));
    await Promise.all([synced(onA), synced(onB)]);
    await editAndSave(onA, (doc) => firstBody(doc).insert(0, 'Still relayed. '));
    await waitFor(() => textOf(onB.doc).includes('Still relayed.'), 'B still hears A');
    onA.destroy();
    onB.destroy();
  });

  it('CL4 Redis restarted mid-run loses nothing: both processes catch up from the database', async () => {
    const onA = stockClient(a.collabUrl, 'declaration', a.cookie('turkiye'));
    const onB = stockClient(b.collabUrl, 'declaration', b.cookie('turkiye'));
    await Promise.all([synced(onA), synced(onB)]);
    await redis.kill();
    await waitFor(async () => {
      const res = await fetch(`${a.server.url}/api/health`);
      return res.status === 503 && (await res.json()).relay === 'unavailable';
    }, 'health reports the relay down');
    // Written while the relay is down: stored in PostgreSQL, heard by nobody.
    await editAndSave(onA, (doc) => firstBody(doc).insert(0, 'Written during the outage. '));
    await redis.restart();
    await waitFor(
      () => textOf(onB.doc).includes('Written during the outage.'),
      'B catches up after the relay returns',
      15_000,
    );
    await editAndSave(onB, (doc) => firstBody(doc).insert(0, 'After the outage. '));
    await waitFor(() => textOf(onA.doc) === textOf(onB.doc), 'A and B converge again');
    expect(await storedText()).toBe(textOf(onA.doc));
    const health = await (await fetch(`${b.server.url}/api/health`)).json();
    expect(health).toEqual({ ok: true, store: 'ok', relay: 'ok' });
    onA.destroy();
    onB.destroy();
  });
});
