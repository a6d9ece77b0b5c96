import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_ROUNDS,
  comparisonSchema,
  versionListSchema,
  versionResponseSchema,
  type Amendment,
  type ComparedBlock,
  type Comparison,
  type Round,
  type Version,
  type VersionSummary,
} from '@accord/shared';
import type { AccordServer } from '../../server/src/index.js';
import { collabUrl, signIn, startTestServer } from '../helpers/server.js';
import { stockClient, synced, type StockClient } from '../helpers/yclient.js';
import { blockIds, textOfBlock, typeInto } from '../helpers/amendments.js';
import { waitFor } from '../helpers/wait.js';

// Versions and the redline on a real server (issue 9, SPEC VR and CP). The rounds are not
// under test here: the server runs without a calendar (an ever-open text) and the test
// publishes through `server.versions` as RoundService does at a round's publication.

let server: AccordServer;
const cookies = new Map<string, string>();
let chairId: string;
let base: StockClient;
let draft: StockClient;
/** The declaration's block ids by label, as seeded. */
let ids: Record<string, string>;

const [zeroDraft, consolidated] = DEFAULT_ROUNDS as [Round, Round];
const AT_START = '2023-12-05T08:00:00.000Z';
const AT_PUBLISH = '2024-02-15T17:00:00.000Z';

async function call<T>(user: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      cookie: cookies.get(user)!,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T & { error?: string } };
}

const get = <T>(user: string, path: string) => call<T>(user, 'GET', path);

/** The block of a comparison. */
function blockOf(comparison: Comparison, id: string): ComparedBlock {
  const found = comparison.blocks.find((b) => b.id === id);
  if (!found) throw new Error(`no block ${id} in the comparison`);
  return found;
}

beforeAll(async () => {
  server = await startTestServer({ calendar: 'none' });
  for (const user of ['turkiye', 'germany', 'pakistan'])
    cookies.set(user, await signIn(server, user));
  const session = await get<{ person: { id: string } }>('turkiye', '/api/session');
  chairId = session.body.person.id;
  base = stockClient(collabUrl(server), 'declaration', cookies.get('turkiye')!);
  draft = stockClient(collabUrl(server), 'declaration/draft', cookies.get('germany')!);
  await Promise.all([synced(base), synced(draft)]);
  ids = blockIds(base.doc);
});

afterAll(async () => {
  base?.destroy();
  draft?.destroy();
  await server?.close();
});

describe('VR CP versions and the redline', () => {
  let pp1Start: string;
  let published: Version;

  it('VR4 a start version freezes each document the round starts from, once', async () => {
    pp1Start = textOfBlock(base.doc, ids.PP1!)!;
    const made = await server.versions.ensureStartVersion(zeroDraft, AT_START);
    expect(made.map((v) => v.documentId).sort()).toEqual(['call-for-action', 'declaration']);
    expect(made[0]).toMatchObject({ id: 'start-zero-draft', kind: 'start', createdBy: null });
    // Already frozen: nothing more.
    expect(await server.versions.ensureStartVersion(zeroDraft, AT_START)).toEqual([]);
  });

  it('VR1 VR3 publishing freezes the text, labels and amendments with their decisions; later edits do not change it', async () => {
    // Germany's amendment to PP1, accepted by the Chair; then the Chair types in OP1.
    await typeInto(draft, ids.PP1!, 0, 'Firmly ');
    const submitted = await call<{ amendments: Amendment[] }>(
      'germany',
      'POST',
      '/api/documents/declaration/amendments',
      { blockIds: [ids.PP1!], justification: 'Stronger.', language: 'en' },
    );
    expect(submitted.status, submitted.body.error).toBe(201);
    const amendment = submitted.body.amendments[0]!;
    const accepted = await call('turkiye', 'POST', `/api/amendments/${amendment.id}/decision`, {
      decision: 'accept',
    });
    expect(accepted.status, accepted.body.error).toBe(200);
    await waitFor(() => textOfBlock(base.doc, ids.PP1!)!.startsWith('Firmly '), 'the acceptance');
    await typeInto(base, ids.OP1!, 0, 'Resolutely ');
    const op1Published = textOfBlock(base.doc, ids.OP1!)!;

    const versions = await server.versions.publish(zeroDraft, AT_PUBLISH, chairId);
    expect(versions).toHaveLength(2);
    const answer = await get<Version>('pakistan', '/api/documents/declaration/versions/zero-draft');
    expect(answer.status).toBe(200);
    published = versionResponseSchema.parse(answer.body);
    expect(published).toMatchObject({
      id: 'zero-draft',
      kind: 'published',
      roundName: 'Zero draft',
      createdAt: AT_PUBLISH,
      createdBy: chairId,
    });
    const pp1 = published.blocks.find((b) => b.id === ids.PP1)!;
    expect(pp1).toMatchObject({ label: 'PP1', previousLabel: 'PP1', text: `Firmly ${pp1Start}` });
    expect(published.amendments).toEqual([
      expect.objectContaining({ id: amendment.id, status: 'accepted' }),
    ]);

    // Editing after publication leaves the version as it was.
    await typeInto(base, ids.OP1!, 0, 'Later ');
    const again = await get<Version>('pakistan', '/api/documents/declaration/versions/zero-draft');
    expect(again.body).toEqual(answer.body);
    expect(again.body.blocks.find((b) => b.id === ids.OP1)!.text).toBe(op1Published);
    // Publishing the round again keeps its versions.
    expect(await server.versions.publish(zeroDraft, '2024-03-01T00:00:00.000Z', null)).toEqual(
      versions,
    );
  });

  it('VR5 every participant lists a document’s versions, oldest first; VR6 publication is audited', async () => {
    const list = await get<VersionSummary[]>('pakistan', '/api/documents/declaration/versions');
    expect(list.status).toBe(200);
    expect(versionListSchema.parse(list.body).map((v) => v.id)).toEqual([
      'start-zero-draft',
      'zero-draft',
    ]);
    expect(list.body[1]).not.toHaveProperty('blocks');
    const audit = await get<{ action: string; target: string; personId: string }[]>(
      'turkiye',
      '/api/admin/audit',
    );
    expect(audit.body.filter((e) => e.action === 'version.publish')).toEqual([
      expect.objectContaining({ target: 'zero-draft', personId: chairId }),
    ]);
  });

  it('CP1 CP3 CP4 the redline between two versions names the accepted amendment’s delegation and the pen-holder', async () => {
    const answer = await get<Comparison>(
      'pakistan',
      '/api/documents/declaration/compare?from=start-zero-draft&to=zero-draft',
    );
    expect(answer.status, answer.body.error).toBe(200);
    const comparison = comparisonSchema.parse(answer.body);
    expect(comparison.from).toMatchObject({ id: 'start-zero-draft', kind: 'start' });
    expect(comparison.to).toMatchObject({ id: 'zero-draft', kind: 'published' });
    const amendment = published.amendments[0]!;
    expect(blockOf(comparison, ids.PP1!)).toMatchObject({
      label: 'PP1',
      status: 'changed',
      parts: [
        {
          kind: 'insert',
          text: 'Firmly ',
          author: {
            kind: 'amendment',
            amendmentId: amendment.id,
            number: 1,
            delegationId: 'germany',
          },
        },
        { kind: 'equal', text: pp1Start },
      ],
    });
    expect(blockOf(comparison, ids.OP1!).parts[0]).toEqual({
      kind: 'insert',
      text: 'Resolutely ',
      author: {
        kind: 'pen-holder',
        personId: chairId,
        delegationId: 'turkiye',
        name: expect.any(String),
        // The date of the change (issue 10's tracked-change exports).
        at: expect.any(String),
      },
    });
    // Blocks nobody touched are unchanged.
    expect(blockOf(comparison, ids.PP2!).status).toBe('unchanged');
  });

  it('CP1 CP3 the redline from a version to the live text attributes a socket edit to the pen-holder', async () => {
    const answer = await get<Comparison>(
      'germany',
      '/api/documents/declaration/compare?from=zero-draft&to=live',
    );
    expect(answer.status, answer.body.error).toBe(200);
    expect(answer.body.to).toMatchObject({ id: 'live', kind: 'live', name: 'Live text' });
    expect(blockOf(answer.body, ids.OP1!).parts[0]).toMatchObject({
      kind: 'insert',
      text: 'Later ',
      author: { kind: 'pen-holder', personId: chairId, delegationId: 'turkiye' },
    });
    expect(blockOf(answer.body, ids.PP1!).status).toBe('unchanged');
  });

  it('CP5 a comparison names what is wrong: 400 for a missing or unknown version, 404 for an unknown document', async () => {
    const cases: [string, number, RegExp][] = [
      ['/api/documents/declaration/compare?to=live', 400, /"from"/],
      ['/api/documents/declaration/compare?from=zero-draft', 400, /"to"/],
      ['/api/documents/declaration/compare?from=nowhere&to=live', 400, /no version "nowhere"/],
      ['/api/documents/declaration/compare?from=zero-draft&to=nowhere', 400, /"to".*"nowhere"/],
      [
        '/api/documents/declaration/compare?from=live&to=zero-draft',
        400,
        /"from" must be a version/,
      ],
      ['/api/documents/nowhere/compare?from=zero-draft&to=live', 404, /no document "nowhere"/],
      ['/api/documents/nowhere/versions', 404, /no document/],
      ['/api/documents/declaration/versions/nowhere', 404, /no version "nowhere"/],
    ];
    for (const [path, status, message] of cases) {
      const answer = await get<unknown>('germany', path);
      expect([path, answer.status]).toEqual([path, status]);
      expect(answer.body.error).toMatch(message);
    }
  });

  it('VR1 the next round publishes a new version, labelled cleanly from the last one', async () => {
    await server.versions.publish(consolidated, '2024-05-07T16:00:00.000Z', chairId);
    const list = await get<VersionSummary[]>('germany', '/api/documents/declaration/versions');
    expect(list.body.map((v) => v.id)).toEqual([
      'start-zero-draft',
      'zero-draft',
      'consolidated-draft',
    ]);
    const compared = await get<Comparison>(
      'germany',
      '/api/documents/declaration/compare?from=zero-draft&to=consolidated-draft',
    );
    expect(blockOf(compared.body, ids.OP1!).parts[0]).toMatchObject({
      kind: 'insert',
      text: 'Later ',
    });
  });
});

describe('VR1 VR4 versions through the rounds', () => {
  it('VR4 VR1 the seeded round starts from a start version and its publication freezes the next one', async () => {
    const rounds = await startTestServer({ calendar: 'budapest' });
    try {
      const chair = await signIn(rounds, 'turkiye');
      const ask = async (method: string, path: string, body?: unknown) => {
        const res = await fetch(`${rounds.url}${path}`, {
          method,
          headers: { cookie: chair, 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        return { status: res.status, body: (await res.json()) as unknown };
      };
      const listed = await ask('GET', '/api/documents/declaration/versions');
      expect((listed.body as VersionSummary[]).map((v) => v.id)).toEqual(['start-review-round']);
      for (const phase of ['consolidation', 'published']) {
        const moved = await ask('POST', '/api/rounds/review-round/phase', { phase });
        expect(moved.status, JSON.stringify(moved.body)).toBe(200);
      }
      const after = await ask('GET', '/api/documents/declaration/versions');
      expect((after.body as VersionSummary[]).map((v) => [v.id, v.kind])).toEqual([
        ['start-review-round', 'start'],
        ['review-round', 'published'],
      ]);
      const compared = await ask(
        'GET',
        '/api/documents/declaration/compare?from=start-review-round&to=review-round',
      );
      expect(compared.status).toBe(200);
      expect((compared.body as Comparison).blocks.every((b) => b.status === 'unchanged')).toBe(
        true,
      );
    } finally {
      await rounds.close();
    }
  });
});
