import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '@accord/shared';
import { AccordServer, silentLogger } from '../../server/src/index.js';
import { principalColor } from '../../server/src/auth/principalColor.js';
import { SignedInServer, collabUrl } from '../helpers/server.js';
import { seedsDir } from '../helpers/seeds.js';
import {
  RawClient,
  firstBody,
  stockClient,
  synced,
  textOf,
  type StockClient,
} from '../helpers/yclient.js';
import { waitFor } from '../helpers/wait.js';
import {
  auditSince,
  connectSynced,
  lastAuditId,
  localEdit,
  personOf,
  presenceMessage,
  presenceSeen,
  queryPresenceMessage,
  receivedSince,
  roundTripOrClose,
  storedState,
  updateAs,
  userOf,
  writeAndWait,
  type PresenceEntry,
} from '../helpers/access.js';

// Presence spoofing and client-id reuse (shared/SPEC.md AC5-AC7). Yjs trusts whatever client
// id and presence a client sends; the server binds ids to people and connections and stamps
// presence with the session's identity.

const DOC = 'declaration';
const USERS = ['turkiye', 'icmpd', 'germany', 'pakistan', 'canada', 'hungary'] as const;
type User = (typeof USERS)[number];

let world: SignedInServer;
const open: RawClient[] = [];

beforeAll(async () => {
  world = await SignedInServer.start(USERS);
});

afterAll(async () => {
  for (const c of open) c.close();
  await world?.stop();
});

/** A raw socket of `user` on the declaration, closed after the file. */
async function connect(user: User, doc = DOC): Promise<RawClient> {
  const client = await connectSynced(collabUrl(world.server), doc, { cookie: world.cookie(user) });
  open.push(client);
  return client;
}

/** The identity the server must put in every presence state of `user`. */
async function identityOf(user: User): Promise<Record<string, unknown>> {
  const person = await personOf(world.storage, user);
  const delegation = await world.storage.directory.getDelegation(person.delegationId);
  return {
    name: person.displayName,
    color: principalColor(person.id),
    personId: person.id,
    delegationId: person.delegationId,
    delegationName: delegation?.name,
  };
}

/** Sends a presence state for the client's own id and waits until `watcher` has it. */
async function announce(
  client: RawClient,
  watcher: RawClient,
  clock: number,
  state: Record<string, unknown>,
): Promise<void> {
  const id = client.doc.clientID;
  client.send(presenceMessage([{ clientId: id, clock, state }]));
  await waitFor(
    () => presenceSeen(watcher).get(id)?.clock === clock,
    'the presence to reach the watcher',
  );
}

/** Closes a socket and waits until `watcher` has seen its presence go. */
async function leave(client: RawClient, watcher: RawClient): Promise<void> {
  const id = client.doc.clientID;
  const had = presenceSeen(watcher).get(id)?.state != null;
  client.close();
  await client.closed();
  if (had) await waitFor(() => presenceSeen(watcher).get(id)?.state === null, 'the presence to go');
}

/** A claimed identity: someone else's name, colour and delegation. */
const CLAIMED_USER = {
  name: 'Chair (Türkiye)',
  color: '#ff0000',
  personId: 'someone-else',
  delegationId: 'turkiye',
  delegationName: 'Türkiye',
};

describe('AC5 presence carries the session identity', () => {
  it('AC5 every receiver sees the name, colour and delegation of the session, whatever the client claims', async () => {
    const chair = await connect('turkiye');
    const pakistan = await connect('pakistan');
    const germany = await connect('germany');
    const id = germany.doc.clientID;
    const expected = await identityOf('germany');

    await announce(germany, chair, 1, { user: CLAIMED_USER, cursor: { anchor: 7, head: 9 } });
    await waitFor(() => presenceSeen(pakistan).get(id), 'the second receiver');
    await waitFor(() => presenceSeen(germany).get(id), 'the echo to the sender');
    // A state with no user at all gets the session's user too (clock 2).
    await announce(germany, chair, 2, { cursor: null });
    // A state whose user is not an object (clock 3).
    await announce(germany, chair, 3, { user: 'Chair (Türkiye)', cursor: null });

    for (const receiver of [chair, pakistan, germany]) {
      await waitFor(() => presenceSeen(receiver).get(id)?.clock === 3, 'clock 3 everywhere');
      const stamped = receivedSince(receiver, 0)
        .flatMap((m) => (m.kind === 'awareness' ? m.entries : []))
        .filter((e) => e.clientId === id);
      expect(stamped.map((e) => e.clock)).toEqual([1, 2, 3]);
      for (const entry of stamped) expect(userOf(entry)).toEqual(expected);
      expect(stamped[0]?.state?.cursor).toEqual({ anchor: 7, head: 9 });
    }
    // Someone who joins later, and someone who asks again, get the stamped state as well.
    const late = await connect('canada');
    await waitFor(() => presenceSeen(late).get(id), 'the late joiner to get the presence');
    expect(userOf(presenceSeen(late).get(id))).toEqual(expected);
    const before = pakistan.received.length;
    pakistan.send(queryPresenceMessage());
    await waitFor(() => pakistan.received.length > before, 'the answer to query awareness');
    const answer = receivedSince(pakistan, before)[0];
    expect(answer?.kind).toBe('awareness');
    const entries = answer?.kind === 'awareness' ? answer.entries : [];
    expect(userOf(entries.find((e) => e.clientId === id))).toEqual(expected);
    expect(JSON.stringify(entries)).not.toContain('#ff0000');

    for (const c of [late, germany, pakistan]) await leave(c, chair);
    chair.close();
  });

  it("AC5 a stock y-websocket client's claimed name and colour are replaced for every receiver", async () => {
    const liar = stockClient(collabUrl(world.server), DOC, world.cookie('canada'));
    try {
      const viewer = await connect('hungary');
      await synced(liar);
      liar.provider.awareness.setLocalStateField('user', { name: 'ICMPD', color: '#000000' });
      const id = liar.doc.clientID;
      await waitFor(
        () => userOf(presenceSeen(viewer).get(id))?.name !== undefined,
        'the viewer to get the presence',
      );
      expect(userOf(presenceSeen(viewer).get(id))).toEqual(await identityOf('canada'));
      viewer.close();
    } finally {
      liar.destroy();
    }
  });
});

// ----------------------------------------------------------------------------- AC6

interface SpoofCase {
  name: string;
  attacker: User;
  victim: User;
  /** The spoofed state for the victim's id: a changed state, or null (removal). */
  state: Record<string, unknown> | null;
}

const SPOOFS: SpoofCase[] = (
  [
    ['a reader (Germany)', 'germany', 'pakistan'],
    ['a pen-holder (ICMPD)', 'icmpd', 'pakistan'],
  ] as const
).flatMap(([who, attacker, victim]) => [
  {
    name: `AC6 ${who} sending a presence state for another connection's client id is closed with 4403; the victim's presence is unchanged`,
    attacker,
    victim,
    state: { user: CLAIMED_USER, cursor: { anchor: 0, head: 5000 }, note: 'moved by someone else' },
  },
  {
    name: `AC6 ${who} removing another connection's presence (null state) is closed with 4403; the victim's presence is unchanged`,
    attacker,
    victim,
    state: null,
  },
]);

describe('AC6 nobody changes or removes the presence of another connection', () => {
  it.each(SPOOFS)('$name', async ({ attacker: attackerUser, victim: victimUser, state }) => {
    const bystander = await connect('turkiye');
    const victim = await connect(victimUser);
    const victimId = victim.doc.clientID;
    await announce(victim, bystander, 1, { cursor: { anchor: 1, head: 1 } });
    const victimBefore = presenceSeen(bystander).get(victimId);
    const heardBefore = bystander.received.length;
    const auditBefore = await lastAuditId(world.storage);

    const attacker = await connect(attackerUser);
    // A higher clock than the victim's, so a server without the check would apply it.
    attacker.send(presenceMessage([{ clientId: victimId, clock: 10, state }]));
    expect(await attacker.closed()).toBe(CloseCode.Forbidden);
    expect(attacker.closeReason).toMatch(/client id \d+ is in use by another connection/);

    // The victim moves its cursor; that must be the only thing the bystander hears.
    await announce(victim, bystander, 2, { cursor: { anchor: 2, head: 2 } });
    const heard = receivedSince(bystander, heardBefore);
    expect(heard).toHaveLength(1);
    expect(heard[0]).toEqual({
      kind: 'awareness',
      entries: [
        {
          clientId: victimId,
          clock: 2,
          state: { cursor: { anchor: 2, head: 2 }, user: await identityOf(victimUser) },
        },
      ],
    });
    expect(victimBefore?.state?.user).toEqual(await identityOf(victimUser));
    expect(victim.closeCode).toBeNull();
    // The refusal is in the audit log, with the attacker's identity.
    const attackerPerson = await personOf(world.storage, attackerUser);
    expect(await auditSince(world.storage, auditBefore)).toContainEqual(
      expect.objectContaining({
        personId: attackerPerson.id,
        delegationId: attackerPerson.delegationId,
        target: DOC,
        outcome: 'refused',
        detail: { reason: expect.stringMatching(/in use by another connection/) },
      }),
    );
    await leave(victim, bystander);
    bystander.close();
  });

  it("AC6 a message with the sender's own presence and another's is refused whole: neither is applied", async () => {
    const bystander = await connect('turkiye');
    const victim = await connect('pakistan');
    await announce(victim, bystander, 1, { cursor: null });
    const heardBefore = bystander.received.length;
    const attacker = await connect('germany');
    const entries: PresenceEntry[] = [
      { clientId: attacker.doc.clientID, clock: 1, state: { cursor: null } },
      { clientId: victim.doc.clientID, clock: 5, state: null },
    ];
    attacker.send(presenceMessage(entries));
    expect(await attacker.closed()).toBe(CloseCode.Forbidden);
    await announce(victim, bystander, 2, { cursor: null });
    const heard = receivedSince(bystander, heardBefore);
    expect(heard).toHaveLength(1);
    expect(presenceSeen(bystander).has(attacker.doc.clientID)).toBe(false);
    await leave(victim, bystander);
    bystander.close();
  });

  // The stock WebsocketProvider sends every awareness change it hears back to the server,
  // other clients' states included (y-websocket's _awarenessUpdateHandler ignores the origin).
  // Such a relay carries the same client id, clock and state: it changes nothing and must not
  // cost the relaying client its connection.
  it('AC6 relaying the presence one received (same client id and clock) changes nothing and is not refused', async () => {
    const owner = await connect('pakistan');
    const relay = await connect('germany');
    const bystander = await connect('turkiye');
    try {
      const id = owner.doc.clientID;
      await announce(owner, relay, 1, { cursor: { anchor: 4, head: 4 } });
      await waitFor(() => presenceSeen(bystander).get(id), 'the bystander');
      const heardBefore = bystander.received.length;
      relay.send(presenceMessage([presenceSeen(relay).get(id)!]));
      await roundTripOrClose(relay);
      expect(relay.closeReason).toBe('');
      expect(relay.closeCode).toBeNull();
      expect(receivedSince(bystander, heardBefore)).toEqual([]);
    } finally {
      await leave(owner, bystander);
      relay.close();
      bystander.close();
    }
  });

  it('AC6 two stock y-websocket clients in one document stay connected when one announces its presence', async () => {
    const closes: number[] = [];
    const first = stockClient(collabUrl(world.server), DOC, world.cookie('germany'));
    const second = stockClient(collabUrl(world.server), DOC, world.cookie('pakistan'));
    try {
      for (const c of [first, second])
        c.provider.on('connection-close', (event: CloseEvent | null) => {
          if (event) closes.push(event.code);
        });
      await Promise.all([synced(first), synced(second)]);
      // Each step is sent after the provider relayed what it heard, and the server handles a
      // socket's messages in order: once the next step arrives, the relay was handled.
      const cursorSeen = (viewer: StockClient, of: StockClient, anchor: number) => () =>
        closes.length > 0 ||
        JSON.stringify(viewer.provider.awareness.getStates().get(of.doc.clientID)?.cursor) ===
          JSON.stringify({ anchor, head: anchor });
      first.provider.awareness.setLocalStateField('cursor', { anchor: 1, head: 1 });
      await waitFor(cursorSeen(second, first, 1), 'the second client to see the first');
      second.provider.awareness.setLocalStateField('cursor', { anchor: 2, head: 2 });
      await waitFor(cursorSeen(first, second, 2), 'the first client to see the second');
      first.provider.awareness.setLocalStateField('cursor', { anchor: 3, head: 3 });
      await waitFor(cursorSeen(second, first, 3), 'the second client to see the first again');
      expect(closes).toEqual([]);
    } finally {
      first.destroy();
      second.destroy();
    }
  });

  it('AC6 a presence under a client id another person wrote with is refused, even after that person left', async () => {
    const bystander = await connect('icmpd');
    const writer = await connect('turkiye');
    const ownedId = writer.doc.clientID;
    await writeAndWait(
      writer,
      localEdit(writer, (d) => firstBody(d).insert(0, 'Owned. ')),
    );
    await leave(writer, bystander);
    const attacker = await connect('germany');
    attacker.send(presenceMessage([{ clientId: ownedId, clock: 1, state: { cursor: null } }]));
    expect(await attacker.closed()).toBe(CloseCode.Forbidden);
    expect(attacker.closeReason).toMatch(/belongs to someone else/);
    expect(presenceSeen(bystander).has(ownedId)).toBe(false);
    bystander.close();
  });
});

// ----------------------------------------------------------------------------- AC7

/**
 * After a refused write, a pen-holder's sentinel must be the only update the bystander hears,
 * and the database must hold exactly what the bystander has, without the refused text.
 */
async function expectNothingStored(
  bystander: RawClient,
  heardBefore: number,
  refusedText: string,
): Promise<void> {
  const pen = await connect('hungary');
  const sentinel = ` sentinel-${Math.random().toString(36).slice(2)} `;
  await writeAndWait(
    pen,
    localEdit(pen, (d) => firstBody(d).insert(0, sentinel)),
  );
  await waitFor(() => textOf(bystander.doc).includes(sentinel), 'the sentinel');
  expect(receivedSince(bystander, heardBefore).map((m) => m.kind)).toEqual(['update']);
  const stored = await storedState(world.storage, DOC);
  expect(stored.text).toBe(textOf(bystander.doc));
  expect(stored.text).not.toContain(refusedText.trim());
  expect(stored.stateVector).toEqual(Y.decodeStateVector(Y.encodeStateVector(bystander.doc)));
  pen.close();
}

describe('AC7 a Yjs client id belongs to its first writer and to one live connection', () => {
  /** Türkiye writes under a client id; returns the id, with the connection left open. */
  async function ownedBy(user: User): Promise<{ id: number; owner: RawClient }> {
    const owner = await connect(user);
    await writeAndWait(
      owner,
      localEdit(owner, (d) => firstBody(d).insert(0, `Written by ${user}. `)),
    );
    return { id: owner.doc.clientID, owner };
  }

  /** A client id `user` wrote with, then closed the socket of; the server restarted since. */
  async function ownedBeforeRestart(user: User): Promise<number> {
    const { id, owner } = await ownedBy(user);
    owner.close();
    await owner.closed();
    await restart();
    return id;
  }

  const REUSES = [
    {
      name: 'AC7 a pen-holder writing under a client id another person wrote with (gone) is closed with 4403 and nothing is stored',
      attacker: 'icmpd',
      ownerStays: false,
      reason: /belongs to someone else/,
    },
    {
      name: 'AC7 a pen-holder writing under a client id another person is using is closed with 4403 and nothing is stored',
      attacker: 'icmpd',
      ownerStays: true,
      reason: /in use by another connection/,
    },
  ] as const;

  it.each(REUSES)('$name', async ({ attacker: attackerUser, ownerStays, reason }) => {
    const bystander = await connect('germany');
    const { id, owner } = await ownedBy('turkiye');
    await waitFor(() => textOf(bystander.doc).includes('Written by turkiye'), 'the owner write');
    if (!ownerStays) await leave(owner, bystander);
    const heardBefore = bystander.received.length;
    const storedBefore = await storedState(world.storage, DOC);

    const attacker = await connect(attackerUser);
    const text = ` Forged under ${id}. `;
    attacker.sendUpdate(updateAs(attacker.doc, id, (d) => firstBody(d).insert(0, text)));
    expect(await attacker.closed()).toBe(CloseCode.Forbidden);
    expect(attacker.closeReason).toMatch(reason);
    expect(attacker.saved).toEqual([]);

    await expectNothingStored(bystander, heardBefore, text);
    // The forged id's clock did not move.
    expect((await storedState(world.storage, DOC)).stateVector.get(id)).toBe(
      storedBefore.stateVector.get(id),
    );
    if (ownerStays) expect(owner.closeCode).toBeNull();
    owner.close();
    bystander.close();
  });

  it("AC7 an update mixing the writer's own client id and another person's is refused whole", async () => {
    const bystander = await connect('germany');
    const { id, owner } = await ownedBy('turkiye');
    await leave(owner, bystander);
    const heardBefore = bystander.received.length;
    const attacker = await connect('icmpd');
    const own = updateAs(attacker.doc, attacker.doc.clientID, (d) =>
      firstBody(d).insert(0, ' Mine. '),
    );
    const forged = updateAs(attacker.doc, id, (d) =>
      firstBody(d, 'operative').insert(0, ' Not mine. '),
    );
    attacker.sendUpdate(Y.mergeUpdates([own, forged]));
    expect(await attacker.closed()).toBe(CloseCode.Forbidden);
    await expectNothingStored(bystander, heardBefore, ' Mine. ');
    expect(textOf(bystander.doc)).not.toContain('Not mine.');
    bystander.close();
  });

  it('AC7 the client ids of the seeded text belong to the server: writing under one is refused', async () => {
    const bystander = await connect('germany');
    const heardBefore = bystander.received.length;
    const [seed] = await world.storage.documents.history(DOC, { limit: 1 });
    expect(seed?.origin).toEqual({ kind: 'system', reason: 'seed' });
    const owners = (await world.storage.documents.loadDocument(DOC)).clientOwners;
    const seedId = [...Y.decodeUpdate(seed!.update).structs.map((s) => s.id.client)].find(
      (c) => owners.get(c) === '@server',
    );
    expect(seedId).toBeDefined();
    const chair = await connect('turkiye');
    const text = ' Rewriting history. ';
    chair.sendUpdate(updateAs(chair.doc, seedId!, (d) => firstBody(d).insert(0, text)));
    expect(await chair.closed()).toBe(CloseCode.Forbidden);
    expect(chair.closeReason).toMatch(/belongs to someone else/);
    await expectNothingStored(bystander, heardBefore, text);
    bystander.close();
  });

  it('AC7 the same person writing under its client id from a second live connection takes it over: the older connection is closed with 4409', async () => {
    const bystander = await connect('germany');
    const { id, owner } = await ownedBy('turkiye');
    // A tab whose socket died silently comes back on a new one before the old one timed out.
    const second = await connect('turkiye');
    const update = updateAs(second.doc, id, (d) => firstBody(d).insert(0, ' Taken over. '));
    await writeAndWait(second, update);
    expect(await owner.closed()).toBe(CloseCode.Replaced);
    expect(second.closeCode).toBeNull();
    await waitFor(() => textOf(bystander.doc).includes('Taken over.'), 'the bystander');
    expect((await storedState(world.storage, DOC)).text).toContain('Taken over.');
    second.close();
    bystander.close();
  });

  it('AC6 the same person announcing presence under its client id from a second live connection takes it over (4409 for the older one)', async () => {
    const bystander = await connect('turkiye');
    const first = await connect('pakistan');
    const id = first.doc.clientID;
    await announce(first, bystander, 1, { cursor: null });
    const second = await connect('pakistan');
    second.send(
      presenceMessage([{ clientId: id, clock: 5, state: { cursor: { anchor: 3, head: 3 } } }]),
    );
    expect(await first.closed()).toBe(CloseCode.Replaced);
    await waitFor(
      () => presenceSeen(bystander).get(id)?.clock === 5,
      'the presence from the new connection',
    );
    expect(presenceSeen(bystander).get(id)?.state?.user).toEqual(await identityOf('pakistan'));
    expect(second.closeCode).toBeNull();
    second.close();
    bystander.close();
  });

  it('AC7 the same person reconnecting with the same client id after the first connection closed is accepted', async () => {
    const bystander = await connect('germany');
    const first = await connect('turkiye');
    const id = first.doc.clientID;
    await announce(first, bystander, 1, { cursor: null });
    await writeAndWait(
      first,
      localEdit(first, (d) => firstBody(d).insert(0, ' Before the drop. ')),
    );
    await leave(first, bystander);

    // The same page reconnects: same Y.Doc, so the same client id, for presence and writes.
    const second = await connect('turkiye');
    second.send(presenceMessage([{ clientId: id, clock: 2, state: { cursor: null } }]));
    await waitFor(() => presenceSeen(bystander).get(id)?.clock === 2, 'the presence is back');
    const update = updateAs(second.doc, id, (d) => firstBody(d).insert(0, ' After the drop. '));
    await writeAndWait(second, update);
    await waitFor(() => textOf(bystander.doc).includes('After the drop.'), 'the bystander');
    expect(second.closeCode).toBeNull();
    const stored = await storedState(world.storage, DOC);
    expect(stored.text).toContain('After the drop.');
    expect(stored.stateVector.get(id)).toBeGreaterThan(0);
    await leave(second, bystander);
    bystander.close();
  });

  it('AC7 after a restart, another person still cannot write under a client id someone wrote with', async () => {
    const id = await ownedBeforeRestart('turkiye');
    // Sessions are stored: the same cookies work after the restart.
    const bystander = await connect('germany');
    const heardBefore = bystander.received.length;
    const attacker = await connect('icmpd');
    const text = ' Forged after a restart. ';
    attacker.sendUpdate(updateAs(attacker.doc, id, (d) => firstBody(d).insert(0, text)));
    expect(await attacker.closed()).toBe(CloseCode.Forbidden);
    await expectNothingStored(bystander, heardBefore, text);
    bystander.close();
  });

  it('AC7 the first writer of a client id is recorded in the store with the update', async () => {
    const { id, owner } = await ownedBy('turkiye');
    const person = await personOf(world.storage, 'turkiye');
    const stored = await world.storage.documents.loadDocument(DOC);
    expect(stored.clientOwners.get(id)).toBe(person.id);
    owner.close();
  });

  // A browser tab that reconnects after a restart keeps its Y.Doc, hence its client id.
  it('AC7 after a restart, the owner of a client id may go on writing and announcing presence under it', async () => {
    const id = await ownedBeforeRestart('turkiye');
    const back = await connect('turkiye');
    back.send(presenceMessage([{ clientId: id, clock: 1, state: { cursor: null } }]));
    const update = updateAs(back.doc, id, (d) => firstBody(d).insert(0, ' Still mine. '));
    const digest = back.sendUpdate(update);
    await waitFor(
      () => back.closeCode !== null || back.saved.some((s) => s.digest === digest),
      'the write to be stored, or the socket closed',
    );
    expect(back.closeReason).toBe('');
    expect(back.closeCode).toBeNull();
  });
});

/** Stops the server and starts it again on the same data folder. */
async function restart(): Promise<void> {
  await world.server.close();
  world.server = await AccordServer.start({
    port: 0,
    host: '127.0.0.1',
    dataDir: world.dataDir,
    seedsDir: seedsDir(),
    clientDir: null,
    logger: silentLogger,
    calendar: 'none',
  });
}
