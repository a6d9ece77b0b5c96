import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { FRAGMENT_NAME, type Thread } from '@accord/shared';
import { SignedInServer, collabUrl } from '../helpers/server.js';
import { stockClient, synced, type StockClient } from '../helpers/yclient.js';
import { api, blockIds } from '../helpers/amendments.js';
import { lastAuditId, auditSince } from '../helpers/access.js';
import { anchorOn, startThread, threadsSeenBy } from '../helpers/threads.js';

// Comment threads on a real server (SPEC CM1–CM8): who sees them, who may change them.

let world: SignedInServer;
let base: StockClient;
let B: Record<string, string>;

beforeAll(async () => {
  world = await SignedInServer.start(['germany', 'pakistan', 'turkiye', 'hungary', 'icmpd']);
  base = stockClient(collabUrl(world.server), 'declaration', world.cookie('turkiye'));
  await synced(base);
  B = blockIds(base.doc);
});
afterAll(async () => {
  base?.destroy();
  await world?.stop();
});

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

  it('CM3 CM4 only the author edits or deletes a comment; a deleted one is a tombstone', async () => {
    const thread = await startThread(world, 'germany', {
      anchor: { type: 'document' },
      visibility: 'public',
      text: 'Firstwords of Germany.',
    });
    const replied = await api<Thread>(
      world,
      'pakistan',
      'POST',
      `/api/threads/${thread.id}/comments`,
      {
        text: 'Pakistan agrees.',
      },
    );
    expect(replied.status).toBe(201);
    expect(replied.body.comments.map((c) => c.delegationId)).toEqual(['germany', 'pakistan']);
    const first = thread.comments[0]!.id;
    for (const user of ['pakistan', 'turkiye', 'icmpd']) {
      for (const method of ['PATCH', 'DELETE']) {
        const res = await api(world, user, method, `/api/comments/${first}`, { text: 'Mine now.' });
        expect(res.status, `${user} ${method}`).toBe(403);
      }
    }
    const auditFrom = await lastAuditId(world.storage);
    const edited = await api<Thread>(world, 'germany', 'PATCH', `/api/comments/${first}`, {
      text: 'Secondwords of Germany.',
    });
    expect(edited.status).toBe(200);
    expect(edited.body.comments[0]).toMatchObject({
      text: 'Secondwords of Germany.',
      deleted: false,
    });
    expect(edited.body.comments[0]!.editedAt).not.toBeNull();
    const deleted = await api<Thread>(world, 'germany', 'DELETE', `/api/comments/${first}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body.comments.map((c) => [c.id, c.deleted, c.text])).toEqual([
      [first, true, ''],
      [replied.body.comments[1]!.id, false, 'Pakistan agrees.'],
    ]);
    expect(
      (await api(world, 'germany', 'PATCH', `/api/comments/${first}`, { text: 'Back.' })).status,
    ).toBe(409);
    expect((await api(world, 'germany', 'DELETE', `/api/comments/${first}`)).status).toBe(409);
    expect((await api(world, 'germany', 'DELETE', '/api/comments/nope')).status).toBe(404);
    // A public comment's previous words are kept in the audit trail (CM4, CM8).
    const audit = await auditSince(world.storage, auditFrom);
    expect(audit.map((e) => [e.action, e.detail.commentId, e.detail.previousText])).toEqual([
      ['comment.edit', first, 'Firstwords of Germany.'],
      ['comment.delete', first, 'Secondwords of Germany.'],
    ]);
    const listed = (await threadsSeenBy(world, 'turkiye')).find((t) => t.id === thread.id)!;
    expect(listed.comments[0]).toMatchObject({ deleted: true, text: '' });
  });

  it("CM5 resolve and reopen by the author's delegation, or a pen-holder for a public thread only", async () => {
    const open = await startThread(world, 'germany', {
      anchor: anchorOn(base.doc, B.OP1!, 0, 4),
      visibility: 'public',
      text: 'Resolve me.',
      quote: 'Reco',
    });
    const internal = await startThread(world, 'germany', {
      anchor: { type: 'document' },
      visibility: 'delegation',
      text: 'Internal.',
    });
    const act = (user: string, id: string, what: 'resolve' | 'reopen') =>
      api<Thread & { error?: string }>(world, user, 'POST', `/api/threads/${id}/${what}`);
    expect((await act('pakistan', open.id, 'resolve')).status).toBe(403);
    const resolved = await act('germany', open.id, 'resolve');
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({
      status: 'resolved',
      resolved: { delegationId: 'germany' },
    });
    expect((await act('germany', open.id, 'resolve')).status).toBe(409);
    expect((await act('pakistan', open.id, 'reopen')).status).toBe(403);
    const reopened = await act('turkiye', open.id, 'reopen');
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({ status: 'open', resolved: null });
    expect((await act('turkiye', open.id, 'reopen')).status).toBe(409);
    for (const penHolder of ['hungary', 'icmpd']) {
      expect((await act(penHolder, open.id, 'resolve')).status, penHolder).toBe(200);
      expect((await act(penHolder, open.id, 'reopen')).status, penHolder).toBe(200);
    }
    // An internal thread is not the pen-holders' to see, let alone resolve.
    for (const user of ['turkiye', 'hungary', 'icmpd', 'pakistan'])
      expect((await act(user, internal.id, 'resolve')).status, user).toBe(404);
    expect((await act('germany', internal.id, 'resolve')).status).toBe(200);
    expect((await act('turkiye', 'nope', 'resolve')).status).toBe(404);
  });

  it('CM7 re-anchoring by the same people, to words of this document only', async () => {
    const thread = await startThread(world, 'germany', {
      anchor: anchorOn(base.doc, B.OP2!, 0, 4),
      visibility: 'public',
      text: 'Move me.',
      quote: 'Firs',
    });
    const to = { anchor: anchorOn(base.doc, B.OP2!, 5, 3), quote: 'new' };
    const path = `/api/threads/${thread.id}/anchor`;
    expect((await api(world, 'pakistan', 'POST', path, to)).status).toBe(403);
    const moved = await api<Thread>(world, 'icmpd', 'POST', path, to);
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ anchor: { ...to.anchor }, quote: 'new' });
    const toDocument = await api<{ error: string }>(world, 'germany', 'POST', path, {
      anchor: { type: 'document' },
    });
    expect(toDocument.status).toBe(400);
    const toDraft = await api<{ error: string }>(world, 'germany', 'POST', path, {
      anchor: { ...to.anchor, on: 'working-copy' },
    });
    expect(toDraft.status).toBe(400);
    const listed = (await threadsSeenBy(world, 'pakistan')).find((t) => t.id === thread.id)!;
    expect(listed.anchor).toEqual(moved.body.anchor);
  });

  it('CM6 bad input is answered 400 naming the field, and nothing is stored or audited', async () => {
    const good = { anchor: anchorOn(base.doc, B.OP1!, 0, 3), visibility: 'public', text: 'Fine.' };
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ['empty text', { ...good, text: '   ' }, /"text"/],
      ['too long', { ...good, text: 'x'.repeat(4001) }, /"text".*4000/],
      ['control characters', { ...good, text: 'bell\u0007' }, /"text".*control/],
      ['bad visibility', { ...good, visibility: 'secret' }, /"visibility"/],
      [
        'public on a working copy',
        { ...good, anchor: { ...good.anchor, on: 'working-copy' } },
        /working copy/,
      ],
      [
        'not base64',
        { ...good, anchor: { ...good.anchor, from: '!!not base64!!' } },
        /anchor|from/,
      ],
      ['base64 of nothing Yjs', { ...good, anchor: { ...good.anchor, to: 'AAAA' } }, /anchor\.to/],
      [
        'unknown amendment',
        { ...good, anchor: { type: 'amendment', amendmentId: 'nope' } },
        /"anchor"/,
      ],
      ['unknown anchor type', { ...good, anchor: { type: 'page' } }, /anchor|type/],
    ];
    const before = JSON.stringify(await threadsSeenBy(world, 'germany'));
    const auditFrom = await lastAuditId(world.storage);
    for (const [what, body, error] of cases) {
      const res = await api<{ error: string }>(
        world,
        'germany',
        'POST',
        '/api/documents/declaration/threads',
        body,
      );
      expect(res.status, what).toBe(400);
      expect(res.body.error, what).toMatch(error);
    }
    const some = (await threadsSeenBy(world, 'germany'))[0]!;
    for (const [method, path] of [
      ['POST', `/api/threads/${some.id}/comments`],
      ['PATCH', `/api/comments/${some.comments[0]!.id}`],
    ]) {
      const res = await api<{ error: string }>(world, 'germany', method!, path!, { text: '' });
      expect(res.status, path).toBe(400);
      expect(res.body.error).toMatch(/"text"/);
    }
    expect(JSON.stringify(await threadsSeenBy(world, 'germany'))).toBe(before);
    expect((await auditSince(world.storage, auditFrom)).filter((e) => e.outcome === 'ok')).toEqual(
      [],
    );
    const unknownDoc = await api(world, 'germany', 'POST', '/api/documents/nope/threads', good);
    expect(unknownDoc.status).toBe(404);
  });
});
