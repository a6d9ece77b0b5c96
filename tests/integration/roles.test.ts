import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { CloseCode } from '@accord/shared';
import { hashToken, newToken, type AuditEntry } from '../../server/src/index.js';
import { SignedInServer, collabUrl, signIn } from '../helpers/server.js';
import { firstBody, textOf, type RawClient } from '../helpers/yclient.js';
import { waitFor } from '../helpers/wait.js';
import {
  auditSince,
  connectSynced,
  cookieOf,
  errorOf,
  lastAuditId,
  localEdit,
  personOf,
  rawHttp,
  rawUpgrade,
  receivedSince,
  roundTrip,
  storedState,
  updateAs,
  writeAndWait,
  type RawResponse,
} from '../helpers/access.js';

// Rights that change while people are connected, invitations and the audit trail
// (shared/SPEC.md AC8-AC11).

const DOC = 'declaration';
type User = 'icmpd' | 'turkiye' | 'hungary' | 'germany' | 'pakistan';

let world: SignedInServer;
const open: RawClient[] = [];

beforeAll(async () => {
  const users: User[] = ['icmpd', 'turkiye', 'hungary', 'germany', 'pakistan'];
  world = await SignedInServer.start(users);
});

afterAll(async () => {
  for (const c of open) c.close();
  await world?.stop();
});

const cookie = (user: User): string => world.cookie(user);

/** A raw socket with this cookie, closed after the file. */
async function connect(cookieValue: string, doc = DOC): Promise<RawClient> {
  const client = await connectSynced(collabUrl(world.server), doc, { cookie: cookieValue });
  open.push(client);
  return client;
}

/** A raw JSON request with a session cookie (or none). */
function api(
  method: string,
  path: string,
  cookieValue: string | null,
  body?: unknown,
): Promise<RawResponse> {
  return rawHttp(world.server.url, {
    method,
    path,
    headers: cookieValue ? { cookie: cookieValue } : {},
    body,
  });
}

/** A request of the Secretariat. */
const asSecretariat = (method: string, path: string, body?: unknown) =>
  api(method, path, cookie('icmpd'), body);

/** A pen-holder's write that every listener must get; returns once `listener` has it. */
async function sentinel(listener: RawClient): Promise<void> {
  const pen = await connect(cookie('icmpd'));
  const text = ` sentinel-${Math.random().toString(36).slice(2)} `;
  await writeAndWait(
    pen,
    localEdit(pen, (d) => firstBody(d).insert(0, text)),
  );
  await waitFor(() => textOf(listener.doc).includes(text), 'the sentinel');
  pen.close();
}

describe('AC9 rights are re-checked when they change', () => {
  it("AC9 revoking the Chair role closes Türkiye's open sockets with 4403; a new socket is read-only; granting the role back allows writing", async () => {
    const bystander = await connect(cookie('hungary'));
    const chairDeclaration = await connect(cookie('turkiye'));
    const chairCallForAction = await connect(cookie('turkiye'), 'call-for-action');
    const reader = await connect(cookie('germany'));

    const revoked = await asSecretariat('PUT', '/api/admin/delegations/turkiye/roles', {
      roles: ['reference-group'],
    });
    expect(revoked.status).toBe(200);
    expect(revoked.json).toMatchObject({ id: 'turkiye', roles: ['reference-group'] });
    expect(await chairDeclaration.closed()).toBe(CloseCode.Forbidden);
    expect(chairDeclaration.closeReason).toMatch(/read-only/);
    expect(await chairCallForAction.closed()).toBe(CloseCode.Forbidden);
    // Nobody else was disturbed.
    for (const c of [bystander, reader]) expect(c.closeCode).toBeNull();

    // The session lives on, without the right to edit.
    const session = await api('GET', '/api/session', cookie('turkiye'));
    expect(session.status).toBe(200);
    expect(session.json).toMatchObject({
      delegation: { id: 'turkiye', roles: ['reference-group'] },
    });
    expect((session.json as { capabilities: string[] }).capabilities).not.toContain('text.edit');

    // A new socket opens (reading is still allowed) but its writes are dropped.
    const readOnly = await connect(cookie('turkiye'));
    const heardBefore = bystander.received.length;
    const auditBefore = await lastAuditId(world.storage);
    const refusedText = ' Written without the pen. ';
    // Made on a copy: the socket's own doc stays as the server has it.
    const refused = updateAs(readOnly.doc, readOnly.doc.clientID, (d) =>
      firstBody(d).insert(0, refusedText),
    );
    const refusedDigest = readOnly.sendUpdate(refused);
    await roundTrip(readOnly);
    expect(readOnly.saved.some((s) => s.digest === refusedDigest)).toBe(false);
    expect(readOnly.closeCode).toBeNull();
    await sentinel(bystander);
    expect(receivedSince(bystander, heardBefore).map((m) => m.kind)).toEqual(['update']);
    const stored = await storedState(world.storage, DOC);
    expect(stored.text).not.toContain(refusedText.trim());
    expect(stored.text).toBe(textOf(bystander.doc));
    const turkiye = await personOf(world.storage, 'turkiye');
    expect(await auditSince(world.storage, auditBefore)).toContainEqual(
      expect.objectContaining({
        action: 'document.write',
        outcome: 'refused',
        personId: turkiye.id,
        target: DOC,
      }),
    );

    // The role comes back: the open socket may write from now on, and so may a new one.
    const granted = await asSecretariat('PUT', '/api/admin/delegations/turkiye/roles', {
      roles: ['chair', 'reference-group'],
    });
    expect(granted.status).toBe(200);
    expect(readOnly.closeCode).toBeNull();
    // The open socket is told at once, so its editor becomes editable without a reload.
    await waitFor(() => readOnly.access.at(-1)?.canWrite === true, 'the ACCESS notice');
    const allowedText = ' Written with the pen again. ';
    await writeAndWait(
      readOnly,
      updateAs(readOnly.doc, readOnly.doc.clientID, (d) => firstBody(d).insert(0, allowedText)),
    );
    await waitFor(() => textOf(bystander.doc).includes(allowedText), 'the bystander');
    const fresh = await connect(cookie('turkiye'));
    await writeAndWait(
      fresh,
      localEdit(fresh, (d) => firstBody(d).insert(0, ' And from a new socket. ')),
    );
    const after = await storedState(world.storage, DOC);
    expect(after.text).toContain(allowedText.trim());
    expect(after.text).toContain('And from a new socket.');

    const changes = await world.storage.audit.list({ action: 'role.change', limit: 2 });
    expect(changes.reverse()).toEqual([
      expect.objectContaining({
        target: 'turkiye',
        username: 'icmpd',
        delegationId: 'icmpd',
        outcome: 'ok',
        detail: { before: ['chair', 'reference-group'], after: ['reference-group'] },
      }),
      expect.objectContaining({
        target: 'turkiye',
        detail: { before: ['reference-group'], after: ['chair', 'reference-group'] },
      }),
    ]);
  });

  it('AC9 disabling an account closes its sockets with 4401 and its cookie stops working; enabled again, the person signs in anew', async () => {
    const person = await personOf(world.storage, 'hungary');
    const own = await signIn(world.server, 'hungary');
    const sockets = [await connect(own), await connect(own, 'call-for-action')];
    const bystander = await connect(cookie('germany'));

    const disabled = await asSecretariat('PATCH', `/api/admin/people/${person.id}`, {
      disabled: true,
    });
    expect(disabled.status).toBe(200);
    expect(disabled.json).toMatchObject({ id: person.id, username: 'hungary', disabled: true });
    expect(disabled.json).not.toHaveProperty('passwordHash');
    for (const s of sockets) {
      expect(await s.closed()).toBe(CloseCode.Unauthenticated);
      expect(s.closeReason).toMatch(/disabled/);
    }
    expect(bystander.closeCode).toBeNull();

    // Every session of the account is gone: HTTP and upgrade both refuse the old cookies.
    for (const c of [own, cookie('hungary')]) {
      expect((await api('GET', '/api/session', c)).status).toBe(401);
      const upgrade = await rawUpgrade(world.server.url, `/collab/${DOC}`, { cookie: c });
      expect(upgrade.status).toBe(401);
    }
    // Signing in again with the right password is refused, and audited as a disabled account.
    const auditBefore = await lastAuditId(world.storage);
    const again = await api('POST', '/api/session', null, {
      username: 'hungary',
      password: 'demo-password-2024',
    });
    expect(again.status).toBe(401);
    expect(cookieOf(again)).toBeNull();
    expect(await auditSince(world.storage, auditBefore)).toContainEqual(
      expect.objectContaining({
        action: 'sign-in',
        outcome: 'refused',
        username: 'hungary',
        detail: { reason: 'account disabled' },
      }),
    );

    const enabled = await asSecretariat('PATCH', `/api/admin/people/${person.id}`, {
      disabled: false,
    });
    expect(enabled.status).toBe(200);
    // The old sessions stay dead; a new sign-in works and may write again.
    expect((await api('GET', '/api/session', own)).status).toBe(401);
    await world.signIn('hungary');
    const back = await connect(cookie('hungary'));
    await writeAndWait(
      back,
      localEdit(back, (d) => firstBody(d).insert(0, ' The Co-Chair is back. ')),
    );
    const actions = (await world.storage.audit.list({ limit: 50 }))
      .filter((e) => e.target === person.id)
      .map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['person.disable', 'person.enable']));
  });

  it('AC8 the Secretariat cannot disable its own account (409)', async () => {
    const self = await personOf(world.storage, 'icmpd');
    const res = await asSecretariat('PATCH', `/api/admin/people/${self.id}`, { disabled: true });
    expect(res.status).toBe(409);
    expect(errorOf(res)).toMatch(/your own account/);
    expect((await world.storage.directory.getPerson(self.id))?.disabled).toBe(false);
    expect((await api('GET', '/api/session', cookie('icmpd'))).status).toBe(200);
  });

  it('AC8 roles, people and delegations that do not exist are 404 and change nothing', async () => {
    const roles = await asSecretariat('PUT', '/api/admin/delegations/atlantis/roles', {
      roles: ['chair'],
    });
    expect(roles.status).toBe(404);
    expect(errorOf(roles)).toMatch(/atlantis/);
    const person = await asSecretariat('PATCH', '/api/admin/people/nobody', { disabled: true });
    expect(person.status).toBe(404);
    const invitation = await asSecretariat('POST', '/api/admin/invitations', {
      delegationId: 'atlantis',
      displayName: 'Someone',
    });
    expect(invitation.status).toBe(404);
    expect(await world.storage.directory.getDelegation('atlantis')).toBeNull();
    expect(
      (await world.storage.directory.listInvitations()).some((i) => i.delegationId === 'atlantis'),
    ).toBe(false);
  });
});

describe('AC11 invitation links', () => {
  /** Creates an invitation as the Secretariat and returns the token of its link. */
  async function invite(delegationId: string, displayName: string): Promise<string> {
    const res = await asSecretariat('POST', '/api/admin/invitations', {
      delegationId,
      displayName,
    });
    expect(res.status).toBe(201);
    const url = (res.json as { url: string }).url;
    expect(url).toMatch(/^\/invite\/[A-Za-z0-9_-]{40,}$/);
    return url.slice('/invite/'.length);
  }

  it('AC11 an invitation link creates an account of its delegation that can sign in, read and not write; the link works once', async () => {
    const token = await invite('germany', 'Second Delegate of Germany');
    const offer = await api('GET', `/api/invitations/${token}`, null);
    expect(offer.status).toBe(200);
    expect(offer.json).toMatchObject({
      delegation: { id: 'germany', name: 'Germany', kind: 'participating-state' },
      displayName: 'Second Delegate of Germany',
    });

    const accepted = await api('POST', `/api/invitations/${token}/accept`, null, {
      username: 'germany-two',
      password: 'a-good-long-password',
    });
    expect(accepted.status).toBe(201);
    expect(accepted.json).toMatchObject({
      person: { username: 'germany-two', displayName: 'Second Delegate of Germany' },
      delegation: { id: 'germany' },
    });
    expect([...(accepted.json as { capabilities: string[] }).capabilities].sort()).toEqual([
      'amendment.position',
      'amendment.propose',
      'presence.send',
      'text.read',
    ]);
    const newCookie = cookieOf(accepted);
    expect(newCookie).toMatch(/^accord_session=/);
    expect(accepted.headers['set-cookie']?.[0]).toMatch(/HttpOnly/);
    expect(accepted.headers['set-cookie']?.[0]).toMatch(/SameSite=Strict/);
    expect((await api('GET', '/api/session', newCookie)).status).toBe(200);

    // The account signs in with the password chosen, and reads the text but cannot write it.
    const signedIn = await signIn(world.server, 'germany-two', 'a-good-long-password');
    const socket = await connect(signedIn);
    expect(textOf(socket.doc)).toBe((await storedState(world.storage, DOC)).text);
    const digest = socket.sendUpdate(
      updateAs(socket.doc, socket.doc.clientID, (d) => firstBody(d).insert(0, 'Invited edit ')),
    );
    await roundTrip(socket);
    expect(socket.saved.some((s) => s.digest === digest)).toBe(false);
    expect((await storedState(world.storage, DOC)).text).not.toContain('Invited edit');

    // The link is spent.
    const twice = await api('POST', `/api/invitations/${token}/accept`, null, {
      username: 'germany-three',
      password: 'a-good-long-password',
    });
    expect(twice.status).toBe(410);
    expect(errorOf(twice)).toMatch(/already been used/);
    expect(cookieOf(twice)).toBeNull();
    expect(await world.storage.directory.findPersonByUsername('germany-three')).toBeNull();
    expect((await api('GET', `/api/invitations/${token}`, null)).status).toBe(410);

    const person = await personOf(world.storage, 'germany-two');
    expect(person.delegationId).toBe('germany');
    const stored = (await world.storage.directory.listInvitations()).find(
      (i) => i.displayName === 'Second Delegate of Germany',
    );
    expect(stored).toMatchObject({ usedBy: person.id, usedAt: expect.any(String) });
    const audit = await world.storage.audit.list({ limit: 50 });
    expect(audit).toContainEqual(
      expect.objectContaining({ action: 'invitation.create', username: 'icmpd' }),
    );
    expect(audit).toContainEqual(
      expect.objectContaining({
        action: 'invitation.accept',
        personId: person.id,
        delegationId: 'germany',
      }),
    );
  });

  it('AC11 an unknown link is 404 and an expired link is 410; neither creates an account', async () => {
    for (const method of ['GET', 'POST'] as const) {
      const res =
        method === 'GET'
          ? await api('GET', '/api/invitations/no-such-link', null)
          : await api('POST', '/api/invitations/no-such-link/accept', null, {
              username: 'nobody-new',
              password: 'a-good-long-password',
            });
      expect(res.status).toBe(404);
      expect(errorOf(res)).toMatch(/not valid/);
    }
    const token = newToken();
    const creator = await personOf(world.storage, 'icmpd');
    await world.storage.directory.createInvitation(hashToken(token), {
      delegationId: 'pakistan',
      displayName: 'Late Delegate',
      createdBy: creator.id,
      createdAt: new Date(Date.now() - 20 * 86_400_000).toISOString(),
      expiresAt: new Date(Date.now() - 86_400_000).toISOString(),
    });
    expect((await api('GET', `/api/invitations/${token}`, null)).status).toBe(410);
    const late = await api('POST', `/api/invitations/${token}/accept`, null, {
      username: 'late-delegate',
      password: 'a-good-long-password',
    });
    expect(late.status).toBe(410);
    expect(errorOf(late)).toMatch(/expired/);
    expect(await world.storage.directory.findPersonByUsername('late-delegate')).toBeNull();
  });

  it('AC11 a taken user name is 409 and leaves the invitation usable', async () => {
    const token = await invite('pakistan', 'Second Delegate of Pakistan');
    for (const username of ['germany', 'GERMANY', ' icmpd ']) {
      const taken = await api('POST', `/api/invitations/${token}/accept`, null, {
        username,
        password: 'a-good-long-password',
      });
      expect(taken.status).toBe(409);
      expect(errorOf(taken)).toMatch(/is taken/);
      expect(cookieOf(taken)).toBeNull();
    }
    // The existing accounts are untouched.
    expect((await personOf(world.storage, 'germany')).delegationId).toBe('germany');
    const ok = await api('POST', `/api/invitations/${token}/accept`, null, {
      username: 'pakistan-two',
      password: 'a-good-long-password',
    });
    expect(ok.status).toBe(201);
    expect(ok.json).toMatchObject({ delegation: { id: 'pakistan' } });
  });
});

describe('AC10 the audit log', () => {
  it('AC10 it holds sign-ins, failed sign-ins with the name tried, role changes with before and after, and refused writes', async () => {
    const since = await lastAuditId(world.storage);
    const germany = await personOf(world.storage, 'germany');
    const pakistan = await personOf(world.storage, 'pakistan');
    await world.signIn('germany');
    for (const username of ['pakistan', 'nobody-at-all']) {
      const res = await api('POST', '/api/session', null, { username, password: 'wrong-guess' });
      expect(res.status).toBe(401);
      // The same answer whether or not the account exists.
      expect(errorOf(res)).toBe('wrong user name or password');
    }
    const change = await asSecretariat('PUT', '/api/admin/delegations/iraq/roles', {
      roles: ['reference-group', 'co-chair'],
    });
    expect(change.status).toBe(200);
    const reader = await connect(cookie('germany'));
    reader.sendUpdate(
      updateAs(reader.doc, reader.doc.clientID, (d) => firstBody(d).insert(0, 'Unauthorised ')),
    );
    await roundTrip(reader);

    const res = await asSecretariat('GET', '/api/admin/audit?limit=100');
    expect(res.status).toBe(200);
    const entries = (res.json as AuditEntry[]).filter((e) => e.id > since);
    expect(entries).toContainEqual(
      expect.objectContaining({
        action: 'sign-in',
        outcome: 'ok',
        username: 'germany',
        personId: germany.id,
        delegationId: 'germany',
      }),
    );
    expect(entries).toContainEqual(
      expect.objectContaining({
        action: 'sign-in',
        outcome: 'refused',
        username: 'pakistan',
        personId: pakistan.id,
        delegationId: 'pakistan',
      }),
    );
    expect(entries).toContainEqual(
      expect.objectContaining({
        action: 'sign-in',
        outcome: 'refused',
        username: 'nobody-at-all',
        personId: null,
        delegationId: null,
      }),
    );
    expect(entries).toContainEqual(
      expect.objectContaining({
        action: 'role.change',
        outcome: 'ok',
        username: 'icmpd',
        delegationId: 'icmpd',
        target: 'iraq',
        detail: { before: ['reference-group'], after: ['reference-group', 'co-chair'] },
      }),
    );
    expect(entries).toContainEqual(
      expect.objectContaining({
        action: 'document.write',
        outcome: 'refused',
        username: 'germany',
        personId: germany.id,
        delegationId: 'germany',
        target: DOC,
      }),
    );
    // Every entry says when, by the server's clock, newest first.
    for (const e of entries) expect(Math.abs(Date.parse(e.at) - Date.now())).toBeLessThan(60_000);
    const ids = entries.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));

    // Readers of the text do not read the audit trail.
    expect((await api('GET', '/api/admin/audit', cookie('germany'))).status).toBe(403);
    await asSecretariat('PUT', '/api/admin/delegations/iraq/roles', { roles: ['reference-group'] });
    reader.close();
  });

  it('AC10 it is append-only in the database: UPDATE and DELETE fail and change nothing', () => {
    const db = new Database(path.join(world.dataDir, 'accord.sqlite'));
    try {
      db.pragma('busy_timeout = 5000');
      const before = db.prepare('SELECT * FROM audit_log ORDER BY id').all();
      expect(before.length).toBeGreaterThan(10);
      expect(() =>
        db.prepare("UPDATE audit_log SET outcome = 'ok' WHERE outcome = 'refused'").run(),
      ).toThrow(/append-only/);
      expect(() => db.prepare('UPDATE audit_log SET username = NULL WHERE id = 1').run()).toThrow(
        /append-only/,
      );
      expect(() => db.prepare('DELETE FROM audit_log WHERE id = 1').run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
      expect(db.prepare('SELECT * FROM audit_log ORDER BY id').all()).toEqual(before);
    } finally {
      db.close();
    }
  });
});
