import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workingCopyLogId } from '@accord/shared';
import { openSqliteStorage } from '../../server/src/index.js';
import {
  SignedInServer,
  collabUrl,
  signIn,
  startTestServer,
  tempDataDir,
} from '../helpers/server.js';
import { RawClient, stockClient, synced, type StockClient } from '../helpers/yclient.js';
import { waitFor } from '../helpers/wait.js';
import {
  blockIds,
  api,
  listAmendments,
  submit,
  textOfBlock,
  typeInto,
} from '../helpers/amendments.js';

// Working copies on a real server (SPEC WC1–WC3): shared by a delegation's members, following
// the base text live, stored apart from it, and sealed from everyone outside the delegation.

let world: SignedInServer;
const open: StockClient[] = [];
const OUTSIDERS = ['pakistan', 'canada', 'turkiye', 'icmpd', 'iom'] as const;

beforeAll(async () => {
  world = await SignedInServer.start(['germany', 'turkiye', ...OUTSIDERS.slice(0)]);
});
afterAll(async () => {
  for (const c of open) c.destroy();
  await world?.stop();
});

/** A stock client of `room` with `cookie`, synced, destroyed after the file. */
async function connect(room: string, cookie: string): Promise<StockClient> {
  const client = stockClient(collabUrl(world.server), room, cookie);
  open.push(client);
  await synced(client);
  if (!BLOCK.PP1!) BLOCK = blockIds(client.doc);
  return client;
}

/** Block ids by label, read once the first client synced. */
let BLOCK: Record<string, string> = {};

const draftLog = workingCopyLogId('declaration', 'germany');

describe('WC working copies', () => {
  it('WC1 two members of one delegation co-edit its working copy and converge', async () => {
    const first = world.cookie('germany');
    const second = await world.signIn('germany');
    const a = await connect('declaration/draft', first);
    const b = await connect('declaration/draft', second);
    await Promise.all([
      typeInto(a, BLOCK.PP3!, 0, 'Alpha '),
      typeInto(b, BLOCK.PP3!, -1, ' Omega'),
    ]);
    await waitFor(
      () => textOfBlock(a.doc, BLOCK.PP3!) === textOfBlock(b.doc, BLOCK.PP3!),
      'both members to converge',
    );
    const text = textOfBlock(a.doc, BLOCK.PP3!)!;
    expect(text.startsWith('Alpha ')).toBe(true);
    expect(text).toContain(' Omega');
  });

  it('WC2 a base edit appears in every open working copy, which keep their own edits; the copy stores only its own updates', async () => {
    const germany = await connect('declaration/draft', world.cookie('germany'));
    const pakistan = await connect('declaration/draft', world.cookie('pakistan'));
    const chair = await connect('declaration', world.cookie('turkiye'));
    await typeInto(germany, BLOCK.PP4!, 0, 'Germanedit ');
    await typeInto(pakistan, BLOCK.PP4!, 0, 'Pakedit ');
    const logBefore = await world.storage.documents.history(draftLog);
    await typeInto(chair, BLOCK.PP4!, -1, ' Chairedit');
    for (const [copy, own, other] of [
      [germany, 'Germanedit ', 'Pakedit'],
      [pakistan, 'Pakedit ', 'Germanedit'],
    ] as const) {
      await waitFor(
        () => textOfBlock(copy.doc, BLOCK.PP4!)?.endsWith(' Chairedit'),
        'the base edit in the working copy',
      );
      const text = textOfBlock(copy.doc, BLOCK.PP4!)!;
      expect(text.startsWith(own)).toBe(true);
      expect(text).not.toContain(other);
    }
    // The base is untouched by either delegation.
    expect(textOfBlock(chair.doc, BLOCK.PP4!)).not.toMatch(/Germanedit|Pakedit/);
    const logAfter = await world.storage.documents.history(draftLog);
    expect(logAfter.length).toBe(logBefore.length);
    const stored = Buffer.concat(logAfter.map((u) => Buffer.from(u.update))).toString('latin1');
    expect(stored).toContain('Germanedit');
    expect(stored).not.toContain('Chairedit');
    expect(stored).not.toContain('Pakedit');
  });

  it('WC1 WC3 nobody outside the delegation opens its copy or receives a byte of it, on any socket or route, until it submits', async () => {
    const MARK = 'Qzxvmarkwj';
    const UNSUBMITTED = 'Kqpvdraftonly';
    const germany = await connect('declaration/draft', world.cookie('germany'));
    await typeInto(germany, BLOCK.PP5!, 0, `${MARK} `);
    await typeInto(germany, BLOCK.PP6!, 0, `${UNSUBMITTED} `);
    // Presence in the copy (a cursor, a name) is the delegation's too.
    germany.provider.awareness.setLocalStateField('note', `${MARK}presence`);
    const chair = await connect('declaration', world.cookie('turkiye'));

    const received = new Map<string, string[]>();
    const note = (who: string, bytes: Uint8Array | string) =>
      received.set(who, [
        ...(received.get(who) ?? []),
        typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString('latin1'),
      ]);
    const sockets: RawClient[] = [];
    for (const who of OUTSIDERS) {
      const headers = { cookie: world.cookie(who) };
      for (const room of ['declaration', 'declaration/draft']) {
        const raw = await RawClient.connect(collabUrl(world.server), room, headers);
        sockets.push(raw);
        received.set(`${who} ${room}`, []);
      }
      // Naming germany's copy as a document is refused before anything is sent.
      for (const room of ['declaration%2Fdraft%2Fgermany', 'declaration/draft/germany']) {
        await expect(RawClient.connect(collabUrl(world.server), room, headers)).rejects.toThrow(
          /refused: 40\d/,
        );
      }
    }
    // A member of the delegation does receive it all: the check below is not vacuous.
    const insider = await RawClient.connect(collabUrl(world.server), 'declaration/draft', {
      cookie: world.cookie('germany'),
    });
    sockets.push(insider);
    // germany keeps typing while everyone is connected; then a Chair edit every socket gets
    // (the base and each own copy follow it) marks that all that was sent has arrived.
    await typeInto(germany, BLOCK.PP5!, -1, ` ${MARK}live`);
    germany.provider.awareness.setLocalStateField('note', `${MARK}presence again`);
    await typeInto(chair, BLOCK.PP7!, 0, 'Barrierword ');
    await waitFor(
      () =>
        sockets.every((s) =>
          Buffer.concat(s.received.map((b) => Buffer.from(b)))
            .toString('latin1')
            .includes('Barrierword'),
        ),
      'every socket to receive the Chair edit',
    );
    const bytesOf = (s: RawClient) =>
      Buffer.concat(s.received.map((b) => Buffer.from(b))).toString('latin1');
    await waitFor(() => bytesOf(insider).includes(`${MARK}presence again`), 'the insider');
    expect(bytesOf(insider)).toContain(`${MARK}live`);
    sockets.pop();
    for (const [i, s] of sockets.entries()) note(`socket ${i}`, bytesOf(s));

    const routes = [
      '/api/documents',
      '/api/documents/declaration',
      '/api/documents/declaration/amendments',
      '/api/documents/declaration/compromises',
      '/api/admin/audit',
      '/api/admin/people',
      '/api/delegations',
      '/api/session',
      // A working copy's store name is no document id on any route.
      `/api/documents/${encodeURIComponent(draftLog)}`,
      `/api/documents/${encodeURIComponent(draftLog)}/amendments`,
    ];
    for (const who of OUTSIDERS) {
      for (const path of routes) {
        const res = await fetch(`${world.server.url}${path}`, {
          headers: { cookie: world.cookie(who) },
        });
        note(who, await res.text());
      }
      note(who, await readFeedMoment(who));
    }
    for (const [who, chunks] of received) {
      const all = chunks.join('');
      expect(all, who).not.toContain(MARK);
      expect(all, who).not.toContain(UNSUBMITTED);
    }
    for (const s of [...sockets, insider]) s.close();

    // Once germany submits PP5, its text is public; the unsubmitted PP6 stays private.
    const res = await submit(world, 'germany', { blockIds: [BLOCK.PP5!] });
    expect(res.status).toBe(201);
    const listed = JSON.stringify(await listAmendments(world, 'pakistan'));
    expect(listed).toContain(MARK);
    expect(listed).not.toContain(UNSUBMITTED);
  });

  it('WC2 the working copy survives a server restart and still follows the base', async () => {
    const germany = await connect('declaration/draft', world.cookie('germany'));
    await typeInto(germany, BLOCK.PP8!, 0, 'Durable ');
    const before = textOfBlock(germany.doc, BLOCK.PP8!);
    for (const c of open.splice(0)) c.destroy();
    await world.restart();
    const again = await connect('declaration/draft', world.cookie('germany'));
    expect(textOfBlock(again.doc, BLOCK.PP8!)).toBe(before);
    expect(before?.startsWith('Durable ')).toBe(true);
    // Earlier edits of the copy and the base's changes are all there.
    expect(textOfBlock(again.doc, BLOCK.PP4!)?.startsWith('Germanedit ')).toBe(true);
    expect(textOfBlock(again.doc, BLOCK.PP4!)?.endsWith(' Chairedit')).toBe(true);
    const chair = await connect('declaration', world.cookie('turkiye'));
    expect(textOfBlock(chair.doc, BLOCK.PP8!)).not.toContain('Durable');
    await typeInto(chair, BLOCK.PP8!, -1, ' after restart');
    await waitFor(
      () => textOfBlock(again.doc, BLOCK.PP8!)?.includes(' after restart'),
      'the restarted copy to follow the base',
    );
    expect(textOfBlock(again.doc, BLOCK.PP8!)?.startsWith('Durable ')).toBe(true);
  });
});

describe('WC2 working copy snapshots', () => {
  it('WC2 a compacted copy stores only its own updates, and reloads composed with the base', async () => {
    const dataDir = tempDataDir();
    let server = await startTestServer({ dataDir, compactEvery: 3 });
    const copy = stockClient(
      collabUrl(server),
      'declaration/draft',
      await signIn(server, 'germany'),
    );
    const chair = stockClient(collabUrl(server), 'declaration', await signIn(server, 'turkiye'));
    await Promise.all([synced(copy), synced(chair)]);
    const ids = blockIds(chair.doc);
    await typeInto(chair, ids.PP1!, 0, 'Chairbefore ');
    await waitFor(() => textOfBlock(copy.doc, ids.PP1!)?.startsWith('Chairbefore'), 'follow');
    for (let i = 0; i < 7; i++) await typeInto(copy, ids.PP2!, 0, `Own${i} `);
    copy.destroy();
    await typeInto(chair, ids.PP3!, 0, 'Chairaway ');
    chair.destroy();
    await server.close();
    const storage = openSqliteStorage(dataDir);
    const stored = await storage.documents.loadDocument(draftLog);
    await storage.close();
    expect(stored.snapshot).not.toBeNull();
    const bytes = Buffer.concat(
      [stored.snapshot!, ...stored.updates].map((u) => Buffer.from(u)),
    ).toString('latin1');
    expect(bytes).toContain('Own6');
    expect(bytes).not.toContain('Chairbefore');
    server = await startTestServer({ dataDir });
    try {
      const again = stockClient(
        collabUrl(server),
        'declaration/draft',
        await signIn(server, 'germany'),
      );
      await synced(again);
      expect(textOfBlock(again.doc, ids.PP2!)?.startsWith('Own6 Own5')).toBe(true);
      expect(textOfBlock(again.doc, ids.PP3!)?.startsWith('Chairaway ')).toBe(true);
      again.destroy();
    } finally {
      await server.close();
    }
  });
});

/** What `who` reads from the amendment feed in its first moment (until the catch-up is sent). */
async function readFeedMoment(who: string): Promise<string> {
  const controller = new AbortController();
  const res = await fetch(`${world.server.url}/api/documents/declaration/amendments/events`, {
    headers: { cookie: world.cookie(who) },
    signal: controller.signal,
  });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  const { value } = await reader.read();
  controller.abort();
  await reader.cancel().catch(() => undefined);
  void api;
  return Buffer.from(value ?? new Uint8Array()).toString('utf8');
}
