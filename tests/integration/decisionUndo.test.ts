import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Amendment, AuditEntry } from '@accord/shared';
import { SignedInServer, collabUrl } from '../helpers/server.js';
import { stockClient, synced, type StockClient } from '../helpers/yclient.js';
import { waitFor } from '../helpers/wait.js';
import {
  api,
  blockIds,
  insertParagraph,
  submit,
  textOfBlock,
  typeInto,
} from '../helpers/amendments.js';

// Undo of a pen-holder's decision (SPEC AM15), on real servers: the paragraph comes back as it
// was before the accept through the pipeline, the amendment is open again, and only pen-holders,
// only in consolidation when there are rounds, and only on a paragraph unchanged since.

type Answer = Amendment & { error?: string };

describe('AM15 undo of a decision (no rounds)', () => {
  let world: SignedInServer;
  let B: Record<string, string> = {};
  const clients: StockClient[] = [];
  let germany: StockClient;
  let pakistan: StockClient;
  let chair: StockClient;

  const connect = async (room: string, user: string) => {
    const c = stockClient(collabUrl(world.server), room, world.cookie(user));
    clients.push(c);
    await synced(c);
    return c;
  };
  const post = (user: string, path: string, body: unknown = {}) =>
    api<Answer>(world, user, 'POST', path, body);
  const base = (label: string) => textOfBlock(chair.doc, B[label]!);
  const propose = async (copy: StockClient, user: string, label: string, word: string) => {
    await typeInto(copy, B[label]!, 0, `${word} `);
    const res = await submit(world, user, { blockIds: [B[label]!] });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.amendments[0]!;
  };

  beforeAll(async () => {
    world = await SignedInServer.start(['germany', 'pakistan', 'turkiye', 'icmpd']);
    germany = await connect('declaration/draft', 'germany');
    pakistan = await connect('declaration/draft', 'pakistan');
    chair = await connect('declaration', 'turkiye');
    B = blockIds(chair.doc);
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await world?.stop();
  });

  it('AM15 accept then undo restores the text and the status, audited; the amendment can be decided again', async () => {
    const before = base('PP1')!;
    const a = await propose(germany, 'germany', 'PP1', 'Firmly');
    const accepted = await post('turkiye', `/api/amendments/${a.id}/decision`, {
      decision: 'accept',
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    await waitFor(() => base('PP1') === `Firmly ${before}`, 'the accept to reach the text');
    const undone = await post('icmpd', `/api/amendments/${a.id}/undo`, { reason: 'Too fast.' });
    expect(undone.status, JSON.stringify(undone.body)).toBe(200);
    expect(undone.body).toMatchObject({ status: 'submitted', decision: null, number: a.number });
    await waitFor(() => base('PP1') === before, 'the undo to reach the text');
    const audit = await api<AuditEntry[]>(world, 'icmpd', 'GET', '/api/admin/audit?limit=50');
    expect(audit.body.find((e) => e.action === 'amendment.undo')).toMatchObject({
      target: a.id,
      detail: { undone: 'accepted', reason: 'Too fast.' },
    });
    // Open again: it can be decided anew.
    const again = await post('turkiye', `/api/amendments/${a.id}/decision`, {
      decision: 'reject',
      reason: 'Not now.',
    });
    expect(again.body.status).toBe('rejected');
    const reopened = await post('turkiye', `/api/amendments/${a.id}/undo`);
    expect(reopened.body.status).toBe('submitted');
    expect(base('PP1')).toBe(before);
  });

  it('AM15 a delegation cannot undo (403); an open amendment has nothing to undo (409)', async () => {
    const a = await propose(pakistan, 'pakistan', 'PP2', 'Also');
    const open = await post('turkiye', `/api/amendments/${a.id}/undo`);
    expect(open.status).toBe(409);
    expect(open.body.error).toMatch(/no decision to undo/);
    await post('turkiye', `/api/amendments/${a.id}/decision`, { decision: 'accept' });
    const refused = await post('germany', `/api/amendments/${a.id}/undo`);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatch(/Chair/);
    expect(base('PP2')).toMatch(/^Also /);
  });

  it('AM15 undo is refused (409) when the paragraph changed since the accept; nothing changes', async () => {
    const a = await propose(germany, 'germany', 'PP3', 'Notably');
    await post('turkiye', `/api/amendments/${a.id}/decision`, { decision: 'accept' });
    await waitFor(() => base('PP3')?.startsWith('Notably ') === true, 'the accept');
    await typeInto(chair, B.PP3!, -1, ' (edited)');
    const changed = base('PP3');
    const refused = await post('turkiye', `/api/amendments/${a.id}/undo`);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatch(/PP3 has changed since/);
    expect(base('PP3')).toBe(changed);
    const listed = await api<Amendment[]>(world, 'turkiye', 'GET', `/api/amendments/${a.id}`);
    expect(listed.body).toMatchObject({ amendment: { status: 'accepted' } });
  });

  it('AM15 undo of an accepted new paragraph removes it', async () => {
    await insertParagraph(germany, B.PP4!, 'A new consideration.', 'germany-new-pp');
    const res = await submit(world, 'germany', { blockIds: ['germany-new-pp'] });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const a = res.body.amendments[0]!;
    const accepted = await post('turkiye', `/api/amendments/${a.id}/decision`, {
      decision: 'accept',
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    const has = () => JSON.stringify(chair.doc.getXmlFragment('prosemirror').toJSON());
    await waitFor(() => has().includes('A new consideration.'), 'the new paragraph');
    const undone = await post('turkiye', `/api/amendments/${a.id}/undo`);
    expect(undone.status, JSON.stringify(undone.body)).toBe(200);
    await waitFor(() => !has().includes('A new consideration.'), 'the paragraph to go');
    // Accepted again after the undo, it comes back once.
    const again = await post('turkiye', `/api/amendments/${a.id}/decision`, {
      decision: 'accept',
    });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    await waitFor(() => has().includes('A new consideration.'), 'the paragraph again');
    expect(has().split('A new consideration.')).toHaveLength(2);
  });
});

describe('AM15 undo with rounds: only in consolidation', () => {
  let world: SignedInServer;
  let B: Record<string, string> = {};
  let copy: StockClient;
  let chair: StockClient;

  beforeAll(async () => {
    world = await SignedInServer.start(['germany', 'icmpd'], { calendar: 'budapest' });
    copy = stockClient(collabUrl(world.server), 'declaration/draft', world.cookie('germany'));
    chair = stockClient(collabUrl(world.server), 'declaration', world.cookie('icmpd'));
    await Promise.all([synced(copy), synced(chair)]);
    B = blockIds(chair.doc);
  });
  afterAll(async () => {
    copy?.destroy();
    chair?.destroy();
    await world?.stop();
  });

  it('AM15 undo works in consolidation and is refused (409) once the round is published', async () => {
    await typeInto(copy, B.PP1!, 0, 'Firmly ');
    await typeInto(copy, B.PP2!, 0, 'Also ');
    const res = await submit(world, 'germany', { blockIds: [B.PP1!, B.PP2!] });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const [a, b] = res.body.amendments;
    const phase = (p: string) =>
      api(world, 'icmpd', 'POST', '/api/rounds/review-round/phase', { phase: p });
    // In feedback nothing is decided, so nothing is undone either.
    const early = await api<Answer>(world, 'icmpd', 'POST', `/api/amendments/${a!.id}/undo`, {});
    expect(early.status).toBe(409);
    expect((await phase('consolidation')).status).toBe(200);
    for (const x of [a!, b!]) {
      const d = await api(world, 'icmpd', 'POST', `/api/amendments/${x.id}/decision`, {
        decision: 'accept',
      });
      expect(d.status, JSON.stringify(d.body)).toBe(200);
    }
    const undone = await api<Answer>(world, 'icmpd', 'POST', `/api/amendments/${a!.id}/undo`, {});
    expect(undone.status, JSON.stringify(undone.body)).toBe(200);
    expect(undone.body.status).toBe('submitted');
    expect((await phase('published')).status).toBe(200);
    const late = await api<Answer>(world, 'icmpd', 'POST', `/api/amendments/${b!.id}/undo`, {});
    expect(late.status).toBe(409);
    expect(late.body.error).toMatch(/no round is under way|final/);
  });
});
