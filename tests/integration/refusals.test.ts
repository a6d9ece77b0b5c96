import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode, FRAGMENT_NAME, MessageType } from '@accord/shared';
import type { AccordServer } from '../../server/src/index.js';
import { collabUrl, signIn, startTestServer } from '../helpers/server.js';
import { RawClient, firstBody, syncMessage, textOf, updateFrom } from '../helpers/yclient.js';
import { waitFor } from '../helpers/wait.js';

let server: AccordServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

/**
 * Each case sends one bad message from an attacker while a bystander is connected, and checks
 * that only the attacker's connection closes, with the documented code, that the bystander got
 * nothing, that the stored document is unchanged, and that the server still serves.
 */
async function expectRefused(
  makeMessage: (attacker: RawClient) => Uint8Array | string,
  code: number,
  reason: RegExp,
  options: { maxMessageBytes?: number } = {},
): Promise<void> {
  server = await startTestServer(options);
  const base = collabUrl(server);
  const chair = { cookie: await signIn(server, 'turkiye') };
  const bystander = await RawClient.connect(base, 'declaration', chair);
  const attacker = await RawClient.connect(base, 'declaration', {
    cookie: await signIn(server, 'icmpd'),
  });
  const before = Y.encodeStateAsUpdate(bystander.doc);
  const receivedBefore = bystander.received.length;

  attacker.send(makeMessage(attacker));
  expect(await attacker.closed()).toBe(code);
  expect(attacker.closeReason).toMatch(reason);

  // A fresh client sees the stored document unchanged, and the bystander received nothing.
  const fresh = await RawClient.connect(base, 'declaration', chair);
  const stored = new Y.Doc({ gc: false });
  Y.applyUpdate(stored, before);
  expect(textOf(fresh.doc)).toBe(textOf(stored));
  expect(Y.encodeStateVector(fresh.doc)).toEqual(Y.encodeStateVector(stored));
  expect(bystander.received.length).toBe(receivedBefore);
  expect(bystander.closeCode).toBeNull();
  // The server still accepts good updates from the bystander.
  const ok = updateFrom(bystander.doc, (copy) => firstBody(copy).insert(0, 'Still alive '));
  Y.applyUpdate(bystander.doc, ok);
  const digest = bystander.sendUpdate(ok);
  await waitFor(
    () => bystander.saved.some((s) => s.digest === digest),
    'bystander save after the refusal',
  );
  await waitFor(
    () => textOf(fresh.doc).includes('Still alive'),
    'fresh client receives the good update',
  );
  fresh.close();
  bystander.close();
}

/** An update the attacker makes by editing a copy of its document is refused with 4422. */
function expectEditRefused(edit: (copy: Y.Doc) => void, reason: RegExp): Promise<void> {
  return expectRefused(
    (attacker) => syncMessage(2, updateFrom(attacker.doc, edit)),
    CloseCode.InvalidUpdate,
    reason,
  );
}

describe('refusals close only the offending connection and change nothing', () => {
  it('WS10 an unknown message type closes with 4400', async () => {
    await expectRefused(
      () => new Uint8Array([42, 1, 2, 3]),
      CloseCode.Malformed,
      /unknown message type 42/,
    );
  });

  it('WS11 a truncated sync message closes with 4400', async () => {
    await expectRefused(
      () => new Uint8Array([MessageType.Sync, 2, 200]),
      CloseCode.Malformed,
      /malformed/,
    );
  });

  it('WS12 a text frame closes with 4400', async () => {
    await expectRefused(() => 'hello', CloseCode.Malformed, /text frames/);
  });

  it('WS13 garbage inside an update closes with 4422', async () => {
    await expectRefused(
      () => syncMessage(2, new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9])),
      CloseCode.InvalidUpdate,
      /Yjs V1|applied/,
    );
  });

  it('WS14 an oversized message closes with 1009', async () => {
    await expectRefused(() => new Uint8Array(70_000).fill(7), CloseCode.TooLarge, /.*/, {
      maxMessageBytes: 64 * 1024,
    });
  });

  it('WS15 an update that breaks the schema (text directly inside a goal) closes with 4422', async () => {
    await expectEditRefused((copy) => {
      const fragment = copy.getXmlFragment(FRAGMENT_NAME);
      const para = fragment
        .toArray()
        .find((b) => b instanceof Y.XmlElement && b.nodeName === 'preambular') as Y.XmlElement;
      para.insert(0, [new Y.XmlText('loose text')]);
    }, /invalid/);
  });

  it('WS16 an unknown node type closes with 4422', async () => {
    await expectEditRefused((copy) => {
      copy.getXmlFragment(FRAGMENT_NAME).insert(1, [new Y.XmlElement('script')]);
    }, /invalid/);
  });

  it('WS17 a javascript: link closes with 4422', async () => {
    await expectEditRefused((copy) => {
      firstBody(copy).format(0, 5, { link: { href: 'javascript:alert(1)' } });
    }, /link target not allowed/);
  });

  it('WS18 an update with missing dependencies closes with 4422 and is not kept pending', async () => {
    await expectRefused(
      (attacker) => {
        // Two edits by one client; only the second is sent, so its origin is unknown.
        const copy = new Y.Doc({ gc: false });
        Y.applyUpdate(copy, Y.encodeStateAsUpdate(attacker.doc));
        firstBody(copy).insert(0, 'first ');
        const sv = Y.encodeStateVector(copy);
        firstBody(copy).insert(3, 'second ');
        return syncMessage(2, Y.encodeStateAsUpdate(copy, sv));
      },
      CloseCode.InvalidUpdate,
      /does not have/,
    );
  });

  it('WS19 a write to another shared type than the text closes with 4422', async () => {
    await expectEditRefused((copy) => copy.getMap('evil').set('x', 1), /outside the document text/);
  });

  it('WS20 an unknown attribute on a block closes with 4422', async () => {
    await expectEditRefused((copy) => {
      const block = copy.getXmlFragment(FRAGMENT_NAME).get(2) as Y.XmlElement;
      block.setAttribute('onclick', 'alert(1)');
    }, /unsupported attribute/);
  });

  it('WS21 random bytes never crash the server (seeded fuzz)', async () => {
    const seed = Number(process.env.SEED ?? Date.now() % 100000);
    console.log(`WS21 fuzz seed ${seed} (replay with SEED=${seed})`);
    let s = seed;
    const rand = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
    server = await startTestServer();
    const base = collabUrl(server);
    const chair = { cookie: await signIn(server, 'turkiye') };
    const bystander = await RawClient.connect(base, 'declaration', chair);
    const text = textOf(bystander.doc);
    for (let i = 0; i < 30; i++) {
      const attacker = await RawClient.connect(base, 'declaration', chair);
      const len = 1 + Math.floor(rand() * 60);
      const bytes = Uint8Array.from({ length: len }, () => Math.floor(rand() * 256));
      // Half the cases look like a sync update so they reach the Yjs decoder.
      const message = rand() < 0.5 ? syncMessage(2, bytes) : bytes;
      attacker.send(message);
      await waitFor(
        async () => attacker.closeCode !== null || (await fetch(`${server!.url}/api/health`)).ok,
        'server answers',
      );
      attacker.close();
    }
    const fresh = await RawClient.connect(base, 'declaration', chair);
    expect(textOf(fresh.doc)).toBe(text);
    expect(bystander.closeCode).toBeNull();
  });
});
