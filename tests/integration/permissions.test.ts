import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SyncMessageType, updateDigest } from '@accord/shared';
import type { AuditEntry } from '../../server/src/index.js';
import { SignedInServer, collabUrl } from '../helpers/server.js';
import { RawClient, firstBody, syncMessage, textOf } from '../helpers/yclient.js';
import { waitFor } from '../helpers/wait.js';
import {
  auditSince,
  connectSynced,
  cookieOf,
  directorySnapshot,
  errorOf,
  lastAuditId,
  localEdit,
  personOf,
  presenceMessage,
  presenceSeen,
  rawHttp,
  rawUpgrade,
  receivedSince,
  roundTrip,
  sessionCookieFor,
  storedState,
  updateAs,
  userOf,
  writeAndWait,
  type RawRequest,
  type RawResponse,
} from '../helpers/access.js';

// The permission matrix of issue 3 (shared/SPEC.md, "AC — access"): principals × documents ×
// operations. Every cell is a test; every refused cell goes through a raw socket or a raw HTTP
// request and checks what the bystanders received and what the database holds afterwards.

// ------------------------------------------------------------------ principals

type PrincipalKey =
  | 'signedOut'
  | 'expired'
  | 'foreignOrigin'
  | 'observer'
  | 'germany'
  | 'pakistan'
  | 'chair'
  | 'coChair'
  | 'secretariat';

interface Principal {
  key: PrincipalKey;
  label: string;
  /** The account behind the principal (the expired session's and the foreign page's too). */
  username: string | null;
  session: 'none' | 'expired' | 'live';
  /** An Origin header that is not the server's own. */
  origin?: string;
}

const FOREIGN_ORIGIN = 'https://evil.example';

/** The columns of every matrix below, in this order. */
const PRINCIPALS: readonly Principal[] = [
  { key: 'signedOut', label: 'signed out', username: null, session: 'none' },
  { key: 'expired', label: 'expired session', username: 'germany', session: 'expired' },
  {
    key: 'foreignOrigin',
    label: "the Chair's cookie from a foreign Origin",
    username: 'turkiye',
    session: 'live',
    origin: FOREIGN_ORIGIN,
  },
  { key: 'observer', label: 'observer State (Canada)', username: 'canada', session: 'live' },
  { key: 'germany', label: 'participating State (Germany)', username: 'germany', session: 'live' },
  {
    key: 'pakistan',
    label: 'participating State (Pakistan)',
    username: 'pakistan',
    session: 'live',
  },
  { key: 'chair', label: 'Chair (Türkiye)', username: 'turkiye', session: 'live' },
  { key: 'coChair', label: 'Co-Chair (Hungary)', username: 'hungary', session: 'live' },
  { key: 'secretariat', label: 'Secretariat (ICMPD)', username: 'icmpd', session: 'live' },
];

const DOCUMENTS = ['declaration', 'call-for-action'] as const;
type DocumentId = (typeof DOCUMENTS)[number];

/** One server with every principal signed in once, and a second handle on its database. */
type World = SignedInServer;

function startWorld(): Promise<World> {
  return SignedInServer.start([
    ...new Set(PRINCIPALS.flatMap((p) => (p.username ? [p.username] : []))),
  ]);
}

/** The headers a principal's requests carry (an expired session is made fresh each time). */
async function headersOf(world: World, p: Principal): Promise<Record<string, string>> {
  const headers: Record<string, string> = p.origin ? { origin: p.origin } : {};
  if (p.session === 'expired' && p.username)
    headers.cookie = await sessionCookieFor(world.storage, p.username, -60_000);
  if (p.session === 'live' && p.username) headers.cookie = world.cookie(p.username);
  return headers;
}

/** A text each document has: the first preambular paragraph, or the first goal's title. */
function someText(doc: Y.Doc): Y.XmlText {
  try {
    return firstBody(doc, 'preambular');
  } catch {
    return firstBody(doc, 'goal');
  }
}

/** A client id no one has used: the attacker's writes are made under it, to look for later. */
function freshClientId(): number {
  return 1 + Math.floor(Math.random() * 0x7ffffff0);
}

let markers = 0;
/** A unique piece of text to look for in what was stored and broadcast. */
function marker(what: string): string {
  return ` [${what.replace(/[^A-Za-z0-9]+/g, '-')}-${++markers}] `;
}

// ------------------------------------------------------------------ the WebSocket matrix

type WsOp = 'open' | 'read' | 'write an update' | 'write sync step 2' | 'send presence';

/** ok: done; dropped: the socket stays but the write is neither stored nor broadcast; a
 * number: the upgrade is refused with that HTTP status. */
type WsOutcome = 'ok' | 'dropped' | 401 | 403;

// prettier-ignore
const WS_MATRIX: readonly [WsOp, readonly WsOutcome[]][] = [
  //                      signed  expired foreign  Canada     Germany    Pakistan   Chair Co-Chair Secretariat
  //                      out             Origin
  ['open',               [401,    401,    403,     'ok',      'ok',      'ok',      'ok', 'ok',    'ok']],
  ['read',               [401,    401,    403,     'ok',      'ok',      'ok',      'ok', 'ok',    'ok']],
  ['write an update',    [401,    401,    403,     'dropped', 'dropped', 'dropped', 'ok', 'ok',    'ok']],
  ['write sync step 2',  [401,    401,    403,     'dropped', 'dropped', 'dropped', 'ok', 'ok',    'ok']],
  ['send presence',      [401,    401,    403,     'ok',      'ok',      'ok',      'ok', 'ok',    'ok']],
];

function wsRule(op: WsOp, outcome: WsOutcome): string {
  if (typeof outcome === 'number') return 'AC4';
  if (outcome === 'dropped') return 'AC3';
  if (op === 'send presence') return 'AC5';
  return op.startsWith('write') ? 'AC3' : 'AC2';
}

interface WsCell {
  name: string;
  doc: DocumentId;
  op: WsOp;
  principal: Principal;
  outcome: WsOutcome;
}

const WS_CELLS: WsCell[] = DOCUMENTS.flatMap((doc) =>
  WS_MATRIX.flatMap(([op, outcomes]) =>
    PRINCIPALS.map((principal, i) => {
      const outcome = outcomes[i]!;
      const result =
        typeof outcome === 'number'
          ? `upgrade refused ${outcome}`
          : outcome === 'dropped'
            ? 'dropped'
            : 'allowed';
      return {
        name: `${wsRule(op, outcome)} ${doc} · ${op} · ${principal.label} → ${result}`,
        doc,
        op,
        principal,
        outcome,
      };
    }),
  ),
);

/** A room under watch: a bystander who only listens, and a pen that writes the sentinels. */
interface Watched {
  bystander: RawClient;
  pen: RawClient;
}

describe('AC permission matrix: WebSocket (principals × documents × operations)', () => {
  let world: World;
  const rooms = new Map<DocumentId, Watched>();

  beforeAll(async () => {
    world = await startWorld();
    const base = collabUrl(world.server);
    for (const doc of DOCUMENTS) {
      rooms.set(doc, {
        bystander: await connectSynced(base, doc, { cookie: world.cookie('turkiye') }),
        pen: await connectSynced(base, doc, { cookie: world.cookie('icmpd') }),
      });
    }
  });

  afterAll(async () => {
    for (const { bystander, pen } of rooms.values()) {
      bystander.close();
      pen.close();
    }
    await world?.stop();
  });

  /**
   * After the operation, a pen-holder writes a sentinel. Updates reach the bystander in the
   * order they were stored, so once the sentinel is there, anything the operation caused to be
   * broadcast is there too.
   */
  async function sentinel(room: Watched): Promise<string> {
    const text = marker('sentinel');
    await writeAndWait(
      room.pen,
      localEdit(room.pen, (d) => someText(d).insert(0, text)),
    );
    await waitFor(
      () => textOf(room.bystander.doc).includes(text),
      'the bystander gets the sentinel',
    );
    return text;
  }

  /** The frames a refused principal pipelines behind its upgrade request, per operation. */
  function framesFor(op: WsOp, base: Y.Doc, clientId: number, text: string): Uint8Array[] {
    const step1 = syncMessage(SyncMessageType.Step1, Y.encodeStateVector(new Y.Doc()));
    const write = updateAs(base, clientId, (d) => someText(d).insert(0, text));
    switch (op) {
      case 'open':
        return [];
      case 'read':
        return [step1];
      case 'write an update':
        return [syncMessage(SyncMessageType.Update, write)];
      case 'write sync step 2':
        return [step1, syncMessage(SyncMessageType.Step2, write)];
      case 'send presence':
        return [
          presenceMessage([
            { clientId, clock: 1, state: { user: { name: 'Chair (Türkiye)' }, cursor: null } },
          ]),
        ];
    }
  }

  async function runCell({ doc, op, principal, outcome }: WsCell): Promise<void> {
    const room = rooms.get(doc)!;
    const { bystander } = room;
    const storage = world.storage;
    const auditBefore = await lastAuditId(storage);
    const storedBefore = await storedState(storage, doc);
    const heardBefore = bystander.received.length;
    const headers = await headersOf(world, principal);
    const attackId = freshClientId();
    const text = marker(`${principal.key}-${op}`);
    let presenceId: number | null = null;
    let attacker: RawClient | null = null;

    if (typeof outcome === 'number') {
      // Refused at the upgrade, whatever is pipelined behind the request.
      const answer = await rawUpgrade(
        world.server.url,
        `/collab/${doc}`,
        headers,
        framesFor(op, bystander.doc, attackId, text),
      );
      expect(answer.status).toBe(outcome);
      expect(answer.closedByServer).toBe(true);
      expect(answer.raw).not.toMatch(/101 Switching Protocols/);
      // Nothing after the JSON reason: no sync message, no document content.
      const body = JSON.parse(answer.body) as { error: string };
      expect(body.error).toMatch(
        outcome === 403 ? /origin/ : principal.session === 'expired' ? /expired/ : /not signed in/,
      );
      expect(answer.raw).not.toContain(text.trim());
      const audit = await auditSince(storage, auditBefore);
      expect(audit).toContainEqual(
        expect.objectContaining({
          action: 'document.open',
          target: doc,
          outcome: 'refused',
          personId: null,
        }),
      );
    } else {
      attacker = await connectSynced(collabUrl(world.server), doc, headers);
      const person = await personOf(storage, principal.username!);
      switch (op) {
        case 'open': {
          // The server speaks first, with its state vector.
          expect(receivedSince(attacker, 0)[0]?.kind).toBe('step1');
          break;
        }
        case 'read': {
          expect(textOf(attacker.doc)).toBe(storedBefore.text);
          expect(Y.decodeStateVector(Y.encodeStateVector(attacker.doc))).toEqual(
            storedBefore.stateVector,
          );
          break;
        }
        case 'write an update':
        case 'write sync step 2': {
          const step2 = op === 'write sync step 2';
          const update = updateAs(attacker.doc, attackId, (d) => someText(d).insert(0, text));
          const digest = sendWrite(attacker, update, step2);
          if (outcome === 'ok') {
            await waitFor(
              () => attacker!.saved.some((s) => s.digest === digest && s.step2 === step2),
              'the write to be acknowledged',
            );
          } else {
            await roundTrip(attacker);
            expect(attacker.saved.some((s) => s.digest === digest)).toBe(false);
            expect(attacker.closeCode).toBeNull();
            const audit = await auditSince(storage, auditBefore);
            expect(audit).toContainEqual(
              expect.objectContaining({
                action: 'document.write',
                target: doc,
                outcome: 'refused',
                personId: person.id,
                delegationId: person.delegationId,
              }),
            );
          }
          break;
        }
        case 'send presence': {
          presenceId = attacker.doc.clientID;
          attacker.send(
            presenceMessage([
              {
                clientId: presenceId,
                clock: 1,
                state: {
                  user: { name: 'Chair (Türkiye)', color: '#ff0000', delegationId: 'turkiye' },
                  cursor: { anchor: 3 },
                },
              },
            ]),
          );
          break;
        }
      }
    }

    await sentinel(room);
    const heard = receivedSince(bystander, heardBefore);
    const stored = await storedState(storage, doc);
    const wrote = outcome === 'ok' && op.startsWith('write');
    const presenced = outcome === 'ok' && op === 'send presence';

    // What the bystander received: the sentinel, and only what the cell allows before it.
    expect(heard.map((m) => m.kind)).toEqual(
      wrote ? ['update', 'update'] : presenced ? ['awareness', 'update'] : ['update'],
    );
    if (presenced) {
      const person = await personOf(storage, principal.username!);
      const delegation = await storage.directory.getDelegation(person.delegationId);
      const first = heard[0];
      const entry = first?.kind === 'awareness' ? first.entries[0] : undefined;
      expect(entry?.clientId).toBe(presenceId);
      expect(userOf(entry)).toEqual({
        name: person.displayName,
        color: expect.stringMatching(/^#[0-9a-f]{6}$/),
        personId: person.id,
        delegationId: person.delegationId,
        delegationName: delegation?.name,
      });
      expect(entry?.state?.cursor).toEqual({ anchor: 3 });
    }
    expect(bystander.closeCode).toBeNull();
    expect(textOf(bystander.doc).includes(text)).toBe(wrote);

    // What was stored: exactly what the bystander was sent, and the attacker's text only when
    // the cell allows writing.
    expect(stored.text).toBe(textOf(bystander.doc));
    expect(stored.stateVector).toEqual(Y.decodeStateVector(Y.encodeStateVector(bystander.doc)));
    expect(stored.text.includes(text)).toBe(wrote);
    expect(stored.stateVector.has(attackId)).toBe(wrote);

    if (attacker) {
      attacker.close();
      await attacker.closed();
      if (presenceId !== null) {
        const id = presenceId;
        await waitFor(
          () => presenceSeen(bystander).get(id)?.state === null,
          'the presence of the closed socket to be removed',
        );
      }
    }
  }

  for (const cell of WS_CELLS) it(cell.name, () => runCell(cell));

  /** Sends a write as an update or a sync step 2 and returns its digest. */
  function sendWrite(client: RawClient, update: Uint8Array, step2: boolean): number {
    if (!step2) return client.sendUpdate(update);
    client.send(syncMessage(SyncMessageType.Step2, update));
    return updateDigest(update);
  }

  // ---- authentication comes before the document is looked up
  // prettier-ignore
  const MISSING: readonly number[] =
    // signed out, expired, foreign Origin, Canada, Germany, Pakistan, Chair, Co-Chair, Secretariat
    [401, 401, 403, 404, 404, 404, 404, 404, 404];

  PRINCIPALS.forEach((principal, i) => {
    const status = MISSING[i]!;
    it(`AC4 a document that does not exist · open · ${principal.label} → ${status}`, async () => {
      const answer = await rawUpgrade(
        world.server.url,
        '/collab/no-such-document',
        await headersOf(world, principal),
      );
      expect(answer.status).toBe(status);
      expect(answer.closedByServer).toBe(true);
      expect(JSON.parse(answer.body)).toEqual({ error: expect.any(String) });
      // Only a signed-in, allowed person learns whether a document exists.
      if (status !== 404) expect(answer.body).not.toMatch(/no document/);
    });
  });

  it('AC3 a reader that keeps writing is closed with 4403 at the 21st refused write; nothing is stored or broadcast', async () => {
    const doc: DocumentId = 'declaration';
    const room = rooms.get(doc)!;
    const heardBefore = room.bystander.received.length;
    const auditBefore = await lastAuditId(world.storage);
    const reader = await connectSynced(collabUrl(world.server), doc, {
      cookie: world.cookie('germany'),
    });
    const text = marker('persistent-reader');
    for (let i = 1; i <= 20; i++) {
      const update = localEdit(reader, (d) => someText(d).insert(0, `${text}${i}`));
      reader.send(
        syncMessage(i % 2 === 0 ? SyncMessageType.Step2 : SyncMessageType.Update, update),
      );
    }
    await roundTrip(reader);
    expect(reader.closeCode).toBeNull();
    expect(reader.saved).toEqual([]);
    reader.sendUpdate(localEdit(reader, (d) => someText(d).insert(0, `${text}21`)));
    expect(await reader.closed()).toBe(4403);
    expect(reader.closeReason).toMatch(/read-only/);

    await sentinel(room);
    expect(receivedSince(room.bystander, heardBefore).map((m) => m.kind)).toEqual(['update']);
    const stored = await storedState(world.storage, doc);
    expect(stored.text).not.toContain(text.trim());
    expect(stored.stateVector.has(reader.doc.clientID)).toBe(false);
    // Audited once per connection, not once per keystroke.
    const refusals = (await auditSince(world.storage, auditBefore)).filter(
      (e) => e.action === 'document.write' && e.outcome === 'refused',
    );
    expect(refusals).toHaveLength(1);
  });

  it("AC3 a reader's sync step 2 that only echoes the document is acknowledged and stores nothing", async () => {
    const doc: DocumentId = 'call-for-action';
    const room = rooms.get(doc)!;
    const heardBefore = room.bystander.received.length;
    const storedBefore = await storedState(world.storage, doc);
    const reader = await connectSynced(collabUrl(world.server), doc, {
      cookie: world.cookie('canada'),
    });
    const echo = Y.encodeStateAsUpdate(reader.doc);
    reader.send(syncMessage(SyncMessageType.Step2, echo));
    const digest = updateDigest(echo);
    await waitFor(
      () => reader.saved.some((s) => s.digest === digest && s.step2),
      'the echo to be acknowledged',
    );
    expect(reader.closeCode).toBeNull();
    expect(receivedSince(room.bystander, heardBefore)).toEqual([]);
    expect(await storedState(world.storage, doc)).toEqual(storedBefore);
    reader.close();
  });
});

// ------------------------------------------------------------------ the HTTP API matrix

/** One API cell: the request a principal makes, and what to check when it is allowed. */
interface Prepared {
  request: RawRequest;
  /** Checks the effect of the request (allowed or refused) on what is stored. */
  verify?: (res: RawResponse, allowed: boolean) => Promise<void>;
}

interface Route {
  route: string;
  /** The status each principal gets, in the order of PRINCIPALS. */
  statuses: readonly number[];
  prepare: (p: Principal, world: World) => Promise<Prepared>;
  /**
   * What the audit log must hold for a refused (401/403) cell: by default the refused request.
   * `null` when the refusal is not an operation (GET /api/session only asks who is signed in).
   */
  audit?: (p: Principal, status: number) => Partial<AuditEntry> | null;
}

const get = (path: string): RawRequest => ({ method: 'GET', path });
/** The principal's own delegation (the demo user names are their delegations' ids). */
const delegationOf = (p: Principal): string => p.username ?? 'germany';

// prettier-ignore
const ROUTES: readonly Route[] = [
  //                                                  signed expired foreign Canada Germany Pakistan Chair Co-Chair Secretariat
  //                                                  out            Origin
  {
    route: 'GET /api/health',
    statuses:                                        [200,   200,    200,    200,   200,    200,     200,  200,     200],
    prepare: async () => ({ request: get('/api/health') }),
  },
  {
    route: 'POST /api/session (a wrong password)',
    statuses:                                        [401,   401,    403,    401,   401,    401,     401,  401,     401],
    prepare: async (p) => {
      const username = p.username ?? 'germany';
      return {
        request: { method: 'POST', path: '/api/session', body: { username, password: 'not-the-password' } },
        verify: async (res) => expect(cookieOf(res)).toBeNull(),
      };
    },
    audit: (p, status) =>
      status === 401
        ? { action: 'sign-in', outcome: 'refused', username: p.username ?? 'germany' }
        : { action: 'POST /api/session', outcome: 'refused' },
    // A cross-site sign-in (403, Origin) is not audited: the error handler skips /session.
  },
  {
    route: 'GET /api/session',
    statuses:                                        [401,   401,    200,    200,   200,    200,     200,  200,     200],
    prepare: async (p, world) => ({
      request: get('/api/session'),
      verify: async (res, allowed) => {
        if (!allowed) return;
        const person = await personOf(world.storage, p.username!);
        expect(res.json).toMatchObject({
          person: { id: person.id, username: person.username, displayName: person.displayName },
          delegation: { id: person.delegationId },
        });
      },
    }),
    audit: () => null,
  },
  {
    route: 'DELETE /api/session (sign out)',
    statuses:                                        [204,   204,    403,    204,   204,    204,     204,  204,     204],
    prepare: async (p, world) => {
      if (p.session !== 'live') return { request: { method: 'DELETE', path: '/api/session' } };
      // A second session of the same person, so the matrix keeps the first.
      const disposable = await sessionCookieFor(world.storage, p.username!, 60_000);
      return {
        request: { method: 'DELETE', path: '/api/session', headers: { cookie: disposable } },
        verify: async (_res, allowed) => {
          const after = await rawHttp(world.server.url, { ...get('/api/session'), headers: { cookie: disposable } });
          expect(after.status).toBe(allowed ? 401 : 200);
          const main = await rawHttp(world.server.url, { ...get('/api/session'), headers: { cookie: world.cookie(p.username!) } });
          expect(main.status).toBe(200);
        },
      };
    },
    audit: () => ({ action: 'DELETE /api/session', outcome: 'refused' }),
    // A cross-site sign-out (403, Origin) is not audited: the error handler skips /session.
  },
  {
    route: 'GET /api/invitations/:token (an unknown link)',
    statuses:                                        [404,   404,    404,    404,   404,    404,     404,  404,     404],
    prepare: async () => ({ request: get('/api/invitations/not-a-real-invitation-token') }),
  },
  {
    route: 'POST /api/invitations/:token/accept (an unknown link)',
    statuses:                                        [404,   404,    403,    404,   404,    404,     404,  404,     404],
    prepare: async (p) => ({
      request: {
        method: 'POST',
        path: '/api/invitations/not-a-real-invitation-token/accept',
        body: { username: `newcomer-${p.key.toLowerCase()}`, password: 'a-long-enough-password' },
      },
      verify: async (res) => expect(cookieOf(res)).toBeNull(),
    }),
  },
  {
    route: 'GET /api/documents',
    statuses:                                        [401,   401,    200,    200,   200,    200,     200,  200,     200],
    prepare: async () => ({
      request: get('/api/documents'),
      verify: async (res, allowed) => {
        if (allowed)
          expect((res.json as { id: string }[]).map((d) => d.id)).toEqual(['declaration', 'call-for-action']);
      },
    }),
  },
  {
    route: 'GET /api/documents/declaration',
    statuses:                                        [401,   401,    200,    200,   200,    200,     200,  200,     200],
    prepare: async () => ({ request: get('/api/documents/declaration') }),
  },
  {
    route: 'GET /api/documents/call-for-action',
    statuses:                                        [401,   401,    200,    200,   200,    200,     200,  200,     200],
    prepare: async () => ({ request: get('/api/documents/call-for-action') }),
  },
  {
    route: 'GET /api/delegations',
    statuses:                                        [401,   401,    200,    200,   200,    200,     200,  200,     200],
    prepare: async () => ({ request: get('/api/delegations') }),
  },
  {
    route: 'GET /api/admin/audit',
    statuses:                                        [401,   401,    200,    403,   403,    403,     200,  200,     200],
    prepare: async () => ({ request: get('/api/admin/audit') }),
  },
  {
    route: 'GET /api/admin/people',
    statuses:                                        [401,   401,    403,    403,   403,    403,     403,  403,     200],
    prepare: async () => ({
      request: get('/api/admin/people'),
      verify: async (res, allowed) => {
        if (!allowed) return;
        const people = res.json as Record<string, unknown>[];
        expect(people.length).toBeGreaterThan(5);
        for (const person of people) expect(person).not.toHaveProperty('passwordHash');
      },
    }),
  },
  {
    route: 'GET /api/admin/invitations',
    statuses:                                        [401,   401,    403,    403,   403,    403,     403,  403,     200],
    prepare: async () => ({ request: get('/api/admin/invitations') }),
  },
  {
    route: 'POST /api/admin/delegations',
    statuses:                                        [401,   401,    403,    403,   403,    403,     403,  403,     201],
    prepare: async (p, world) => {
      const name = `Atlantis ${p.key}`;
      return {
        request: { method: 'POST', path: '/api/admin/delegations', body: { name, kind: 'observer-state', roles: ['chair'] } },
        verify: async (_res, allowed) => {
          const created = await world.storage.directory.getDelegation(`atlantis-${p.key.toLowerCase()}`);
          expect(created).toEqual(allowed ? { id: `atlantis-${p.key.toLowerCase()}`, name, kind: 'observer-state', roles: ['chair'] } : null);
        },
      };
    },
  },
  {
    route: 'PUT /api/admin/delegations/:id/roles',
    statuses:                                        [401,   401,    403,    403,   403,    403,     403,  403,     200],
    prepare: async (p, world) => {
      // Everyone else tries to make its own delegation Chair and Secretariat; the Secretariat
      // makes Iraq (a Reference Group member without people) a Co-Chair.
      const allowed = p.key === 'secretariat';
      const target = allowed ? 'iraq' : delegationOf(p);
      const roles = allowed ? ['reference-group', 'co-chair'] : ['chair', 'secretariat'];
      const before = await world.storage.directory.getDelegation(target);
      return {
        request: { method: 'PUT', path: `/api/admin/delegations/${target}/roles`, body: { roles } },
        verify: async (_res, ok) => {
          const after = await world.storage.directory.getDelegation(target);
          expect(after?.roles).toEqual(ok ? roles : before?.roles);
          if (ok) {
            const audit = await world.storage.audit.list({ action: 'role.change', limit: 1 });
            expect(audit[0]).toMatchObject({ target, username: 'icmpd', detail: { before: before?.roles, after: roles } });
          }
        },
      };
    },
  },
  {
    route: 'PATCH /api/admin/people/:id',
    statuses:                                        [401,   401,    403,    403,   403,    403,     403,  403,     200],
    prepare: async (p, world) => {
      // Everyone else tries to disable the Chair (whose socket is a bystander); the Secretariat
      // disables Bulgaria's delegate (and enables the account again afterwards).
      const allowed = p.key === 'secretariat';
      const target = await personOf(world.storage, allowed ? 'bulgaria' : 'turkiye');
      return {
        request: { method: 'PATCH', path: `/api/admin/people/${target.id}`, body: { disabled: true } },
        verify: async (_res, ok) => {
          expect((await world.storage.directory.getPerson(target.id))?.disabled).toBe(ok);
          if (ok) {
            const again = await rawHttp(world.server.url, {
              method: 'PATCH',
              path: `/api/admin/people/${target.id}`,
              headers: { cookie: world.cookie('icmpd') },
              body: { disabled: false },
            });
            expect(again.status).toBe(200);
          }
        },
      };
    },
  },
  {
    route: 'POST /api/admin/invitations',
    statuses:                                        [401,   401,    403,    403,   403,    403,     403,  403,     201],
    prepare: async (p, world) => {
      const displayName = `Invited by ${p.key}`;
      return {
        request: { method: 'POST', path: '/api/admin/invitations', body: { delegationId: delegationOf(p), displayName } },
        verify: async (res, allowed) => {
          const invitations = await world.storage.directory.listInvitations();
          expect(invitations.some((i) => i.displayName === displayName)).toBe(allowed);
          if (allowed) expect(res.json).toMatchObject({ url: expect.stringMatching(/^\/invite\/[A-Za-z0-9_-]{40,}$/) });
        },
      };
    },
  },
  {
    route: 'GET /api/no-such-route',
    statuses:                                        [401,   401,    404,    404,   404,    404,     404,  404,     404],
    prepare: async () => ({ request: get('/api/no-such-route') }),
  },
];

/** True when the foreign Origin check refuses the request (state-changing methods only). */
function refusedByOrigin(p: Principal, method: string): boolean {
  return p.origin !== undefined && method !== 'GET' && method !== 'HEAD';
}

function apiRule(route: string, p: Principal, method: string, status: number): string {
  if (status === 401 && route.startsWith('POST /api/session')) return 'AC10';
  if (status === 401) return 'AC1';
  if (status === 403 && refusedByOrigin(p, method)) return 'AC4';
  if (route.includes('/api/admin/')) return 'AC8';
  if (route.includes('/api/invitations/')) return 'AC11';
  return 'AC1';
}

interface ApiCell {
  name: string;
  route: Route;
  principal: Principal;
  status: number;
}

const API_CELLS: ApiCell[] = ROUTES.flatMap((route) =>
  PRINCIPALS.map((principal, i) => {
    const status = route.statuses[i]!;
    const method = route.route.split(' ')[0]!;
    return {
      name: `${apiRule(route.route, principal, method, status)} ${route.route} · ${principal.label} → ${status}`,
      route,
      principal,
      status,
    };
  }),
);

describe('AC permission matrix: HTTP API (principals × routes)', () => {
  let world: World;
  /** Open sockets that no API call may disturb: the Chair's (a target) and a reader's. */
  const bystanders: RawClient[] = [];

  beforeAll(async () => {
    world = await startWorld();
    const base = collabUrl(world.server);
    bystanders.push(
      await connectSynced(base, 'declaration', { cookie: world.cookie('turkiye') }),
      await connectSynced(base, 'call-for-action', { cookie: world.cookie('germany') }),
    );
  });

  afterAll(async () => {
    for (const b of bystanders) b.close();
    await world?.stop();
  });

  async function runCell(
    { route, principal, status }: ApiCell,
    { checkAudit = true } = {},
  ): Promise<void> {
    const storage = world.storage;
    const { request, verify } = await route.prepare(principal, world);
    const heardBefore = bystanders.map((b) => b.received.length);
    const directoryBefore = await directorySnapshot(storage);
    const auditBefore = await lastAuditId(storage);
    const headers = { ...(await headersOf(world, principal)), ...request.headers };

    const res = await rawHttp(world.server.url, { ...request, headers });

    expect(res.status).toBe(status);
    const allowed = status < 400;
    if (!allowed) {
      // A JSON error that says what was wrong.
      expect(errorOf(res)).not.toBe('');
      if (status === 401 && !request.path.startsWith('/api/session'))
        expect(errorOf(res)).toMatch(principal.session === 'expired' ? /expired/ : /not signed in/);
      // Nothing in the directory changed.
      expect(await directorySnapshot(storage)).toEqual(directoryBefore);
    }
    if (checkAudit && (status === 401 || status === 403)) {
      const expected =
        route.audit?.(principal, status) ??
        (route.audit
          ? null
          : {
              action: `${request.method} ${request.path}`,
              outcome: 'refused' as const,
              username:
                status === 403 && !refusedByOrigin(principal, request.method)
                  ? principal.username
                  : null,
              detail: expect.objectContaining({ status }),
            });
      const audit = await auditSince(storage, auditBefore);
      if (expected) expect(audit).toContainEqual(expect.objectContaining(expected));
      else expect(audit).toEqual([]);
    }
    await verify?.(res, allowed);
    // The open sockets were not touched: nothing received, still open.
    await Promise.all(bystanders.map((b) => roundTrip(b)));
    bystanders.forEach((b, i) => {
      expect(b.closeCode).toBeNull();
      expect(receivedSince(b, heardBefore[i]!).filter((m) => m.kind !== 'step2')).toEqual([]);
    });
  }

  for (const cell of API_CELLS) it(cell.name, () => runCell(cell));

  // ---- bad input: 400 (413 when too large) with a message naming what was wrong; nothing changes

  const LONG_PASSWORD = 'a-good-long-password';
  // prettier-ignore
  const BAD_INPUT: readonly BadInput[] = [
    // route                                       body (a string is sent as it is)                                    says
    ['POST /api/session',                          '{"username":',                                                     /JSON/],
    ['POST /api/session',                          'null',                                                             /JSON/],
    ['POST /api/session',                          {},                                                                 /"username" must be a string/],
    ['POST /api/session',                          { username: 'germany' },                                            /"password" must be a string/],
    ['POST /api/session',                          { username: 42, password: 'x' },                                    /"username" must be a string/],
    ['POST /api/session',                          { username: '  ', password: 'x' },                                  /"username" must be 1 to 100 characters/],
    ['POST /api/session',                          { username: 'germany', password: 'x'.repeat(1001) },                /"password" must be 1 to 1000 characters/],
    ['POST /api/session (text/plain)',             '{"username":"germany","password":"demo-password-2024"}',           /"username" must be a string/],
    ['POST /api/session',                          { username: 'germany', password: 'x'.repeat(1_100_000) },           /too large/, 413],
    ['POST /api/invitations/:token/accept',        '{"username":"a"',                                                  /JSON/],
    ['POST /api/invitations/:token/accept',        { password: LONG_PASSWORD },                                        /"username" must be a string/],
    ['POST /api/invitations/:token/accept',        { username: 'ab', password: LONG_PASSWORD },                        /user name must be 3 to 40/],
    ['POST /api/invitations/:token/accept',        { username: 'two words', password: LONG_PASSWORD },                 /user name must be 3 to 40/],
    ['POST /api/invitations/:token/accept',        { username: 'newcomer', password: 'short' },                        /"password" must be 10 to 1000 characters/],
    ['POST /api/invitations/:token/accept',        { username: 'newcomer', password: 12345678901234 },                 /"password" must be a string/],
    ['GET /api/admin/audit?limit=abc',             undefined,                                                          /"limit" must be 1 to 5000/],
    ['GET /api/admin/audit?limit=0',               undefined,                                                          /"limit" must be 1 to 5000/],
    ['GET /api/admin/audit?limit=5001',            undefined,                                                          /"limit" must be 1 to 5000/],
    ['POST /api/admin/delegations',                '{"name":"Atlantis",',                                              /JSON/],
    ['POST /api/admin/delegations',                {},                                                                 /"name" must be a string/],
    ['POST /api/admin/delegations',                { name: 'Atlantis' },                                               /"kind" must be participating-state, observer-state or organisation/],
    ['POST /api/admin/delegations',                { name: 'Atlantis', kind: 'empire' },                               /"kind" must be/],
    ['POST /api/admin/delegations',                { name: 'Atlantis', kind: 'organisation', roles: 'chair' },         /"roles" must be a list of: chair, co-chair, secretariat, reference-group/],
    ['POST /api/admin/delegations',                { name: 'Atlantis', kind: 'organisation', roles: ['emperor'] },     /"roles" must be a list/],
    ['POST /api/admin/delegations',                { name: '!!!', kind: 'organisation' },                              /"name" must contain letters or digits/],
    ['POST /api/admin/delegations',                { name: 'x'.repeat(121), kind: 'organisation' },                    /"name" must be 1 to 120 characters/],
    ['PUT /api/admin/delegations/germany/roles',   '{"roles":[',                                                       /JSON/],
    ['PUT /api/admin/delegations/germany/roles',   {},                                                                 /"roles" must be a list/],
    ['PUT /api/admin/delegations/germany/roles',   { roles: 'chair' },                                                 /"roles" must be a list/],
    ['PUT /api/admin/delegations/germany/roles',   { roles: ['chair', 7] },                                            /"roles" must be a list/],
    ['PUT /api/admin/delegations/germany/roles',   [],                                                                 /"roles" must be a list/],
    ['PATCH /api/admin/people/<germany>',          '{"disabled":tru',                                                  /JSON/],
    ['PATCH /api/admin/people/<germany>',          {},                                                                 /"disabled" must be true or false/],
    ['PATCH /api/admin/people/<germany>',          { disabled: 'true' },                                               /"disabled" must be true or false/],
    ['PATCH /api/admin/people/<germany>',          { disabled: 1 },                                                    /"disabled" must be true or false/],
    ['POST /api/admin/invitations',                '{"delegationId"',                                                  /JSON/],
    ['POST /api/admin/invitations',                {},                                                                 /"delegationId" must be a string/],
    ['POST /api/admin/invitations',                { delegationId: 'germany' },                                        /"displayName" must be a string/],
    ['POST /api/admin/invitations',                { delegationId: 42, displayName: 'A' },                             /"delegationId" must be a string/],
    ['POST /api/admin/invitations',                { delegationId: 'germany', displayName: '   ' },                    /"displayName" must be 1 to 120 characters/],
    ['POST /api/admin/invitations',                { delegationId: 'germany', displayName: 'x'.repeat(121) },          /"displayName" must be 1 to 120 characters/],
  ];

  describe('AC12 bad input to an API route', () => {
    BAD_INPUT.forEach(([route, body, says, status = 400], i) => {
      const shown =
        body === undefined
          ? ''
          : typeof body === 'string'
            ? ` ${body.length > 60 ? `${body.slice(0, 60)}…` : body}`
            : ` ${JSON.stringify(body).slice(0, 60)}`;
      it(`AC12 ${route}${shown} → ${status} ${says.source} (#${i + 1})`, async () => {
        const [method, rawPath] = route.split(' ') as [string, string];
        const germany = await personOf(world.storage, 'germany');
        const target = rawPath
          .replace('<germany>', germany.id)
          .replace(':token', 'not-a-real-invitation-token');
        const headers: Record<string, string> = { cookie: world.cookie('icmpd') };
        if (route.includes('(text/plain)')) headers['content-type'] = 'text/plain';
        else if (typeof body === 'string') headers['content-type'] = 'application/json';
        const directoryBefore = await directorySnapshot(world.storage);
        const auditBefore = await lastAuditId(world.storage);

        const res = await rawHttp(world.server.url, { method, path: target, headers, body });

        expect(res.status).toBe(status);
        expect(errorOf(res)).toMatch(says);
        expect(cookieOf(res)).toBeNull();
        expect(await directorySnapshot(world.storage)).toEqual(directoryBefore);
        expect(await auditSince(world.storage, auditBefore)).toEqual([]);
      });
    });
  });
});

/** A route, a request body, the message the 400 must contain, and the status if not 400. */
type BadInput = readonly [route: string, body: unknown, says: RegExp, status?: number];
