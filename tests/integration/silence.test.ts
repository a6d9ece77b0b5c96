import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { AccordServer } from '../../server/src/index.js';
import { openSqliteStorage, type Storage } from '../../server/src/index.js';
import { ManualClock } from '../../server/src/time/ManualClock.js';
import type { DocumentLabels, RoundList, SilenceList, SilenceProcedure } from '@accord/shared';
import { collabUrl, signIn, startTestServer, tempDataDir } from '../helpers/server.js';
import { connectSynced, localEdit, roundTripOrClose, storedDoc } from '../helpers/access.js';
import { firstBody, textOf } from '../helpers/yclient.js';

// The silence procedure end to end (issue 9, SPEC SI1–SI9): started through the API, decided by
// the server at expiry on its own clock, across a restart.

const T0 = Date.UTC(2024, 10, 1, 9, 0);
/** 18:00 in Budapest (CET) on 12 November 2024; silence holds to 18:00:59.999 (DL5). */
const EXPIRY = { date: '2024-11-12', time: '18:00', zone: 'Europe/Budapest' };
const AFTER_EXPIRY = Date.parse('2024-11-12T17:01:00.000Z');

/** A server on `dataDir` with no seeded rounds, reading time from `clock`. */
function start(dataDir: string, clock: ManualClock): Promise<AccordServer> {
  return startTestServer({ dataDir, clock, calendar: 'none' });
}

/** Calls the API with a session cookie. */
async function call<T>(
  server: AccordServer,
  cookie: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

/** A fresh negotiation with a silence round as its only round, and the procedure started. */
async function underSilence(server: AccordServer): Promise<SilenceProcedure> {
  const chair = await signIn(server, 'turkiye');
  const round = await call<{ id: string }>(server, chair, 'POST', '/api/rounds', {
    name: 'Silence procedure',
    kind: 'silence',
  });
  expect(round.status).toBe(201);
  const started = await call<SilenceProcedure>(server, chair, 'POST', '/api/silence', {
    roundId: round.body.id,
    expiry: EXPIRY,
  });
  expect(started.status, JSON.stringify(started.body)).toBe(201);
  return started.body;
}

/** The block ids of the declaration by label ("OP1"), as the server labels them. */
async function idsByLabel(server: AccordServer, cookie: string): Promise<Map<string, string>> {
  const res = await call<DocumentLabels>(
    server,
    cookie,
    'GET',
    '/api/documents/declaration/labels',
  );
  expect(res.status).toBe(200);
  return new Map(Object.entries(res.body.labels).map(([id, l]) => [l.short, id]));
}

describe('silence procedure (SI)', () => {
  const open: { server: AccordServer | null; storage: Storage | null } = {
    server: null,
    storage: null,
  };
  afterEach(async () => {
    await open.storage?.close();
    await open.server?.close();
    open.server = null;
    open.storage = null;
  });

  it('SI1 SI2 SI6 SI9 a procedure without a break is adopted at expiry by the server restarted after it: the text is final, a socket edit and an amendment are refused', async () => {
    const dataDir = tempDataDir();
    const clock = new ManualClock(T0);
    open.server = await start(dataDir, clock);
    const procedure = await underSilence(open.server);
    expect(procedure).toMatchObject({
      state: 'under-silence',
      expiry: { at: '2024-11-12T17:00:00.000Z', zone: 'Europe/Budapest' },
    });
    const germany = await signIn(open.server, 'germany');
    const rounds = await call<RoundList>(open.server, germany, 'GET', '/api/rounds');
    expect(rounds.body.rounds[0]).toMatchObject({ phase: 'feedback', deadline: procedure.expiry });

    // Stopped before the expiry, started again after it: decided at start, nobody connected.
    await open.server.close();
    clock.set(AFTER_EXPIRY + 3_600_000);
    open.server = await start(dataDir, clock);
    const cookie = await signIn(open.server, 'germany');
    const decided = await call<SilenceProcedure>(
      open.server,
      cookie,
      'GET',
      `/api/silence/${procedure.id}`,
    );
    expect(decided.body).toMatchObject({ state: 'adopted', decidedBy: null, breaks: [] });
    const after = await call<RoundList>(open.server, cookie, 'GET', '/api/rounds');
    expect(after.body.final).toBe(true);
    expect(after.body.rounds[0]!.phase).toBe('published');

    // The final text refuses every change: a pen-holder's socket edit is not stored…
    const chair = await signIn(open.server, 'turkiye');
    const pen = await connectSynced(collabUrl(open.server), 'declaration', { cookie: chair });
    const marker = 'Zanzibar-after-adoption';
    const digest = pen.sendUpdate(localEdit(pen, (d: Y.Doc) => firstBody(d).insert(0, marker)));
    await roundTripOrClose(pen);
    expect(pen.saved.some((s) => s.digest === digest)).toBe(false);
    pen.ws.close();
    open.storage = openSqliteStorage(dataDir);
    expect(textOf(await storedDoc(open.storage, 'declaration'))).not.toContain(marker);
    // …and so is an amendment.
    const amendment = await call<{ error: string }>(
      open.server,
      cookie,
      'POST',
      '/api/documents/declaration/amendments',
      { all: true, justification: 'Too late.' },
    );
    expect(amendment).toEqual({
      status: 409,
      body: { error: 'the text is final: it was adopted and can no longer change' },
    });

    const audit = await call<{ action: string }[]>(
      open.server,
      chair,
      'GET',
      '/api/admin/audit?limit=200',
    );
    const actions = JSON.stringify(audit.body);
    expect(actions).toContain('silence.start');
    expect(actions).toContain('silence.adopted');
  });

  it('SI4 SI5 SI6 SI7 a procedure broken on two paragraphs is not adopted, decided across a restart; a break after expiry is refused naming the expiry; observers cannot break', async () => {
    const dataDir = tempDataDir();
    const clock = new ManualClock(T0);
    open.server = await start(dataDir, clock);
    const procedure = await underSilence(open.server);
    const germany = await signIn(open.server, 'germany');
    const pakistan = await signIn(open.server, 'pakistan');
    const ids = await idsByLabel(open.server, germany);
    const op1 = ids.get('OP1')!;
    const op2 = ids.get('OP2')!;
    const path = `/api/silence/${procedure.id}/breaks`;

    // Observers and organisations may not break silence (SI4).
    for (const user of ['canada', 'iom']) {
      const refused = await call<{ error: string }>(
        open.server,
        await signIn(open.server, user),
        'POST',
        path,
        { documentId: 'declaration', blockIds: [op1], reason: 'We object.' },
      );
      expect(refused.status, user).toBe(403);
      expect(refused.body.error).toMatch(/observers and organisations may not/);
    }
    // A reason is required (SI5).
    const noReason = await call<{ error: string }>(open.server, germany, 'POST', path, {
      documentId: 'declaration',
      blockIds: [op1],
      reason: '   ',
    });
    expect(noReason).toEqual({
      status: 400,
      body: { error: 'breaking silence needs a written reason ("reason")' },
    });

    const first = await call<SilenceProcedure>(open.server, germany, 'POST', path, {
      documentId: 'declaration',
      blockIds: [op1, op2],
      reason: 'Our capital cannot accept the wording on return.',
    });
    expect(first.status).toBe(201);
    const second = await call<SilenceProcedure>(open.server, pakistan, 'POST', path, {
      documentId: 'declaration',
      blockIds: [op2],
      reason: 'Consultations are still under way.',
    });
    expect(second.body.breaks.map((b) => [b.delegationId, b.labels])).toEqual([
      ['germany', ['OP1', 'OP2']],
      ['pakistan', ['OP2']],
    ]);

    await open.server.close();
    clock.set(AFTER_EXPIRY);
    open.server = await start(dataDir, clock);
    const cookie = await signIn(open.server, 'germany');
    const list = await call<SilenceList>(open.server, cookie, 'GET', '/api/silence');
    expect(list.body.procedures).toHaveLength(1);
    expect(list.body.procedures[0]).toMatchObject({
      state: 'not-adopted',
      decidedAt: new Date(AFTER_EXPIRY).toISOString(),
    });
    const rounds = await call<RoundList>(open.server, cookie, 'GET', '/api/rounds');
    expect(rounds.body.final).toBe(false);
    expect(rounds.body.rounds[0]!.phase).toBe('consolidation');

    // SI7: one minute late is too late, and the refusal names the expiry in its own zone.
    const late = await call<{ error: string }>(open.server, cookie, 'POST', path, {
      documentId: 'declaration',
      blockIds: [op1],
      reason: 'Late.',
    });
    expect(late).toEqual({
      status: 409,
      body: { error: 'silence expired on 12 November 2024, 18:00 CET; it can no longer be broken' },
    });
  });

  it('SI6 the server decides at expiry while running, with nobody connected', async () => {
    const clock = new ManualClock(T0);
    open.server = await start(tempDataDir(), clock);
    const procedure = await underSilence(open.server);
    clock.set(AFTER_EXPIRY - 1);
    await open.server.scheduler.idle();
    const cookie = await signIn(open.server, 'germany');
    const still = await call<SilenceProcedure>(
      open.server,
      cookie,
      'GET',
      `/api/silence/${procedure.id}`,
    );
    expect(still.body.state).toBe('under-silence');
    clock.set(AFTER_EXPIRY);
    const server = open.server;
    await server.scheduler.idle();
    const decided = await call<SilenceProcedure>(
      server,
      cookie,
      'GET',
      `/api/silence/${procedure.id}`,
    );
    expect(decided.body.state).toBe('adopted');
  });

  it('SI8 the Chair withdraws before the expiry; the round goes to consolidation', async () => {
    const clock = new ManualClock(T0);
    open.server = await start(tempDataDir(), clock);
    const procedure = await underSilence(open.server);
    const germany = await signIn(open.server, 'germany');
    const path = `/api/silence/${procedure.id}/withdraw`;
    expect((await call(open.server, germany, 'POST', path, {})).status).toBe(403);
    const chair = await signIn(open.server, 'turkiye');
    const withdrawn = await call<SilenceProcedure>(open.server, chair, 'POST', path, {});
    expect(withdrawn.body).toMatchObject({ state: 'withdrawn' });
    const rounds = await call<RoundList>(open.server, chair, 'GET', '/api/rounds');
    expect(rounds.body.rounds[0]!.phase).toBe('consolidation');
    clock.set(AFTER_EXPIRY);
    await open.server.scheduler.idle();
    // Days later the session has expired: sign in again.
    const later = await call<SilenceProcedure>(
      open.server,
      await signIn(open.server, 'turkiye'),
      'GET',
      `/api/silence/${procedure.id}`,
    );
    expect(later.body.state).toBe('withdrawn');
  });
  it('SI under silence the text is no longer amended or commented, and only the procedure moves its round; readers connecting see it', async () => {
    const clock = new ManualClock(T0);
    open.server = await start(tempDataDir(), clock);
    const procedure = await underSilence(open.server);
    const germany = await signIn(open.server, 'germany');
    const amend = await call<{ error: string }>(
      open.server,
      germany,
      'POST',
      '/api/documents/declaration/amendments',
      { all: true, justification: '', language: 'en' },
    );
    expect(amend.status).toBe(409);
    expect(amend.body.error).toContain('breaks silence');
    const comment = await call(open.server, germany, 'POST', '/api/documents/declaration/threads', {
      anchor: { type: 'document' },
      visibility: 'public',
      text: 'An objection outside the procedure.',
    });
    expect(comment.status).toBe(409);
    const chair = await signIn(open.server, 'turkiye');
    const moved = await call<{ error: string }>(
      open.server,
      chair,
      'POST',
      `/api/rounds/${procedure.roundId}/phase`,
      { phase: 'consolidation' },
    );
    expect(moved.status).toBe(409);
    expect(moved.body.error).toContain('withdraw the procedure');
    const rounds = await call<RoundList>(open.server, chair, 'GET', '/api/rounds');
    expect(rounds.body.rounds[0]!.phase).toBe('feedback');

    // NF1: a reader connecting now gets the rounds and the procedure under way at once.
    const controller = new AbortController();
    const res = await fetch(`${open.server.url}/api/negotiation/events`, {
      headers: { cookie: germany },
      signal: controller.signal,
    });
    const reader = res.body!.getReader();
    let text = '';
    while (!text.includes('"type":"silence"')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    expect(text).toContain('"type":"rounds"');
    expect(text).toContain(`"id":"${procedure.id}"`);
  });
});
