import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentLabels, DocumentStatus, NegotiationEvent } from '@accord/shared';
import { FeedReader } from '../helpers/feed.js';
import { collabUrl, SignedInServer } from '../helpers/server.js';
import {
  editAndSave,
  firstBody,
  stockClient,
  synced,
  type StockClient,
} from '../helpers/yclient.js';
import { waitFor } from '../helpers/wait.js';

// Paragraph statuses and brackets on a real server (issue 10, SPEC NS1–NS8).

/** Calls the API as `user`. */
async function api<T>(
  world: SignedInServer,
  user: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${world.server.url}${path}`, {
    method,
    headers: {
      cookie: world.cookie(user),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

const STATUS = '/api/documents/declaration/status';

describe('paragraph statuses and brackets (NS)', () => {
  let world: SignedInServer;
  let ids: Map<string, string>;
  const clients: StockClient[] = [];

  beforeAll(async () => {
    world = await SignedInServer.start(['turkiye', 'germany', 'icmpd']);
    const labels = await api<DocumentLabels>(
      world,
      'germany',
      'GET',
      '/api/documents/declaration/labels',
    );
    ids = new Map(Object.entries(labels.body.labels).map(([id, l]) => [l.short, id]));
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await world?.stop();
  });

  it('NS1 NS8 every participant reads the statuses and the counts; a fresh text has none', async () => {
    const res = await api<DocumentStatus>(world, 'germany', 'GET', STATUS);
    expect(res.status).toBe(200);
    expect(res.body.statuses).toEqual([]);
    expect(res.body.summary.document.brackets).toBe(0);
    expect(res.body.summary.document.paragraphs).toBe(res.body.summary.document.noStatus);
    expect(res.body.summary.sections.map((s) => s.kind)).toEqual(['preamble', 'operative']);
    expect((await api(world, 'germany', 'GET', '/api/documents/nowhere/status')).status).toBe(404);
  });

  it('NS2 NS3 NS6 the Chair sets a status, audited and sent live to everyone; a delegation is refused 403', async () => {
    const feed = await FeedReader.openPath<NegotiationEvent>(
      world,
      'germany',
      '/api/negotiation/events',
    );
    try {
      await waitFor(() => feed.events.length >= 1, 'the first negotiation event');
      const op1 = ids.get('OP1')!;
      const set = await api<DocumentStatus>(world, 'turkiye', 'PUT', `${STATUS}/${op1}`, {
        status: 'pending',
        waitingFor: 'germany',
      });
      expect(set.status, JSON.stringify(set.body)).toBe(200);
      expect(set.body.statuses).toEqual([
        expect.objectContaining({
          blockId: op1,
          status: 'pending',
          waitingFor: 'germany',
          setBy: expect.objectContaining({ delegationId: 'turkiye' }),
        }),
      ]);
      expect(set.body.summary.sections[1]).toMatchObject({ kind: 'operative', pending: 1 });
      await waitFor(
        () => feed.events.some((e) => e.data.type === 'status'),
        'the status event on the negotiation feed',
      );
      const event = feed.events.find((e) => e.data.type === 'status')!.data;
      expect(event).toMatchObject({
        type: 'status',
        documentId: 'declaration',
        statuses: [{ blockId: op1 }],
      });

      const refused = await api<{ error: string }>(world, 'germany', 'PUT', `${STATUS}/${op1}`, {
        status: 'agreed',
      });
      expect(refused).toEqual({
        status: 403,
        body: { error: 'only the pen-holders (Chair, Co-Chair, Secretariat) set statuses' },
      });
      const bad = await api<{ error: string }>(world, 'icmpd', 'PUT', `${STATUS}/${op1}`, {
        status: 'done',
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error).toMatch(/"status" must be one of agreed/);
      const cleared = await api<DocumentStatus>(world, 'icmpd', 'PUT', `${STATUS}/${op1}`, {
        status: null,
      });
      expect(cleared.body.statuses).toEqual([]);
      const audit = await world.storage.audit.list({ action: 'status.set' });
      expect(audit.map((a) => a.delegationId)).toEqual(
        expect.arrayContaining(['turkiye', 'icmpd']),
      );
    } finally {
      feed.close();
    }
  });

  it('NS7 NS8 a bracket mark sent by a stock Yjs client is stored, synced to others and counted', async () => {
    const chair = stockClient(collabUrl(world.server), 'declaration', world.cookie('turkiye'));
    const reader = stockClient(collabUrl(world.server), 'declaration', world.cookie('germany'));
    clients.push(chair, reader);
    await Promise.all([synced(chair), synced(reader)]);
    await editAndSave(chair, (d) =>
      firstBody(d, 'operative').format(0, 5, { bracket: { id: 'brStock001', by: 'germany' } }),
    );
    await waitFor(
      () => JSON.stringify(firstBody(reader.doc, 'operative').toDelta()).includes('brStock001'),
      'the bracket at the reader',
    );
    const res = await api<DocumentStatus>(world, 'germany', 'GET', STATUS);
    expect(res.body.summary.document.brackets).toBe(1);
    expect(res.body.summary.sections.find((s) => s.kind === 'operative')?.brackets).toBe(1);
  });

  it('NS7 a bracket with a malformed author is refused by the validator and never stored', async () => {
    const chair = stockClient(collabUrl(world.server), 'declaration', world.cookie('turkiye'));
    clients.push(chair);
    await synced(chair);
    const before = await api<DocumentStatus>(world, 'germany', 'GET', STATUS);
    const closes: number[] = [];
    chair.provider.on('connection-close', (event: CloseEvent | null) => {
      if (event) closes.push(event.code);
    });
    chair.doc.transact(() =>
      firstBody(chair.doc, 'preambular').format(0, 3, {
        bracket: { id: 'brBad00001', by: 'Not a slug!' },
      }),
    );
    await waitFor(() => closes.includes(4422), 'the refusal (4422)');
    chair.provider.disconnect();
    const after = await api<DocumentStatus>(world, 'germany', 'GET', STATUS);
    expect(after.body.summary.document.brackets).toBe(before.body.summary.document.brackets);
  });

  it('NS5 once the text is final a status is refused (409)', async () => {
    const round = await api<{ id: string }>(world, 'icmpd', 'POST', '/api/rounds', {
      name: 'Only round',
      deadline: { date: '2099-01-01', time: '18:00', zone: 'Europe/Budapest' },
    });
    expect(round.status).toBe(201);
    for (const phase of ['drafting', 'feedback', 'consolidation', 'published']) {
      const moved = await api(world, 'icmpd', 'POST', `/api/rounds/${round.body.id}/phase`, {
        phase,
      });
      expect(moved.status, `${phase} ${JSON.stringify(moved.body)}`).toBe(200);
    }
    const refused = await api<{ error: string }>(
      world,
      'turkiye',
      'PUT',
      `${STATUS}/${ids.get('OP2')!}`,
      {
        status: 'agreed',
      },
    );
    expect(refused).toEqual({
      status: 409,
      body: { error: 'the text is final: it was adopted and can no longer change' },
    });
  });
});
