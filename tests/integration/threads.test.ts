import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { FRAGMENT_NAME, type Thread } from '@accord/shared';
import { SignedInServer, collabUrl } from '../helpers/server.js';
import { stockClient, synced, type StockClient } from '../helpers/yclient.js';
import { api, bodyText, blockIds } from '../helpers/amendments.js';

// Comment threads on a real server (SPEC CM1–CM8): who sees them, who may change them.

let world: SignedInServer;
let base: StockClient;
let B: Record<string, string>;

beforeAll(async () => {
  world = await SignedInServer.start(['germany', 'pakistan', 'turkiye', 'icmpd']);
  base = stockClient(collabUrl(world.server), 'declaration', world.cookie('turkiye'));
  await synced(base);
  B = blockIds(base.doc);
});
afterAll(async () => {
  base?.destroy();
  await world?.stop();
});

/** A text anchor on `length` characters of `blockId`'s text from `index`, base64. */
function anchorOn(doc: Y.Doc, blockId: string, index: number, length: number) {
  const text = bodyText(doc, blockId);
  const enc = (i: number) =>
    Buffer.from(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, i))).toString(
      'base64',
    );
  return { type: 'text' as const, from: enc(index), to: enc(index + length) };
}

describe('CM comment threads', () => {
  it('CM1 CM2 a public thread is listed for everyone; an internal one only inside its delegation', async () => {
    const anchor = anchorOn(base.doc, B.OP3!, 0, 6);
    const open = await api<Thread>(world, 'germany', 'POST', '/api/documents/declaration/threads', {
      anchor,
      visibility: 'public',
      text: 'We cannot accept this.',
      quote: 'Decide',
    });
    expect(open.status, JSON.stringify(open.body)).toBe(201);
    const internal = await api<Thread>(
      world,
      'germany',
      'POST',
      '/api/documents/declaration/threads',
      { anchor, visibility: 'delegation', text: 'Zanzibarmarker: check with the capital.' },
    );
    expect(internal.status).toBe(201);
    for (const user of ['pakistan', 'turkiye', 'icmpd']) {
      const listed = await api<Thread[]>(world, user, 'GET', '/api/documents/declaration/threads');
      expect(listed.body.map((t) => t.id)).toEqual([open.body.id]);
      expect(JSON.stringify(listed.body)).not.toContain('Zanzibarmarker');
      const replied = await api(world, user, 'POST', `/api/threads/${internal.body.id}/comments`, {
        text: 'peek',
      });
      expect(replied.status).toBe(404);
    }
    const own = await api<Thread[]>(world, 'germany', 'GET', '/api/documents/declaration/threads');
    expect(own.body.map((t) => t.id).sort()).toEqual([open.body.id, internal.body.id].sort());
    const audit = await api(world, 'icmpd', 'GET', '/api/admin/audit?limit=100');
    expect(JSON.stringify(audit.body)).not.toContain('Zanzibarmarker');
  });

  it('CM6 a bad anchor is refused and nothing is stored', async () => {
    const before = await api<Thread[]>(
      world,
      'germany',
      'GET',
      '/api/documents/declaration/threads',
    );
    const other = new Y.Doc();
    other.getXmlFragment(FRAGMENT_NAME).insert(0, [new Y.XmlText('elsewhere')]);
    const foreign = Buffer.from(
      Y.encodeRelativePosition(
        Y.createRelativePositionFromTypeIndex(
          other.getXmlFragment(FRAGMENT_NAME).get(0) as Y.XmlText,
          2,
        ),
      ),
    ).toString('base64');
    const res = await api<{ error: string }>(
      world,
      'germany',
      'POST',
      '/api/documents/declaration/threads',
      {
        anchor: { type: 'text', from: foreign, to: foreign },
        visibility: 'public',
        text: 'x',
      },
    );
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/does not point into this document/);
    const after = await api<Thread[]>(
      world,
      'germany',
      'GET',
      '/api/documents/declaration/threads',
    );
    expect(after.body.length).toBe(before.body.length);
  });
});
