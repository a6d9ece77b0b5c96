import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Amendment, DocumentLabels, RoundView } from '@accord/shared';
import type { AccordServer } from '../../server/src/index.js';
import { collabUrl, signIn, startTestServer, tempDataDir } from '../helpers/server.js';
import { stockClient, synced, type StockClient } from '../helpers/yclient.js';
import { blockIds, insertParagraph, removeParagraph, typeInto } from '../helpers/amendments.js';
import { waitFor } from '../helpers/wait.js';
import { FRAGMENT_NAME } from '@accord/shared';
import { insertBlockAfter } from '../../server/src/amendments/yjsBlocks.js';

// Stable labels within a round on a real server (SPEC SL1–SL8): the seeded Budapest calendar's
// review round is published, a second reading starts from its version, and the Chair (a
// pen-holder) adds and deletes paragraphs while it is in drafting.

const USERS = ['turkiye', 'germany'] as const;
type User = (typeof USERS)[number];

let server: AccordServer;
const dataDir = tempDataDir();
const cookies = new Map<string, string>();
const clients: StockClient[] = [];
/** The declaration's block ids by their label when the second reading started. */
let B: Record<string, string> = {};
let secondId = '';

async function start(): Promise<void> {
  server = await startTestServer({ dataDir, calendar: 'budapest' });
  for (const u of USERS) cookies.set(u, await signIn(server, u));
}

async function call<T>(user: User, method: string, path: string, body?: unknown) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      cookie: cookies.get(user)!,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

async function ok<T>(user: User, method: string, path: string, body?: unknown): Promise<T> {
  const res = await call<T>(user, method, path, body);
  expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
  return res.body;
}

async function connect(room: string, user: User): Promise<StockClient> {
  const c = stockClient(collabUrl(server), room, cookies.get(user)!);
  clients.push(c);
  await synced(c);
  return c;
}

/** The declaration's labels as `user` reads them: block id → short label. */
async function labels(user: User = 'germany'): Promise<Record<string, string>> {
  const answer = await ok<DocumentLabels>(user, 'GET', '/api/documents/declaration/labels');
  return Object.fromEntries(Object.entries(answer.labels).map(([id, l]) => [id, l.short]));
}

const phase = (roundId: string, to: string) =>
  ok<RoundView>('turkiye', 'POST', `/api/rounds/${roundId}/phase`, { phase: to });

let chair: StockClient;

beforeAll(async () => {
  await start();
  // A second reading after the review round, so publishing the review round leaves the text open.
  const second = await ok<RoundView>('turkiye', 'POST', '/api/rounds', {
    name: 'Second reading',
    deadline: { date: '2099-12-31', time: '23:59', zone: 'Europe/Budapest' },
  });
  secondId = second.id;
  await phase('review-round', 'consolidation');
  await phase('review-round', 'published');
  await phase(secondId, 'drafting');
  chair = await connect('declaration', 'turkiye');
  B = blockIds(chair.doc);
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await server?.close();
});

describe('stable labels within a round, on a real server', () => {
  it('SL1 SL8 the round starts from the labels of the version it started from', async () => {
    const answer = await ok<DocumentLabels>('germany', 'GET', '/api/documents/declaration/labels');
    expect(answer.roundId).toBe(secondId);
    expect(answer.start?.[B['OP4']!]?.short).toBe('OP4');
    expect(answer.kept).toEqual({});
    expect(answer.labels[B['OP5']!]?.short).toBe('OP5');
  });

  it('SL2 a paragraph a pen-holder adds after OP4 is "OP4 bis", and OP5 stays OP5', async () => {
    await insertParagraph(
      chair,
      B['OP4']!,
      'A paragraph added in drafting.',
      'op-added-1',
      'operative',
    );
    const now = await labels();
    expect(now['op-added-1']).toBe('OP4 bis');
    expect(now[B['OP4']!]).toBe('OP4');
    expect(now[B['OP5']!]).toBe('OP5');
  });

  it('SL4 a deleted paragraph’s number is not reused', async () => {
    await removeParagraph(chair, B['OP2']!);
    await insertParagraph(chair, B['OP1']!, 'In place of OP2.', 'op-added-2', 'operative');
    const now = await labels();
    expect(now['op-added-2']).toBe('OP1 bis');
    expect(Object.values(now)).not.toContain('OP2');
    expect(now[B['OP3']!]).toBe('OP3');
  });

  it('SL5 a paragraph added before "OP4 bis" takes the next label; "OP4 bis" keeps its own', async () => {
    await insertParagraph(chair, B['OP4']!, 'Added between.', 'op-added-3', 'operative');
    const now = await labels();
    expect(now['op-added-3']).toBe('OP4 ter');
    expect(now['op-added-1']).toBe('OP4 bis');
  });

  it('SL5 two paragraphs added in one burst keep the labels of their order of arrival', async () => {
    // Sent together, applied one after the other: the first is kept as "OP6 bis" before the
    // second, added above it, is even seen.
    const fragment = chair.doc.getXmlFragment(FRAGMENT_NAME);
    chair.doc.transact(() => insertBlockAfter(fragment, B.OP6!, 'operative', 'First.', 'burst-1'));
    chair.doc.transact(() => insertBlockAfter(fragment, B.OP6!, 'operative', 'Second.', 'burst-2'));
    await waitFor(async () => (await labels())['burst-2'] !== undefined, 'both paragraphs');
    const now = await labels();
    expect([now['burst-2'], now['burst-1']]).toEqual(['OP6 ter', 'OP6 bis']);
  });

  it('SL8 after a restart the labels are the same', async () => {
    const before = await labels();
    for (const c of clients.splice(0)) c.destroy();
    await server.close();
    await start();
    expect(await labels()).toEqual(before);
    chair = await connect('declaration', 'turkiye');
  });

  it('SL8 AM9 an amendment submitted on the new paragraph cites "OP4 bis"', async () => {
    await phase(secondId, 'feedback');
    const copy = await connect('declaration/draft', 'germany');
    await typeInto(copy, 'op-added-1', 0, 'Further ');
    const res = await call<{ amendments: Amendment[] }>(
      'germany',
      'POST',
      '/api/documents/declaration/amendments',
      { blockIds: ['op-added-1'], justification: 'Clearer.', language: 'en' },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.amendments.map((a) => a.label)).toEqual(['OP4 bis']);
  });

  it('SL2 AM7 a paragraph proposed after OP4 passes over the labels pen-holders gave: "OP4 quater"', async () => {
    const copy = clients.find((c) => c.provider.roomname === 'declaration/draft')!;
    await insertParagraph(copy, B['OP4']!, 'A proposed paragraph.', 'op-proposed', 'operative');
    const res = await call<{ amendments: Amendment[] }>(
      'germany',
      'POST',
      '/api/documents/declaration/amendments',
      { blockIds: ['op-proposed'], justification: 'Needed.', language: 'en' },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.amendments.map((a) => a.label)).toEqual(['OP4 quater']);
  });
});
