import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode, FRAGMENT_NAME } from '@accord/shared';
import { SignedInServer, collabUrl } from '../helpers/server.js';
import {
  RawClient,
  stockClient,
  synced,
  updateFrom,
  type StockClient,
} from '../helpers/yclient.js';
import { api, blockIds, typeInto } from '../helpers/amendments.js';
import { waitFor } from '../helpers/wait.js';

// What a working copy refuses, and that refusing leaks nothing (SPEC WC3, WC7).

let world: SignedInServer;
const open: { destroy(): void }[] = [];

beforeAll(async () => {
  world = await SignedInServer.start(['germany', 'turkiye', 'icmpd']);
});
afterAll(async () => {
  for (const c of open) c.destroy();
  await world?.stop();
});

function raw(room: string, user: string): Promise<RawClient> {
  return RawClient.connect(collabUrl(world.server), room, { cookie: world.cookie(user) }).then(
    (c) => {
      open.push({ destroy: () => c.close() });
      return c;
    },
  );
}

async function stock(room: string, user: string): Promise<StockClient> {
  const c = stockClient(collabUrl(world.server), room, world.cookie(user));
  open.push(c);
  await synced(c);
  return c;
}

describe('WC3 WC7 refusals in a working copy', () => {
  it('WC3 a refused update of a working copy puts none of its words in the audit trail', async () => {
    const member = await raw('declaration/draft', 'germany');
    const MARKER = 'Zebracrossingmarker';
    // A paragraph with two bodies: the schema refuses it, and ProseMirror's message quotes it.
    const update = updateFrom(member.doc, (doc) => {
      const fragment = doc.getXmlFragment(FRAGMENT_NAME);
      const pp = fragment
        .toArray()
        .find((b): b is Y.XmlElement => b instanceof Y.XmlElement && b.nodeName === 'preambular')!;
      const body = new Y.XmlElement('body');
      body.insert(0, [new Y.XmlText(MARKER)]);
      pp.insert(0, [body]);
    });
    member.sendUpdate(update);
    expect(await member.closed()).toBe(CloseCode.InvalidUpdate);
    // The member itself is told why; the audit trail that pen-holders read keeps only the kind.
    const audit = await api<unknown[]>(world, 'icmpd', 'GET', '/api/admin/audit?limit=50');
    const text = JSON.stringify(audit.body);
    expect(text).toContain('declaration/draft/germany');
    expect(text).not.toContain(MARKER);
  });

  it('WC7 a member cannot write in its copy under a client id a pen-holder uses in the base', async () => {
    const chair = await stock('declaration', 'turkiye');
    const ids = blockIds(chair.doc);
    // The Chair's editor is present in the base (its id announced) but has not typed yet.
    chair.provider.awareness.setLocalStateField('cursor', null);
    const chairId = chair.doc.clientID;
    const member = await raw('declaration/draft', 'germany');
    await waitFor(() => member.doc.getXmlFragment(FRAGMENT_NAME).length > 0, 'the copy');
    const forged = new Y.Doc({ gc: false });
    forged.clientID = chairId;
    Y.applyUpdate(forged, Y.encodeStateAsUpdate(member.doc));
    const before = Y.encodeStateVector(forged);
    forged.getXmlFragment(FRAGMENT_NAME); // the text, as the member sees it
    const pp = forged
      .getXmlFragment(FRAGMENT_NAME)
      .toArray()
      .find((b): b is Y.XmlElement => b instanceof Y.XmlElement && b.nodeName === 'preambular')!;
    ((pp.get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'Forged ');
    member.sendUpdate(Y.encodeStateAsUpdate(forged, before));
    expect(await member.closed()).toBe(CloseCode.Forbidden);
    // The Chair then types in the base; a member's copy shows it exactly.
    const copy = await stock('declaration/draft', 'germany');
    await typeInto(chair, ids.PP1!, 0, 'Chair ');
    await waitFor(
      () =>
        (
          copy.doc
            .getXmlFragment(FRAGMENT_NAME)
            .toString()
            .match(/Chair /g) ?? []
        ).length === 1,
      'the Chair’s words in the copy, once',
    );
    expect(copy.doc.getXmlFragment(FRAGMENT_NAME).toString()).not.toContain('Forged');
  });
});
