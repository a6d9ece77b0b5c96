import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { amendmentListSchema, type Amendment } from '@accord/shared';
import { SignedInServer, collabUrl } from '../helpers/server.js';
import { editAndSave, firstBody, stockClient, synced, textOf } from '../helpers/yclient.js';
import { waitFor } from '../helpers/wait.js';

// The whole cycle on a real server: draft in a working copy, submit, co-sponsor, accept.

let world: SignedInServer;

beforeAll(async () => {
  world = await SignedInServer.start(['germany', 'pakistan', 'turkiye']);
});
afterAll(async () => world?.stop());

async function api(user: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${world.server.url}${path}`, {
    method,
    headers: {
      cookie: world.cookie(user),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as unknown };
}

describe('WC AM the amendment cycle', () => {
  it('WC2 AM9 AM11 a delegation drafts, submits; another co-sponsors; the Chair accepts', async () => {
    const copy = stockClient(collabUrl(world.server), 'declaration/draft', world.cookie('germany'));
    const base = stockClient(collabUrl(world.server), 'declaration', world.cookie('turkiye'));
    await Promise.all([synced(copy), synced(base)]);
    const before = firstBody(copy.doc).toString();
    await editAndSave(copy, (doc) => firstBody(doc).insert(0, 'Firmly '));
    // The base is untouched.
    expect(firstBody(base.doc).toString()).toBe(before);
    const submitted = await api('germany', 'POST', '/api/documents/declaration/amendments', {
      all: true,
      justification: 'Stronger.',
      language: 'en',
    });
    expect(submitted.status).toBe(201);
    const [amendment] = (submitted.body as { amendments: Amendment[] }).amendments;
    expect(amendment).toMatchObject({
      number: 1,
      label: 'PP1',
      kind: 'modify',
      status: 'submitted',
    });
    const listed = await api('pakistan', 'GET', '/api/documents/declaration/amendments');
    expect(amendmentListSchema.parse(listed.body)).toHaveLength(1);
    const cos = await api('pakistan', 'POST', `/api/amendments/${amendment!.id}/position`, {
      position: 'cosponsor',
    });
    expect(cos.status).toBe(200);
    const refused = await api('pakistan', 'POST', `/api/amendments/${amendment!.id}/decision`, {
      decision: 'accept',
    });
    expect(refused.status).toBe(403);
    // A concurrent edit by the Chair elsewhere in the paragraph survives the acceptance.
    await editAndSave(base, (doc) => {
      const t = firstBody(doc);
      t.insert(t.length, ' (sic)');
    });
    const accepted = await api('turkiye', 'POST', `/api/amendments/${amendment!.id}/decision`, {
      decision: 'accept',
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    await waitFor(() => firstBody(base.doc).toString().startsWith('Firmly '), 'base to change');
    expect(firstBody(base.doc).toString()).toBe(`Firmly ${before} (sic)`);
    // The working copy follows the base and was reset: no duplicate "Firmly".
    await waitFor(
      () => firstBody(copy.doc).toString() === `Firmly ${before} (sic)`,
      'the working copy to follow',
    );
    expect(textOf(copy.doc)).toContain('Firmly');
    copy.destroy();
    base.destroy();
    void Y;
  });
});
