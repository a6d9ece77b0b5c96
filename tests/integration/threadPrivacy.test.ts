import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Thread } from '@accord/shared';
import { SignedInServer, collabUrl } from '../helpers/server.js';
import { RawClient, stockClient, synced, type StockClient } from '../helpers/yclient.js';
import { waitFor } from '../helpers/wait.js';
import { api, blockIds, bodyText, typeInto } from '../helpers/amendments.js';
import { FeedReader } from '../helpers/feed.js';
import { anchorOn, inviteMember, startThread, threadsSeenBy } from '../helpers/threads.js';

// CM1 on every path: an internal thread, and every thread on a working copy, reaches the members
// of its delegation and nobody else — not another delegation, not the Chair, not the
// Secretariat — on the threads route, the feed (catch-up and live), the audit trail and the
// collaboration socket. The words are grepped in the raw bytes each reader received.

type ThreadData = { seq: number; thread?: Thread };

/** Who must never see Germany's internal words: another State, the pen-holders, an observer. */
const OUTSIDERS = ['pakistan', 'turkiye', 'hungary', 'icmpd', 'canada'] as const;
/** A second member of Germany's delegation: the control, who must see everything. */
const COLLEAGUE = 'germany-adviser';

/** Words that appear nowhere but in Germany's internal threads. */
const SECRET = {
  internal: 'Qzxinternalword',
  reply: 'Qzxreplyword',
  edited: 'Qzxeditedword',
  quote: 'Qzxquoteword',
  draft: 'Qzxdraftword',
  draftQuote: 'Qzxdraftquote',
};

let world: SignedInServer;
let draft: StockClient;
let B: Record<string, string>;
const live = new Map<string, FeedReader<ThreadData>>();
const sockets = new Map<string, RawClient>();
let internal: Thread;
let onDraft: Thread;
let open: Thread;

beforeAll(async () => {
  world = await SignedInServer.start(['germany', ...OUTSIDERS]);
  await inviteMember(world, 'icmpd', 'germany', COLLEAGUE);
  draft = stockClient(collabUrl(world.server), 'declaration/draft', world.cookie('germany'));
  await synced(draft);
  B = blockIds(draft.doc);
  for (const user of [...OUTSIDERS, COLLEAGUE]) {
    live.set(user, await FeedReader.open<ThreadData>(world, user));
    sockets.set(
      user,
      await RawClient.connect(collabUrl(world.server), 'declaration', {
        cookie: world.cookie(user),
      }),
    );
  }
});
afterAll(async () => {
  for (const r of live.values()) r.close();
  for (const s of sockets.values()) s.close();
  draft?.destroy();
  await world?.stop();
});

/** Every secret word and id that must stay inside the delegation. */
function secrets(): string[] {
  const ids = [internal, onDraft].flatMap((t) => [t.id, ...t.comments.map((c) => c.id)]);
  return [...Object.values(SECRET), ...ids];
}

/** The secrets found in `bytes` (none, for an outsider). */
function leaked(bytes: string, words = secrets()): string[] {
  return words.filter((w) => bytes.includes(w));
}

describe('CM1 internal and working-copy threads stay inside the delegation', () => {
  it('CM1 CM2 CM4 CM5 CM6 Germany works on an internal thread and a working-copy thread; a public thread reaches everyone live', async () => {
    // The words of the working-copy thread exist only in Germany's copy.
    await typeInto(draft, B.OP3!, 0, 'Germanyonly ');
    const copyText = bodyText(draft.doc, B.OP3!);
    expect(copyText.toString()).toMatch(/^Germanyonly /);
    onDraft = await startThread(world, 'germany', {
      anchor: anchorOn(draft.doc, B.OP3!, 0, 11, 'working-copy'),
      visibility: 'delegation',
      text: `${SECRET.draft}: is this our final wording?`,
      quote: SECRET.draftQuote,
    });
    expect(onDraft).toMatchObject({ visibility: 'delegation', delegationId: 'germany' });
    expect(onDraft.anchor).toMatchObject({ type: 'text', on: 'working-copy' });

    internal = await startThread(world, 'germany', {
      anchor: anchorOn(draft.doc, B.OP2!, 0, 5),
      visibility: 'delegation',
      text: `${SECRET.internal}: the capital objects.`,
      quote: SECRET.quote,
    });
    const replied = await api<Thread>(
      world,
      COLLEAGUE,
      'POST',
      `/api/threads/${internal.id}/comments`,
      {
        text: `${SECRET.reply}: agreed.`,
      },
    );
    expect(replied.status).toBe(201);
    const first = internal.comments[0]!.id;
    const edited = await api<Thread>(world, 'germany', 'PATCH', `/api/comments/${first}`, {
      text: `${SECRET.edited}: the capital objects strongly.`,
    });
    expect(edited.status).toBe(200);
    const replyId = replied.body.comments[1]!.id;
    expect((await api(world, COLLEAGUE, 'DELETE', `/api/comments/${replyId}`)).status).toBe(200);
    expect(
      (await api(world, COLLEAGUE, 'POST', `/api/threads/${internal.id}/resolve`)).status,
    ).toBe(200);
    expect((await api(world, 'germany', 'POST', `/api/threads/${onDraft.id}/resolve`)).status).toBe(
      200,
    );
    internal = (await threadsSeenBy(world, 'germany')).find((t) => t.id === internal.id)!;

    // Last: a public thread. Each live feed writes in seq order, so once it has arrived, any
    // internal event would have arrived before it.
    open = await startThread(world, 'germany', {
      anchor: { type: 'document' },
      visibility: 'public',
      text: 'Publicword: a question for everyone.',
    });
    for (const [user, reader] of live) {
      await waitFor(
        () => reader.events.some((e) => e.data.thread?.id === open.id),
        `the public thread on ${user}'s feed`,
      );
      expect(reader.raw).toContain('Publicword');
    }
  });

  it('CM1 the live feed carries them to a colleague only', async () => {
    const colleague = live.get(COLLEAGUE)!;
    // Every word, the deleted reply's too: it went out live when posted, to members only.
    expect(leaked(colleague.raw, Object.values(SECRET))).toEqual(Object.values(SECRET));
    for (const user of OUTSIDERS) expect(leaked(live.get(user)!.raw), user).toEqual([]);
  });

  it('CM1 the feed catch-up carries them to a colleague only', async () => {
    for (const user of [...OUTSIDERS, COLLEAGUE]) {
      const reader = await FeedReader.open<ThreadData>(world, user);
      await waitFor(
        () => reader.events.some((e) => e.data.thread?.id === open.id),
        `${user}'s catch-up`,
      );
      reader.close();
      const ids = reader.events.flatMap((e) => (e.data.thread ? [e.data.thread.id] : []));
      if (user === COLLEAGUE) {
        expect(ids.sort()).toEqual([internal.id, onDraft.id, open.id].sort());
        expect(reader.raw).toContain(SECRET.edited);
        expect(reader.raw).toContain(SECRET.draft);
      } else {
        expect(ids, user).toEqual([open.id]);
        expect(leaked(reader.raw), user).toEqual([]);
      }
    }
  });

  it('CM1 GET threads lists them for a colleague only; the thread routes answer 404 to others', async () => {
    const mine = await api(world, COLLEAGUE, 'GET', '/api/documents/declaration/threads');
    expect(JSON.stringify(mine.body)).toContain(SECRET.edited);
    expect(JSON.stringify(mine.body)).toContain(SECRET.draftQuote);
    for (const user of OUTSIDERS) {
      const res = await fetch(`${world.server.url}/api/documents/declaration/threads`, {
        headers: { cookie: world.cookie(user) },
      });
      const raw = await res.text();
      expect(res.status).toBe(200);
      expect(raw).toContain(open.id);
      expect(leaked(raw), user).toEqual([]);
      for (const t of [internal, onDraft]) {
        for (const [method, path] of [
          ['POST', `/api/threads/${t.id}/comments`],
          ['POST', `/api/threads/${t.id}/reopen`],
          ['PATCH', `/api/comments/${t.comments[0]!.id}`],
          ['DELETE', `/api/comments/${t.comments[0]!.id}`],
        ] as const) {
          const answer = await api(world, user, method, path, { text: 'peek' });
          expect(answer.status, `${user} ${method} ${path}`).toBe(404);
          expect(leaked(JSON.stringify(answer.body), Object.values(SECRET))).toEqual([]);
        }
      }
    }
  });

  it('CM1 CM4 CM8 every action is audited, and pen-holders read none of an internal thread', async () => {
    // The trail keeps every action on the internal thread, never a word of it.
    const stored = await world.storage.audit.list({ limit: 5000 });
    expect(leaked(JSON.stringify(stored), Object.values(SECRET))).toEqual([]);
    expect(
      stored
        .filter((e) => e.target === internal.id)
        .map((e) => e.action)
        .reverse(),
    ).toEqual([
      'thread.create',
      'thread.reply',
      'comment.edit',
      'comment.delete',
      'thread.resolve',
    ]);
    // Pen-holders reading the trail do not even learn that the thread exists.
    for (const user of ['icmpd', 'turkiye', 'hungary']) {
      const res = await fetch(`${world.server.url}/api/admin/audit?limit=5000`, {
        headers: { cookie: world.cookie(user) },
      });
      const raw = await res.text();
      expect(res.status, user).toBe(200);
      expect(leaked(raw, Object.values(SECRET)), user).toEqual([]);
      expect(raw, user).not.toContain(internal.id);
    }
  });

  it('CM1 the collaboration socket of the base text carries none of it', async () => {
    for (const [user, socket] of sockets) {
      const raw = Buffer.concat(socket.received.map((b) => Buffer.from(b))).toString('latin1');
      expect(leaked(raw), user).toEqual([]);
      expect(socket.closeCode, user).toBeNull();
    }
    // Nor does the base text itself hold the working copy's words.
    expect(sockets.get('turkiye')!.doc.getXmlFragment('prosemirror').toString()).not.toContain(
      'Germanyonly',
    );
  });
});
