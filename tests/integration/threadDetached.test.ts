import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Thread } from '@accord/shared';
import { SignedInServer, collabUrl } from '../helpers/server.js';
import { editAndSave, stockClient, synced, type StockClient } from '../helpers/yclient.js';
import { api, blockIds, bodyText } from '../helpers/amendments.js';
import { anchorOn, startThread, threadsSeenBy } from '../helpers/threads.js';

// Nothing is lost when the words under a comment are deleted (issue 8): the thread stays, with
// its anchor and the words it was on, across a restart, and a pen-holder can still resolve it.

let world: SignedInServer;
let chair: StockClient | null = null;

beforeAll(async () => {
  world = await SignedInServer.start(['germany', 'pakistan', 'turkiye']);
});
afterAll(async () => {
  chair?.destroy();
  await world?.stop();
});

/** A fresh stock client of the base text as the Chair, synced. */
async function chairClient(): Promise<StockClient> {
  chair?.destroy();
  chair = stockClient(collabUrl(world.server), 'declaration', world.cookie('turkiye'));
  await synced(chair);
  return chair;
}

/** Where an encoded position points in `doc` now (null when it cannot be resolved). */
function indexOf(doc: Y.Doc, encoded: string): number | null {
  const position = Y.decodeRelativePosition(new Uint8Array(Buffer.from(encoded, 'base64')));
  return Y.createAbsolutePositionFromRelativePosition(position, doc)?.index ?? null;
}

describe('CM a detached thread', () => {
  it('CM1 CM3 CM5 CM6 a thread whose words the Chair deletes survives a restart, anchor and quote kept', async () => {
    const client = await chairClient();
    const B = blockIds(client.doc);
    const op3 = B.OP3!;
    const words = bodyText(client.doc, op3).toString().slice(4, 16);
    const thread = await startThread(world, 'germany', {
      anchor: anchorOn(client.doc, op3, 4, 12),
      visibility: 'public',
      text: 'We cannot accept this phrase.',
      quote: words,
    });
    const replied = await api<Thread>(
      world,
      'pakistan',
      'POST',
      `/api/threads/${thread.id}/comments`,
      {
        text: 'Nor can we.',
      },
    );
    expect(replied.status).toBe(201);
    // The Chair deletes the phrase, and a little around it.
    await editAndSave(client, (doc) => bodyText(doc, op3).delete(2, 16));
    const anchor = thread.anchor as Extract<Thread['anchor'], { type: 'text' }>;
    expect(indexOf(client.doc, anchor.from)).toBe(indexOf(client.doc, anchor.to));

    await world.restart();
    const after = await chairClient();
    expect(bodyText(after.doc, op3).toString()).not.toContain(words);
    for (const user of ['germany', 'pakistan', 'turkiye']) {
      const kept = (await threadsSeenBy(world, user)).find((t) => t.id === thread.id);
      expect(kept, user).toBeDefined();
      expect(kept!.anchor).toEqual(thread.anchor);
      expect(kept!.quote).toBe(words);
      expect(kept!.comments.map((c) => c.text)).toEqual([
        'We cannot accept this phrase.',
        'Nor can we.',
      ]);
      expect(kept!.status).toBe('open');
    }
    // Its positions still decode against the document (on deleted words: detached, collapsed).
    expect(indexOf(after.doc, anchor.from)).not.toBeNull();
    expect(indexOf(after.doc, anchor.from)).toBe(indexOf(after.doc, anchor.to));
    // A new thread on the deleted words is still accepted (CM6).
    const late = await startThread(world, 'pakistan', {
      anchor: thread.anchor,
      visibility: 'public',
      text: 'Still here.',
      quote: words,
    });
    expect(late.anchor).toEqual(thread.anchor);
    // The Chair resolves it.
    const resolved = await api<Thread>(
      world,
      'turkiye',
      'POST',
      `/api/threads/${thread.id}/resolve`,
    );
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({
      status: 'resolved',
      quote: words,
      resolved: { delegationId: 'turkiye' },
    });
  });
});
