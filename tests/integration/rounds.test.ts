import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  closesAt,
  formatDeadline,
  type Amendment,
  type Extension,
  type Round,
  type RoundList,
  type Tracker,
} from '@accord/shared';
import { ManualClock } from '../../server/src/time/ManualClock.js';
import { SignedInServer, collabUrl } from '../helpers/server.js';
import {
  RawClient,
  stockClient,
  synced,
  updateFrom,
  type StockClient,
} from '../helpers/yclient.js';
import { api, blockIds, bodyText, submit, textOfBlock, typeInto } from '../helpers/amendments.js';
import { waitFor } from '../helpers/wait.js';
import { FeedReader } from '../helpers/feed.js';

// The rounds on a real server with an injected clock (issue 9, SPEC RD, DL, FT): the seeded
// Budapest calendar, the deadline judged by the server's clock to the second, extensions, who
// may submit, the phases that open and close the text on every path, carry-over at publication
// and the final text.

const USERS = ['turkiye', 'icmpd', 'germany', 'pakistan', 'iom'] as const;
/** 10:00 in Budapest on 1 March 2024: the review round opens then for three weeks. */
const START = Date.UTC(2024, 2, 1, 9, 0, 0);

const open: { destroy(): void }[] = [];

/** A world with the Budapest calendar and a clock the test moves. */
async function budapestWorld(): Promise<{ world: SignedInServer; clock: ManualClock }> {
  const clock = new ManualClock(START);
  const world = await SignedInServer.start(USERS, { clock, calendar: 'budapest' });
  return { world, clock };
}

async function rounds(world: SignedInServer, user: string): Promise<RoundList> {
  const res = await api<RoundList>(world, user, 'GET', '/api/rounds');
  expect(res.status).toBe(200);
  return res.body;
}

/** The round under way as `user` sees it. */
async function current(world: SignedInServer, user = 'icmpd'): Promise<Round> {
  const list = await rounds(world, user);
  const round = list.rounds.find((r) => r.id === list.currentRoundId);
  if (!round) throw new Error('no round under way');
  return round;
}

async function phase(world: SignedInServer, roundId: string, to: string, user = 'icmpd') {
  return api<Round & { error?: string }>(world, user, 'POST', `/api/rounds/${roundId}/phase`, {
    phase: to,
  });
}

/** A stock client of `room` for `user`, synced, destroyed after the file. */
async function connect(world: SignedInServer, room: string, user: string): Promise<StockClient> {
  const client = stockClient(collabUrl(world.server), room, world.cookie(user));
  open.push(client);
  await synced(client);
  return client;
}

/** Germany drafts a change to OP1 in its working copy (saved), ready to submit. */
async function draftOp1(world: SignedInServer, words = ' (as amended)'): Promise<string> {
  const copy = await connect(world, 'declaration/draft', 'germany');
  const op1 = blockIds(copy.doc).OP1!;
  await typeInto(copy, op1, -1, words);
  return op1;
}

/** The base text's OP1 on the server. */
function serverText(world: SignedInServer, blockId: string): Promise<string | null> {
  return world.server.rooms.readDocument('declaration', (room) => textOfBlock(room.doc, blockId));
}

/**
 * Sends an edit of `blockId` over a raw socket of `user` to `room` and waits until the server
 * has handled it (its answer to a later sync step 1 comes after): true if it was saved.
 */
async function rawEdit(world: SignedInServer, room: string, user: string, blockId: string) {
  const raw = await RawClient.connect(collabUrl(world.server), room, {
    cookie: world.cookie(user),
  });
  open.push({ destroy: () => raw.close() });
  const update = updateFrom(raw.doc, (doc) => bodyText(doc, blockId).insert(0, 'X'));
  raw.sendUpdate(update);
  const before = raw.received.length;
  raw.step2Received = false;
  raw.send(new Uint8Array([0, 0, 1, 0]));
  await waitFor(() => raw.step2Received && raw.received.length > before, 'server round trip');
  return { saved: raw.saved.length > 0, access: raw.access.map((a) => a.canWrite) };
}

afterAll(() => {
  for (const c of open) c.destroy();
});

/** Moves the server's clock to `ms`; sessions are signed in again (they expire with time). */
async function moveTo(world: SignedInServer, clock: ManualClock, ms: number): Promise<void> {
  clock.set(ms);
  await Promise.all(USERS.map((u) => world.signIn(u)));
}

describe('the seeded calendar and the deadline (RD8, DL5, DL6)', () => {
  let world: SignedInServer;
  let clock: ManualClock;
  beforeAll(async () => {
    ({ world, clock } = await budapestWorld());
  });
  afterAll(() => world?.stop());

  it('RD8 a fresh server with the seeds runs the Budapest calendar, the review round open for feedback', async () => {
    const list = await rounds(world, 'germany');
    expect(list.rounds.map((r) => [r.id, r.phase])).toEqual([
      ['zero-draft', 'published'],
      ['consolidated-draft', 'published'],
      ['reference-group-draft', 'published'],
      ['final-text', 'published'],
      ['review-round', 'feedback'],
    ]);
    expect(list.currentRoundId).toBe('review-round');
    expect(list.final).toBe(false);
    expect(list.now).toBe(new Date(START).toISOString());
    const zero = list.rounds[0]!;
    // "written feedback from countries by 20 December 2023", at 23:59 in Budapest (CET).
    expect(zero.deadline).toEqual({ at: '2023-12-20T22:59:00.000Z', zone: 'Europe/Budapest' });
    expect(list.rounds[1]!.submitters).toBe('reference-group');
    const review = list.rounds[4]!;
    expect(review.deadline?.zone).toBe('Europe/Budapest');
    // Three calendar weeks ahead, at 23:59 Budapest time (CET on 22 March 2024).
    expect(review.deadline?.at).toBe('2024-03-22T22:59:00.000Z');
    expect(list.window).toEqual({
      maySubmit: true,
      reason: null,
      closesAt: closesAt(review.deadline!.at),
    });
  });

  it('DL5 RD12 a submission one second before the deadline is accepted, one second after is refused naming the deadline in its zone', async () => {
    const review = await current(world);
    const closes = closesAt(review.deadline!.at);
    const op1 = await draftOp1(world);
    await moveTo(world, clock, closes - 1000);
    // Pakistan drafts offline before the deadline and reconnects only after it.
    const offline = await connect(world, 'declaration/draft', 'pakistan');
    const op2 = blockIds(offline.doc).OP2!;
    offline.provider.disconnect();
    bodyText(offline.doc, op2).insert(0, 'Offline: ');
    const onTime = await submit(world, 'germany', { blockIds: [op1] });
    expect(onTime.status).toBe(201);
    expect(onTime.body.amendments[0]!.roundId).toBe('review-round');

    const copy = await connect(world, 'declaration/draft', 'germany');
    await typeInto(copy, op1, -1, ' again');
    await moveTo(world, clock, closes + 1000);
    const late = await submit(world, 'germany', { blockIds: [op1] });
    expect(late.status).toBe(409);
    expect(late.body.error).toContain(formatDeadline(review.deadline!));
    expect(late.body.error).toContain('22 March 2024, 23:59 CET');
    // Nothing changed: the amendment is still its first revision.
    const stored = await world.storage.amendments.list('declaration');
    expect(stored.map((a) => a.revision)).toEqual([1]);
    // A withdrawal and a position are feedback too, and closed with it.
    const withdraw = await api(
      world,
      'germany',
      'POST',
      `/api/amendments/${stored[0]!.id}/withdraw`,
      {},
    );
    expect(withdraw.status).toBe(409);
    const position = await api(
      world,
      'pakistan',
      'POST',
      `/api/amendments/${stored[0]!.id}/position`,
      {
        position: 'support',
      },
    );
    expect(position.status).toBe(409);
    expect((await rounds(world, 'germany')).window.maySubmit).toBe(false);

    // RD12: the offline work reaches the working copy, but its submission is late.
    offline.provider.connect();
    await waitFor(
      () =>
        world.server.rooms.readWorkingCopy('declaration', 'pakistan', (copy) =>
          textOfBlock(copy.doc, op2)?.startsWith('Offline: '),
        ),
      'the offline edit in the working copy',
    );
    const offlineSubmit = await submit(world, 'pakistan', { all: true });
    expect(offlineSubmit.status).toBe(409);
    expect(offlineSubmit.body.error).toContain('22 March 2024, 23:59 CET');
  });

  it('DL6 an extension lets exactly that delegation through, and is audited', async () => {
    const review = await current(world);
    const refused = await api<Extension & { error?: string }>(
      world,
      'germany',
      'POST',
      '/api/rounds/review-round/extensions',
      {
        delegationId: 'germany',
        until: { date: '2024-03-25', time: '12:00', zone: 'Europe/Budapest' },
      },
    );
    expect(refused.status).toBe(403);
    const granted = await api<Extension>(
      world,
      'turkiye',
      'POST',
      '/api/rounds/review-round/extensions',
      {
        delegationId: 'germany',
        until: { date: '2024-03-25', time: '12:00', zone: 'Europe/Budapest' },
      },
    );
    expect(granted.status).toBe(201);
    expect(granted.body).toMatchObject({
      delegationId: 'germany',
      until: '2024-03-25T11:00:00.000Z',
    });
    expect((await rounds(world, 'germany')).window).toMatchObject({
      maySubmit: true,
      closesAt: Date.parse('2024-03-25T11:01:00.000Z'),
    });
    expect((await rounds(world, 'pakistan')).window.maySubmit).toBe(false);

    const germany = await submit(world, 'germany', { all: true });
    expect(germany.status).toBe(201);
    expect(germany.body.amendments[0]!.revision).toBe(2);
    const copy = await connect(world, 'declaration/draft', 'pakistan');
    await typeInto(copy, blockIds(copy.doc).OP2!, -1, ' too');
    const pakistan = await submit(world, 'pakistan', { all: true });
    expect(pakistan.status).toBe(409);
    expect(pakistan.body.error).toContain(formatDeadline(review.deadline!));

    // Bad input changes nothing.
    const before = (await world.storage.rounds.extensions('review-round')).length;
    for (const body of [
      { delegationId: 'atlantis', until: '2024-03-26T10:00:00Z' },
      { delegationId: 'all', until: '2024-03-01T10:00:00Z' },
      {
        delegationId: 'all',
        until: { date: '2024-03-26', time: '25:00', zone: 'Europe/Budapest' },
      },
      { delegationId: 'all', until: { date: '2024-03-26', time: '10:00', zone: 'Mars/Olympus' } },
    ]) {
      const bad = await api<{ error: string }>(
        world,
        'icmpd',
        'POST',
        '/api/rounds/review-round/extensions',
        body,
      );
      expect(bad.status, JSON.stringify(body)).toBe(400);
      expect(bad.body.error).toMatch(/"(delegationId|until|zone|deadline)"|time zone|date/);
    }
    expect(await world.storage.rounds.extensions('review-round')).toHaveLength(before);
    const audit = await world.storage.audit.list({ action: 'round.extension' });
    expect(audit[0]).toMatchObject({ target: 'review-round', detail: { delegationId: 'germany' } });
  });

  it('NF1 NF2 the negotiation feed tells every client when its deadline passes, by the server clock', async () => {
    await moveTo(world, clock, Date.parse('2024-03-25T11:00:30.000Z'));
    const feed = await FeedReader.openPath<RoundList & { type: string }>(
      world,
      'germany',
      '/api/negotiation/events',
    );
    open.push({ destroy: () => feed.close() });
    await waitFor(() => feed.events.length >= 1, 'the first rounds event');
    expect(feed.events[0]!.data.window.maySubmit).toBe(true);
    clock.set(Date.parse('2024-03-25T11:01:00.000Z'));
    await waitFor(() => feed.events.some((e) => !e.data.window.maySubmit), 'the deadline event');
    const last = feed.events.at(-1)!.data;
    expect(last.type).toBe('rounds');
    expect(last.window.reason).toContain('the extension on 25 March 2024, 12:00 CET');
  });

  it('FT1-FT4 the tracker shows who responded, late or with an extension, and exports CSV', async () => {
    const refused = await api(world, 'germany', 'GET', '/api/rounds/review-round/tracker');
    expect(refused.status).toBe(403);
    const res = await api<Tracker>(world, 'icmpd', 'GET', '/api/rounds/review-round/tracker');
    expect(res.status).toBe(200);
    const row = (id: string) => res.body.rows.find((r) => r.delegationId === id)!;
    expect(row('germany')).toMatchObject({
      responded: true,
      amendments: 1,
      late: false,
      extendedUntil: '2024-03-25T11:00:00.000Z',
    });
    expect(row('pakistan')).toMatchObject({ responded: false, amendments: 0, extendedUntil: null });
    const csv = await fetch(`${world.server.url}/api/rounds/review-round/tracker.csv`, {
      headers: { cookie: world.cookie('turkiye') },
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (await csv.text()).replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe(
      'Delegation,Delegation id,Kind,Entitled to submit,Responded,Amendments,Comments,First (UTC),Last (UTC),Late,Extended until (UTC)',
    );
    expect(lines.find((l) => l.startsWith('Germany,'))).toMatch(
      /^Germany,germany,[^,]+,yes,yes,1,0,/,
    );
  });
});

describe('phases open and close the text on every path (RD2, RD6, RD9-RD15)', () => {
  let world: SignedInServer;
  let clock: ManualClock;
  beforeAll(async () => {
    ({ world, clock } = await budapestWorld());
  });
  afterAll(() => world?.stop());

  it('RD7 only pen-holders change phases; phases are never skipped; bad input is refused', async () => {
    expect((await phase(world, 'review-round', 'consolidation', 'germany')).status).toBe(403);
    expect((await phase(world, 'review-round', 'published')).status).toBe(409);
    const bad = await phase(world, 'review-round', 'closed');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toContain('"phase"');
    expect((await current(world)).phase).toBe('feedback');
  });

  it('RD11 while feedback is open the Chair cannot edit the text nor decide; in consolidation it can', async () => {
    const op1 = await draftOp1(world, ' (Germany)');
    expect((await submit(world, 'germany', { blockIds: [op1] })).status).toBe(201);
    const [amendment] = await world.storage.amendments.list('declaration');
    const before = await serverText(world, op1);

    const inFeedback = await rawEdit(world, 'declaration', 'turkiye', op1);
    // RD11: the Chair's editor is told at once that it may not write now.
    expect(inFeedback.access).toEqual([false]);
    expect(inFeedback.saved).toBe(false);
    expect(await serverText(world, op1)).toBe(before);
    const decide = await api<{ error: string }>(
      world,
      'turkiye',
      'POST',
      `/api/amendments/${amendment!.id}/decision`,
      {
        decision: 'accept',
      },
    );
    expect(decide.status).toBe(409);
    expect(decide.body.error).toContain('open for feedback');

    // The Chair's open editor is told the moment consolidation opens the text (AC9).
    const chair = await RawClient.connect(collabUrl(world.server), 'declaration', {
      cookie: world.cookie('turkiye'),
    });
    open.push({ destroy: () => chair.close() });
    expect((await phase(world, 'review-round', 'consolidation', 'turkiye')).status).toBe(200);
    await waitFor(() => chair.access.at(-1)?.canWrite === true, 'write access in consolidation');
    const edited = await rawEdit(world, 'declaration', 'turkiye', op1);
    expect(edited.saved).toBe(true);
    expect(await serverText(world, op1)).toBe('X' + before);
    // Feedback is closed in consolidation, extensions or not.
    const late = await submit(world, 'germany', { all: true });
    expect(late.status).toBe(409);
    expect(late.body.error).toContain('in consolidation');
  });

  it('RD14 publishing carries pending amendments into the next round, visibly; RD6 a Reference Group round refuses others', async () => {
    const created = await api<Round>(world, 'icmpd', 'POST', '/api/rounds', {
      name: 'Reference Group reading',
      submitters: 'reference-group',
      observersMaySubmit: false,
    });
    expect(created.status).toBe(201);
    const rg = created.body;
    expect(rg).toMatchObject({ phase: 'not-started', position: 5, submitters: 'reference-group' });
    expect((await phase(world, 'review-round', 'published')).status).toBe(200);
    const [carried] = await world.storage.amendments.list('declaration');
    expect(carried).toMatchObject({
      status: 'submitted',
      roundId: rg.id,
      carriedFrom: ['review-round'],
    });
    const audit = await world.storage.audit.list({ action: 'amendment.carry-over' });
    expect(audit[0]?.detail).toMatchObject({ roundId: 'review-round', carried: [carried!.number] });

    // Between rounds nothing is open: not the text, not feedback.
    expect(
      (await rawEdit(world, 'declaration', 'turkiye', blockIds(await docOf(world)).OP2!)).saved,
    ).toBe(false);
    expect((await phase(world, rg.id, 'feedback')).status).toBe(409);
    expect((await phase(world, rg.id, 'drafting')).status).toBe(200);
    expect((await phase(world, rg.id, 'feedback')).body.error).toContain('set a deadline');
    const deadline = { date: '2024-04-15', time: '18:00', zone: 'Europe/Budapest' };
    const set = await api<Round>(world, 'icmpd', 'PATCH', `/api/rounds/${rg.id}`, { deadline });
    expect(set.status).toBe(200);
    expect(set.body.deadline).toEqual({ at: '2024-04-15T16:00:00.000Z', zone: 'Europe/Budapest' });
    expect((await phase(world, rg.id, 'feedback')).status).toBe(200);

    const pakistanCopy = await connect(world, 'declaration/draft', 'pakistan');
    await typeInto(pakistanCopy, blockIds(pakistanCopy.doc).OP3!, -1, ' (RG)');
    expect((await submit(world, 'pakistan', { all: true })).status).toBe(201);
    const germany = await submit(world, 'germany', { all: true });
    expect(germany.status).toBe(403);
    expect(germany.body.error).toContain('only members of the Reference Group');
    const iom = await api<{ error: string }>(
      world,
      'iom',
      'POST',
      '/api/documents/declaration/threads',
      {
        anchor: { type: 'document' },
        visibility: 'public',
        text: 'A comment.',
      },
    );
    expect(iom.status).toBe(403);
    await moveTo(world, clock, Date.UTC(2024, 3, 20));
  });

  it('RD10 RD15 the final text refuses every change on every path', async () => {
    const rg = await current(world);
    expect((await phase(world, rg.id, 'consolidation')).status).toBe(200);
    expect((await phase(world, rg.id, 'published')).status).toBe(200);
    const list = await rounds(world, 'germany');
    expect(list.final).toBe(true);
    expect(list.currentRoundId).toBeNull();
    // Pending amendments are superseded: no round follows the last.
    const pending = (await world.storage.amendments.list('declaration')).filter(
      (a: Amendment) => a.status === 'submitted',
    );
    expect(pending).toEqual([]);

    const ids = blockIds(await docOf(world));
    const before = await serverText(world, ids.OP1!);
    expect((await rawEdit(world, 'declaration', 'turkiye', ids.OP1!)).saved).toBe(false);
    expect((await rawEdit(world, 'declaration', 'icmpd', ids.OP1!)).saved).toBe(false);
    expect((await rawEdit(world, 'declaration/draft', 'germany', ids.OP1!)).saved).toBe(false);
    expect(await serverText(world, ids.OP1!)).toBe(before);
    const submitted = await submit(world, 'germany', { all: true });
    expect(submitted.status).toBe(409);
    expect(submitted.body.error).toContain('the text is final');
    const added = await api(world, 'icmpd', 'POST', '/api/rounds', { name: 'Another reading' });
    expect(added.status).toBe(409);
    const comment = await api(world, 'germany', 'POST', '/api/documents/declaration/threads', {
      anchor: { type: 'document' },
      visibility: 'public',
      text: 'Too late.',
    });
    expect(comment.status).toBe(409);
    const phases = await world.storage.audit.list({ action: 'round.phase' });
    expect(phases.map((e) => [e.target, e.detail.to])).toContainEqual([rg.id, 'published']);
  });
});

/** The declaration as the server holds it now, as a Yjs document. */
async function docOf(world: SignedInServer): Promise<Y.Doc> {
  const state = await world.server.rooms.readDocument('declaration', (room) =>
    Y.encodeStateAsUpdate(room.doc),
  );
  const doc = new Y.Doc({ gc: false });
  Y.applyUpdate(doc, state);
  return doc;
}
