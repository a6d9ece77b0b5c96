import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode, FRAGMENT_NAME, nodeToY, schema, yFragmentToDoc } from '@accord/shared';
import { AccordServer, openSqliteStorage } from '../../server/src/index.js';
import {
  DEMO_PASSWORD,
  collabUrl,
  signIn,
  startTestServer,
  tempDataDir,
} from '../helpers/server.js';
import { RawClient, textOf, updateFrom } from '../helpers/yclient.js';
import { killServer, spawnServer, type ServerProcess } from '../helpers/process.js';
import { pp, withId } from '../helpers/builders.js';
import { waitFor } from '../helpers/wait.js';

let server: AccordServer | null = null;
let proc: ServerProcess | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
  if (proc) await killServer(proc, 'SIGKILL');
  proc = null;
});

/** The ids of every block that carries one, in document order. */
function blockIds(doc: Y.Doc): string[] {
  const ids: string[] = [];
  yFragmentToDoc(doc.getXmlFragment(FRAGMENT_NAME), schema).descendants((node) => {
    if (typeof node.attrs.id === 'string') ids.push(node.attrs.id);
    return true;
  });
  return ids;
}

/** The index in the text of the top-level block with `id`. */
function indexOf(doc: Y.Doc, id: string): number {
  return doc
    .getXmlFragment(FRAGMENT_NAME)
    .toArray()
    .findIndex((b) => b instanceof Y.XmlElement && b.getAttribute('id') === id);
}

/** An update that inserts a new preambular paragraph with `id` at top-level `index`. */
function insertParagraph(base: Y.Doc, index: number, id: string, text: string): Uint8Array {
  return updateFrom(base, (copy) =>
    copy.getXmlFragment(FRAGMENT_NAME).insert(index, [nodeToY(withId(id, pp(text)))]),
  );
}

/** The XML of the top-level block with `id` (its text and attributes). */
function blockText(doc: Y.Doc, id: string): string {
  const block = doc.getXmlFragment(FRAGMENT_NAME).get(indexOf(doc, id));
  if (!(block instanceof Y.XmlElement)) throw new Error(`no block ${id}`);
  return block.toString();
}

/** The id of the n-th preambular paragraph (0-based). */
function preambularId(doc: Y.Doc, n: number): string {
  const blocks = doc.getXmlFragment(FRAGMENT_NAME).toArray() as Y.XmlElement[];
  return blocks.filter((b) => b.nodeName === 'preambular')[n]!.getAttribute('id') as string;
}

describe('the pipeline for the server’s own changes (PL)', () => {
  it('PL2 seeding went through the pipeline: the seeded text is the first stored update, attributed to the system', async () => {
    const dataDir = tempDataDir();
    server = await startTestServer({ dataDir });
    const storage = openSqliteStorage(dataDir);
    try {
      const history = await storage.documents.history('declaration');
      expect(history.length).toBeGreaterThan(0);
      expect(history[0]!.origin).toEqual({ kind: 'system', reason: 'seed' });
    } finally {
      await storage.close();
    }
  });

  it('PL3 a server-made change is validated like a client’s: an invalid one is refused, stores nothing and reaches nobody', async () => {
    const dataDir = tempDataDir();
    server = await startTestServer({ dataDir });
    const chair = { cookie: await signIn(server, 'turkiye') };
    const bystander = await RawClient.connect(collabUrl(server), 'declaration', chair);
    const heard = bystander.received.length;
    const result = await server.rooms.change(
      'declaration',
      { kind: 'system', reason: 'migration' },
      (fragment) => {
        // Text directly inside the document: the schema forbids it.
        fragment.insert(1, [new Y.XmlText('stray words')]);
      },
    );
    expect(result).toEqual({ ok: false, reason: expect.stringMatching(/invalid/) });
    // A valid change after it is accepted (the shadow was rebuilt), and only that reaches others.
    const ok = await server.rooms.change(
      'declaration',
      { kind: 'request', personId: 'p-test', delegationId: 'turkiye', action: 'test' },
      (fragment) =>
        fragment.insert(2, [nodeToY(withId('serverPara01', pp('Added by the server')))]),
    );
    expect(ok).toEqual({ ok: true, seq: expect.any(Number) });
    await waitFor(() => textOf(bystander.doc).includes('Added by the server'), 'the broadcast');
    expect(textOf(bystander.doc)).not.toContain('stray words');
    expect(bystander.received.length).toBe(heard + 1);
    await server.close();
    server = null;
    const storage = openSqliteStorage(dataDir);
    try {
      const history = await storage.documents.history('declaration');
      expect(history.at(-1)!.origin).toEqual({
        kind: 'request',
        personId: 'p-test',
        delegationId: 'turkiye',
        action: 'test',
      });
      const all = new Y.Doc({ gc: false });
      for (const h of history) Y.applyUpdate(all, h.update);
      expect(textOf(all)).toContain('Added by the server');
      expect(textOf(all)).not.toContain('stray words');
    } finally {
      await storage.close();
    }
  });

  it('PL4 a client’s update carries its origin (person and delegation) into the store', async () => {
    const dataDir = tempDataDir();
    server = await startTestServer({ dataDir });
    const chair = await RawClient.connect(collabUrl(server), 'declaration', {
      cookie: await signIn(server, 'hungary'),
    });
    const digest = chair.sendUpdate(
      insertParagraph(chair.doc, 2, 'fromClient01', 'Recognising the Co-Chair'),
    );
    await waitFor(() => chair.saved.some((s) => s.digest === digest), 'SAVED');
    await server.close();
    server = null;
    const storage = openSqliteStorage(dataDir);
    try {
      const last = (await storage.documents.history('declaration')).at(-1)!;
      const hungary = await storage.directory.findPersonByUsername('hungary');
      expect(last.origin).toEqual({
        kind: 'connection',
        personId: hungary!.id,
        delegationId: hungary!.delegationId,
      });
    } finally {
      await storage.close();
    }
  });
});

describe('block ids held by the server (DM2, DM6)', () => {
  // A client's repeat of a block stored before is repaired whatever it knew: Yjs's undo of a
  // paragraph move re-creates the paragraph with its id, an honest edit (DM6).
  it('DM2 DM6 a client’s copy carrying PP1’s id, placed right after PP1, is accepted; the copy gets a new id and everyone ends with unique ids', async () => {
    const dataDir = tempDataDir();
    server = await startTestServer({ dataDir });
    const cookie = await signIn(server, 'turkiye');
    const bystander = await RawClient.connect(collabUrl(server), 'declaration', { cookie });
    const copier = await RawClient.connect(collabUrl(server), 'declaration', {
      cookie: await signIn(server, 'icmpd'),
    });
    const pp1 = preambularId(copier.doc, 0);
    const pp1Text = blockText(copier.doc, pp1);
    const at = indexOf(copier.doc, pp1) + 1;
    const copy = insertParagraph(copier.doc, at, pp1, 'A copy under the same id');
    Y.applyUpdate(copier.doc, copy);
    const digest = copier.sendUpdate(copy);
    await waitFor(() => copier.saved.some((s) => s.digest === digest), 'SAVED for the copy');
    const repaired = (doc: Y.Doc) => {
      const ids = blockIds(doc);
      return textOf(doc).includes('A copy under the same id') && new Set(ids).size === ids.length;
    };
    for (const client of [bystander, copier])
      await waitFor(() => repaired(client.doc), 'the repair reaching every client');
    const fresh = await RawClient.connect(collabUrl(server), 'declaration', { cookie });
    expect(copier.closeCode).toBeNull();
    for (const client of [bystander, copier, fresh]) {
      expect(repaired(client.doc)).toBe(true);
      // PP1 keeps its id and its place; the copy right after it got a new one.
      expect(blockText(client.doc, pp1)).toBe(pp1Text);
      expect(indexOf(client.doc, pp1)).toBe(at - 1);
      const copied = client.doc.getXmlFragment(FRAGMENT_NAME).get(at) as Y.XmlElement;
      expect(copied.toString()).toContain('A copy under the same id');
      expect(copied.getAttribute('id')).not.toBe(pp1);
      expect(blockIds(client.doc)).toEqual(blockIds(bystander.doc));
    }
    await server.close();
    server = null;
    const storage = openSqliteStorage(dataDir);
    try {
      const stored = new Y.Doc({ gc: false });
      for (const h of await storage.documents.history('declaration'))
        Y.applyUpdate(stored, h.update);
      expect(repaired(stored)).toBe(true);
      expect(blockIds(stored)).toEqual(blockIds(fresh.doc));
      expect(blockText(stored, pp1)).toBe(pp1Text);
    } finally {
      await storage.close();
    }
  });

  it('DM6 a block that reaches the server without an id is given one at once, and everyone sees it', async () => {
    server = await startTestServer();
    const cookie = await signIn(server, 'turkiye');
    const client = await RawClient.connect(collabUrl(server), 'declaration', { cookie });
    const digest = client.sendUpdate(
      updateFrom(client.doc, (copy) => {
        const el = nodeToY(pp('No id at all'));
        el.removeAttribute('id');
        copy.getXmlFragment(FRAGMENT_NAME).insert(2, [el]);
      }),
    );
    await waitFor(() => client.saved.some((s) => s.digest === digest), 'SAVED');
    const fresh = await RawClient.connect(collabUrl(server), 'declaration', { cookie });
    await waitFor(() => {
      const added = fresh.doc.getXmlFragment(FRAGMENT_NAME).get(2) as Y.XmlElement;
      return typeof added.getAttribute('id') === 'string';
    }, 'the id the server gave');
    const ids = blockIds(fresh.doc);
    expect(new Set(ids).size).toBe(ids.length);
    expect(client.closeCode).toBeNull();
  });

  it('DM2 an update that gives two new blocks one id is refused with 4422 and reaches nobody', async () => {
    server = await startTestServer();
    const cookie = await signIn(server, 'turkiye');
    const bystander = await RawClient.connect(collabUrl(server), 'declaration', { cookie });
    const sender = await RawClient.connect(collabUrl(server), 'declaration', {
      cookie: await signIn(server, 'icmpd'),
    });
    const heard = bystander.received.length;
    sender.sendUpdate(
      updateFrom(sender.doc, (copy) =>
        copy
          .getXmlFragment(FRAGMENT_NAME)
          .insert(2, [
            nodeToY(withId('twinPara01', pp('First twin'))),
            nodeToY(withId('twinPara01', pp('Second twin'))),
          ]),
      ),
    );
    expect(await sender.closed()).toBe(CloseCode.InvalidUpdate);
    expect(sender.closeReason).toBe('update gives two blocks the id "twinPara01"');
    const fresh = await RawClient.connect(collabUrl(server), 'declaration', { cookie });
    expect(textOf(fresh.doc)).not.toContain('twin');
    expect(blockIds(fresh.doc)).not.toContain('twinPara01');
    expect(bystander.received.length).toBe(heard);
  });

  it('DM6 two honest clients that give one new id to two blocks at once both stay connected, and everyone ends with unique ids; the first block keeps the id', async () => {
    server = await startTestServer();
    const base = collabUrl(server);
    const a = await RawClient.connect(base, 'declaration', {
      cookie: await signIn(server, 'turkiye'),
    });
    const b = await RawClient.connect(base, 'declaration', {
      cookie: await signIn(server, 'hungary'),
    });
    const observer = await RawClient.connect(base, 'declaration', {
      cookie: await signIn(server, 'germany'),
    });
    // Both made their paste on the same state: neither could see the other's block.
    const fromA = insertParagraph(a.doc, 2, 'pastedPara', 'Pasted by the Chair');
    const fromB = insertParagraph(b.doc, 4, 'pastedPara', 'Pasted by the Co-Chair');
    Y.applyUpdate(a.doc, fromA);
    Y.applyUpdate(b.doc, fromB);
    a.sendUpdate(fromA);
    b.sendUpdate(fromB);
    const settledIds = (doc: Y.Doc) => {
      const text = textOf(doc);
      if (!text.includes('Pasted by the Chair') || !text.includes('Pasted by the Co-Chair'))
        return false;
      const ids = blockIds(doc);
      return new Set(ids).size === ids.length;
    };
    for (const client of [a, b, observer])
      await waitFor(() => settledIds(client.doc), 'unique ids after the repair');
    expect(a.closeCode).toBeNull();
    expect(b.closeCode).toBeNull();
    // The paragraph earlier in the text keeps the id; the later one got a derived id.
    const first = observer.doc.getXmlFragment(FRAGMENT_NAME).get(2) as Y.XmlElement;
    expect(first.getAttribute('id')).toBe('pastedPara');
    expect(textOf(a.doc)).toBe(textOf(observer.doc));
    expect(blockIds(a.doc)).toEqual(blockIds(observer.doc));
    expect(blockIds(b.doc)).toEqual(blockIds(observer.doc));
  });

  it('ST3 PL3 the server’s repair is durable before anyone sees it: SIGKILL right after a client received it loses nothing', async () => {
    const dataDir = tempDataDir();
    proc = await spawnServer(dataDir, { ACCORD_DEMO_PASSWORD: DEMO_PASSWORD });
    const target = { url: `http://127.0.0.1:${proc.port}`, port: proc.port };
    const base = collabUrl(target);
    const a = await RawClient.connect(base, 'declaration', {
      cookie: await signIn(target, 'turkiye'),
    });
    const b = await RawClient.connect(base, 'declaration', {
      cookie: await signIn(target, 'hungary'),
    });
    const fromA = insertParagraph(a.doc, 3, 'sameIdTwice', 'Chair’s paste');
    const fromB = insertParagraph(b.doc, 5, 'sameIdTwice', 'Co-Chair’s paste');
    Y.applyUpdate(a.doc, fromA);
    a.sendUpdate(fromA);
    b.sendUpdate(fromB);
    await waitFor(() => {
      const ids = blockIds(a.doc);
      return textOf(a.doc).includes('Co-Chair’s paste') && new Set(ids).size === ids.length;
    }, 'the repair reaching a client');
    const seen = blockIds(a.doc);
    await killServer(proc, 'SIGKILL');
    proc = null;
    expect(fs.existsSync(dataDir)).toBe(true);
    const storage = openSqliteStorage(dataDir);
    try {
      const history = await storage.documents.history('declaration');
      expect(
        history.some((h) => h.origin.kind === 'system' && h.origin.reason === 'repair-block-ids'),
      ).toBe(true);
      const stored = new Y.Doc({ gc: false });
      for (const h of history) Y.applyUpdate(stored, h.update);
      expect(blockIds(stored)).toEqual(seen);
    } finally {
      await storage.close();
    }
  });
});
