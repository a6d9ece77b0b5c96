import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AMENDMENT_EVENT, type Amendment } from '@accord/shared';
import { SignedInServer, collabUrl } from '../helpers/server.js';
import { stockClient, synced, type StockClient } from '../helpers/yclient.js';
import { waitFor } from '../helpers/wait.js';
import { api, blockIds, submit, typeInto } from '../helpers/amendments.js';
import {
  FeedReader as GenericFeedReader,
  type FeedEvent as GenericFeedEvent,
} from '../helpers/feed.js';

// The amendment feed on a real server (SPEC AF1–AF3): server-sent events pushed live, resumable
// without missing or repeating an event, open to every participant, ended with the session.

let world: SignedInServer;
let copy: StockClient;
let B: Record<string, string> = {};

beforeAll(async () => {
  world = await SignedInServer.start(['germany', 'pakistan', 'canada', 'iom']);
  copy = stockClient(collabUrl(world.server), 'declaration/draft', world.cookie('germany'));
  await synced(copy);
  B = blockIds(copy.doc);
});
afterAll(async () => {
  copy?.destroy();
  await world?.stop();
});

/** The feed's events carry amendments here. */
type FeedData = { seq: number; amendment?: Amendment };
type FeedEvent = GenericFeedEvent<FeedData>;

/** The declaration's feed as `user` (it must be answered as an event stream). */
const FeedReader = {
  open: (user: string, query = '', headers: Record<string, string> = {}) =>
    GenericFeedReader.open<FeedData>(world, user, query, headers),
};

/** Makes one change that is pushed: germany submits (or revises) a paragraph. */
async function change(label: string, word: string): Promise<Amendment> {
  await typeInto(copy, B[label]!, 0, `${word} `);
  const res = await submit(world, 'germany', { blockIds: [B[label]!] });
  expect(res.status).toBe(201);
  return res.body.amendments[0]!;
}

describe('AF the amendment feed', () => {
  let lastSeq = 0;

  it('AF1 AF3 every change is pushed live to every participant, with its seq as the event id', async () => {
    const readers = await Promise.all(['pakistan', 'canada', 'iom'].map((u) => FeedReader.open(u)));
    const a = await change('PP1', 'Firstly');
    await waitFor(() => readers.every((r) => r.events.length === 1), 'the submission pushed');
    const pos = await api(world, 'pakistan', 'POST', `/api/amendments/${a.id}/position`, {
      position: 'support',
    });
    expect(pos.status).toBe(200);
    await waitFor(() => readers.every((r) => r.events.length === 2), 'the position pushed');
    for (const r of readers) {
      expect(r.events.map((e) => e.event)).toEqual([AMENDMENT_EVENT, AMENDMENT_EVENT]);
      expect(r.events.map((e) => e.data.amendment?.id)).toEqual([a.id, a.id]);
      expect(r.events[1]!.data.amendment?.supports).toEqual(['pakistan']);
      expect(r.ids).toEqual(r.events.map((e) => e.data.seq));
      expect(r.ids[0]!).toBeLessThan(r.ids[1]!);
      r.close();
    }
    lastSeq = readers[0]!.ids[1]!;
  });

  it('AF2 resuming with Last-Event-ID or ?after= gets exactly what changed meanwhile, in seq order, none twice', async () => {
    // A fresh stream's catch-up is every record as it is now: one event for the one amendment.
    const first = await FeedReader.open('pakistan');
    await waitFor(() => first.events.length === 1, 'the catch-up');
    expect(first.ids).toEqual([lastSeq]);
    first.close();
    // Missed while disconnected: a new amendment, another, and a revision of the first new one.
    await change('PP2', 'Secondly');
    await change('PP3', 'Thirdly');
    await change('PP2', 'Again');
    const byHeader = await FeedReader.open('pakistan', '', { 'last-event-id': String(lastSeq) });
    const byQuery = await FeedReader.open('canada', `?after=${lastSeq}`);
    const label = (e: FeedEvent) => `${e.data.amendment!.label}#${e.data.amendment!.revision}`;
    for (const r of [byHeader, byQuery]) {
      await waitFor(() => r.events.length === 2, 'the missed changes');
      // The record of PP2 as it is now (revision 2), not its superseded state as well.
      expect(r.events.map(label)).toEqual(['PP3#1', 'PP2#2']);
    }
    // A change while both are open arrives once, after the catch-up.
    await change('PP4', 'Fourthly');
    for (const r of [byHeader, byQuery]) {
      await waitFor(() => r.events.length === 3, 'the live change');
      expect(r.events.map(label)).toEqual(['PP3#1', 'PP2#2', 'PP4#1']);
      expect(r.ids).toEqual([...r.ids].sort((x, y) => x - y));
      expect(r.ids[0]!).toBeGreaterThan(lastSeq);
      r.close();
    }
    expect(byQuery.ids).toEqual(byHeader.ids);
  });

  it('AF2 an id from beyond anything stored (another database) starts from the top; an empty one is absent', async () => {
    const all = await FeedReader.open('pakistan');
    await waitFor(() => all.events.length > 0, 'the full catch-up');
    await new Promise((r) => setImmediate(r));
    const everything = all.ids;
    all.close();
    const future = await FeedReader.open('pakistan', '', { 'last-event-id': '999999999' });
    await waitFor(() => future.events.length === everything.length, 'everything again');
    expect(future.ids).toEqual(everything);
    future.close();
    const empty = await FeedReader.open('pakistan', `?after=${everything.at(-1)}`, {
      'last-event-id': '',
    });
    await change('PP5', 'Fifthly');
    await waitFor(() => empty.events.length === 1, 'only the new change');
    expect(empty.ids[0]!).toBeGreaterThan(everything.at(-1)!);
    empty.close();
  });

  it('AF3 signing out ends the stream', async () => {
    const reader = await FeedReader.open('iom');
    await waitFor(() => reader.events.length > 0, 'the catch-up');
    const out = await fetch(`${world.server.url}/api/session`, {
      method: 'DELETE',
      headers: { cookie: world.cookie('iom') },
    });
    expect(out.status).toBeLessThan(300);
    await waitFor(() => reader.ended, 'the stream to end');
    const again = await fetch(`${world.server.url}/api/documents/declaration/amendments/events`, {
      headers: { cookie: world.cookie('iom') },
    });
    expect(again.status).toBe(401);
  });
});
