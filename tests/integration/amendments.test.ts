import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FRAGMENT_NAME, type Amendment } from '@accord/shared';
import { SignedInServer, collabUrl } from '../helpers/server.js';
import { editAndSave, stockClient, synced, type StockClient } from '../helpers/yclient.js';
import { waitFor } from '../helpers/wait.js';
import {
  api,
  bodyText,
  blockIds,
  insertParagraph,
  listAmendments,
  removeParagraph,
  submit,
  textOfBlock,
  typeInto,
} from '../helpers/amendments.js';

// Amendments on a real server (SPEC AM4–AM13): submitted from working copies, revised, supported
// or objected to, decided by the pen-holders into the base text, and kept across a restart.

let world: SignedInServer;
let B: Record<string, string> = {};
const clients: StockClient[] = [];
let germany: StockClient;
let pakistan: StockClient;
let chair: StockClient;
/** A stock client of another delegation on the base text: what "everyone" sees. */
let bulgaria: StockClient;

async function connect(room: string, user: string): Promise<StockClient> {
  const c = stockClient(collabUrl(world.server), room, world.cookie(user));
  clients.push(c);
  await synced(c);
  return c;
}

async function openAll(): Promise<void> {
  germany = await connect('declaration/draft', 'germany');
  pakistan = await connect('declaration/draft', 'pakistan');
  chair = await connect('declaration', 'turkiye');
  bulgaria = await connect('declaration', 'bulgaria');
}

beforeAll(async () => {
  world = await SignedInServer.start([
    'germany',
    'pakistan',
    'turkiye',
    'hungary',
    'icmpd',
    'canada',
    'bulgaria',
  ]);
  await openAll();
  B = blockIds(chair.doc);
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await world?.stop();
});

const post = (user: string, path: string, body: unknown) =>
  api<Amendment & { error?: string }>(world, user, 'POST', path, body);
const decide = (user: string, a: Amendment, body: unknown) =>
  post(user, `/api/amendments/${a.id}/decision`, body);
const position = (user: string, a: Amendment, body: unknown) =>
  post(user, `/api/amendments/${a.id}/position`, body);
const base = (label: string) => textOfBlock(bulgaria.doc, B[label]!);

/** Edits `label` in `copy` and submits it; the one amendment made. */
async function propose(
  copy: StockClient,
  user: string,
  label: string,
  word: string,
): Promise<Amendment> {
  await typeInto(copy, B[label]!, 0, `${word} `);
  const res = await submit(world, user, { blockIds: [B[label]!] });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.amendments[0]!;
}

const current = async (a: Amendment) =>
  (await listAmendments(world, 'pakistan')).find((x) => x.id === a.id)!;

describe('AM amendments', () => {
  it('AM9 bad submissions get a 400 naming what was wrong, and nothing is stored', async () => {
    const none = await submit(world, 'pakistan', { all: true });
    expect(none.status).toBe(400);
    expect(none.body.error).toMatch(/no changes/);
    await typeInto(germany, B.PP1!, 0, 'Firmly ');
    const bad: [unknown, RegExp][] = [
      [{ blockIds: ['nope'] }, /no change to block "nope"/],
      [{ all: true, justification: 'x'.repeat(2001) }, /justification/],
      [{ all: true, language: 'EN!' }, /language/],
      [{ all: true, blockIds: [B.PP1] }, /blockIds/],
      [{ justification: 'x' }, /blockIds/],
    ];
    for (const [body, message] of bad) {
      const res = await post('germany', '/api/documents/declaration/amendments', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error).toMatch(message);
    }
    expect(await listAmendments(world, 'germany')).toEqual([]);
  });

  it('AM9 AM10 submit one block, then all; revise by editing again (same number and label, history kept)', async () => {
    await typeInto(germany, B.PP2!, 0, 'Warmly ');
    const one = await submit(world, 'germany', { blockIds: [B.PP1!] });
    expect(one.body.amendments).toMatchObject([{ number: 1, label: 'PP1', kind: 'modify' }]);
    const all = await submit(world, 'germany', { all: true });
    expect(all.body.amendments.map((a) => [a.number, a.label, a.revision])).toEqual([
      [1, 'PP1', 1],
      [2, 'PP2', 1],
    ]);
    await typeInto(germany, B.PP1!, 0, 'Very ');
    const revised = await submit(world, 'germany', { blockIds: [B.PP1!] }, 'Even stronger.');
    expect(revised.body.amendments).toMatchObject([{ number: 1, label: 'PP1', revision: 2 }]);
    const detail = await api<{ revisions: { proposedText: string }[] }>(
      world,
      'pakistan',
      'GET',
      `/api/amendments/${one.body.amendments[0]!.id}`,
    );
    expect(detail.body.revisions.map((r) => r.proposedText.slice(0, 12))).toEqual([
      'Firmly Gathe',
      'Very Firmly ',
    ]);
  });

  it("AM5 AM4 co-sponsor, support, object (with a reason), none; withdraw only one's own", async () => {
    const [pp1, pp2] = await listAmendments(world, 'pakistan');
    expect((await position('pakistan', pp1!, { position: 'cosponsor' })).body.cosponsors).toEqual([
      'pakistan',
    ]);
    expect((await position('bulgaria', pp1!, { position: 'support' })).body.supports).toEqual([
      'bulgaria',
    ]);
    const noReason = await position('canada', pp1!, { position: 'object' });
    expect([noReason.status, noReason.body.error]).toEqual([400, expect.stringMatching(/reason/)]);
    const objected = await position('canada', pp1!, { position: 'object', reason: 'Too strong.' });
    expect(objected.body.objections).toEqual([{ delegationId: 'canada', reason: 'Too strong.' }]);
    expect((await position('canada', pp1!, { position: 'none' })).body.objections).toEqual([]);
    expect((await post('pakistan', `/api/amendments/${pp2!.id}/withdraw`, {})).status).toBe(403);
    const withdrawn = await post('germany', `/api/amendments/${pp2!.id}/withdraw`, {});
    expect(withdrawn.body.status).toBe('withdrawn');
  });

  it('AM6 AM11 a non-pen-holder cannot decide; a rejection needs a reason', async () => {
    const [pp1] = await listAmendments(world, 'pakistan');
    const before = base('PP1');
    for (const user of ['pakistan', 'germany', 'canada']) {
      expect((await decide(user, pp1!, { decision: 'accept' })).status).toBe(403);
    }
    expect(base('PP1')).toBe(before);
    expect(await current(pp1!)).toEqual(pp1);
    const amendment = await propose(pakistan, 'pakistan', 'PP10', 'Nevertheless');
    expect((await decide('turkiye', amendment, { decision: 'reject' })).status).toBe(400);
    const rejected = await decide('turkiye', amendment, {
      decision: 'reject',
      reason: 'Out of scope.',
    });
    expect(rejected.body).toMatchObject({
      status: 'rejected',
      decision: { reason: 'Out of scope.' },
    });
    expect(base('PP10')).not.toContain('Nevertheless');
  });

  it('AM11 accept changes the base for everyone and keeps a concurrent edit; accept-with-changes puts the text in', async () => {
    const [pp1] = await listAmendments(world, 'pakistan');
    await typeInto(chair, B.PP1!, 12, 'indeed ');
    const accepted = await decide('turkiye', pp1!, { decision: 'accept' });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    await waitFor(() => base('PP1')?.startsWith('Very Firmly '), 'bulgaria to see the new text');
    expect(base('PP1')).toContain('indeed ');
    expect((await post('germany', `/api/amendments/${pp1!.id}/withdraw`, {})).status).toBe(409);
    const pp3 = await propose(germany, 'germany', 'PP3', 'Welcoming');
    const text = 'A text the Co-Chair wrote.';
    const withChanges = await decide('hungary', pp3, { decision: 'accept-with-changes', text });
    expect(withChanges.body.status).toBe('accepted-with-changes');
    await waitFor(() => base('PP3') === text, 'the pen-holder text in the base');
  });

  it('AM9 AM11 inserts are cited "PP2 bis", "PP2 ter" and go in after PP2; a delete removes its paragraph', async () => {
    await insertParagraph(germany, B.PP2!, 'Germany new paragraph;', 'gerNewPara1');
    await insertParagraph(pakistan, B.PP2!, 'Pakistan new paragraph;', 'pakNewPara1');
    const bis = (await submit(world, 'germany', { blockIds: ['gerNewPara1'] })).body.amendments[0]!;
    const ter = (await submit(world, 'pakistan', { blockIds: ['pakNewPara1'] })).body
      .amendments[0]!;
    expect([bis.kind, bis.label, ter.label]).toEqual(['insert', 'PP2 bis', 'PP2 ter']);
    expect((await decide('turkiye', bis, { decision: 'accept' })).status).toBe(200);
    await waitFor(() => blockIds(bulgaria.doc).PP3 !== B.PP3, 'the new paragraph in the base');
    expect(textOfBlock(bulgaria.doc, blockIds(bulgaria.doc).PP3!)).toBe('Germany new paragraph;');
    // WC6: the proposer's copy holds the accepted paragraph once (its own draft of it removed).
    const copies = (d: StockClient) =>
      JSON.stringify(d.doc.getXmlFragment(FRAGMENT_NAME).toJSON()).split('Germany new').length - 1;
    await waitFor(() => copies(germany) === 1, 'the copy to hold the new paragraph once');
    await removeParagraph(germany, B.PP5!);
    const del = (await submit(world, 'germany', { blockIds: [B.PP5!] })).body.amendments[0]!;
    expect(del.kind).toBe('delete');
    expect((await decide('turkiye', del, { decision: 'accept' })).status).toBe(200);
    await waitFor(() => base('PP5') === null, 'the paragraph to go');
  });

  it('AM12 a compromise merges two amendments to one paragraph into the base', async () => {
    const a = await propose(germany, 'germany', 'PP6', 'Fully');
    const b = await propose(pakistan, 'pakistan', 'PP6', 'Partly');
    const text = 'Acknowledging, as a compromise, the shared concern;';
    const res = await api<{ compromise: { id: string }; amendments: Amendment[] }>(
      world,
      'icmpd',
      'POST',
      '/api/documents/declaration/compromises',
      { amendmentIds: [a.id, b.id], text },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    for (const m of res.body.amendments)
      expect(m).toMatchObject({ status: 'merged', compromiseId: res.body.compromise.id });
    await waitFor(() => base('PP6') === text, 'the compromise in the base');
    // WC6: both proposers' copies of the paragraph are back to the base, nothing doubled.
    for (const copy of [germany, pakistan])
      await waitFor(() => textOfBlock(copy.doc, B.PP6!) === text, 'the copies reset');
  });

  it('AM13 an outdated amendment is detected and accepted three-way, or refused when the same words changed', async () => {
    const merge = await propose(germany, 'germany', 'PP7', 'Indeed');
    await typeInto(chair, B.PP7!, 12, 'also ');
    await waitFor(async () => (await current(merge)).outdated, 'the amendment to be outdated');
    expect((await decide('turkiye', merge, { decision: 'accept' })).status).toBe(200);
    await waitFor(() => base('PP7')?.startsWith('Indeed Recognising also '), 'the three-way merge');

    await editAndSave(germany, (doc) => bodyText(doc, B.PP8!).delete(0, 6));
    const clash = await propose(germany, 'germany', 'PP8', 'Bearing');
    await editAndSave(chair, (doc) => {
      const t = bodyText(doc, B.PP8!);
      t.delete(0, 6);
      t.insert(0, 'Having');
    });
    await waitFor(async () => (await current(clash)).outdated, 'the clash to be outdated');
    const before = base('PP8');
    const refused = await decide('turkiye', clash, { decision: 'accept' });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatch(/with changes/i);
    expect(base('PP8')).toBe(before);
    expect((await current(clash)).status).toBe('submitted');

    const lost = await propose(germany, 'germany', 'PP9', 'Also');
    await removeParagraph(chair, B.PP9!);
    await waitFor(async () => (await current(lost)).targetDeleted, 'the deleted target');
    expect((await current(lost)).status).toBe('submitted');
  });

  it('AM9–AM12 every action is in the audit log', async () => {
    const res = await api<{ action: string }[]>(
      world,
      'icmpd',
      'GET',
      '/api/admin/audit?limit=500',
    );
    const actions = new Set(res.body.map((e) => e.action));
    for (const action of [
      'amendment.submit',
      'amendment.revise',
      'amendment.withdraw',
      'amendment.position.cosponsor',
      'amendment.position.object',
      'amendment.accept',
      'amendment.accept-with-changes',
      'amendment.reject',
      'amendment.compromise',
    ])
      expect(actions, action).toContain(action);
  });

  it('AM10 amendments, revisions, positions, decisions and working copies survive a restart', async () => {
    const before = await listAmendments(world, 'pakistan');
    const detail = (await api(world, 'pakistan', 'GET', `/api/amendments/${before[0]!.id}`)).body;
    const compromises = (
      await api(world, 'pakistan', 'GET', '/api/documents/declaration/compromises')
    ).body;
    await typeInto(germany, B.PP10!, 0, 'Pending ');
    const copy = textOfBlock(germany.doc, B.PP10!);
    for (const c of clients.splice(0)) c.destroy();
    await world.restart();
    await openAll();
    expect(await listAmendments(world, 'pakistan')).toEqual(before);
    expect((await api(world, 'pakistan', 'GET', `/api/amendments/${before[0]!.id}`)).body).toEqual(
      detail,
    );
    expect(
      (await api(world, 'pakistan', 'GET', '/api/documents/declaration/compromises')).body,
    ).toEqual(compromises);
    expect(textOfBlock(germany.doc, B.PP10!)).toBe(copy);
  });
});

describe('AM13 across a restart', () => {
  it('AM13 a base change just before a restart still marks the amendment outdated', async () => {
    const a = await propose(germany, 'germany', 'OP3', 'Resolutely');
    await typeInto(chair, B.OP3!, -1, ' late');
    for (const c of clients.splice(0)) c.destroy();
    await world.restart();
    await openAll();
    await waitFor(async () => (await current(a)).outdated, 'the amendment to be outdated');
  });
});
