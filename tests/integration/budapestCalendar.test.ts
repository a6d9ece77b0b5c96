import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  Amendment,
  Comparison,
  Round,
  RoundList,
  SilenceProcedure,
  VersionSummary,
} from '@accord/shared';
import { ManualClock } from '../../server/src/time/ManualClock.js';
import { SignedInServer, collabUrl } from '../helpers/server.js';
import { stockClient, synced, type StockClient } from '../helpers/yclient.js';
import { api, blockIds, submit, typeInto } from '../helpers/amendments.js';

// "Done when" of issue 9, end to end on one server with the real dates of the Budapest Process
// 2024 (seed 004): the Secretariat runs the whole calendar from the zero draft to adoption —
// deadlines that hold, a Reference Group round, versions at every publication that can be
// compared with their authors, and a silence procedure that ends by itself.

const USERS = ['turkiye', 'icmpd', 'germany', 'pakistan'] as const;
const BUDAPEST = 'Europe/Budapest';
/** A wall-clock instant in Budapest, as the test reads the calendar ("2023-12-05 09:00"). */
const budapest = (wall: string): number => {
  const [date, time] = wall.split(' ') as [string, string];
  const probe = Date.parse(`${date}T${time}:00Z`);
  // Budapest is UTC+1 in winter and UTC+2 in summer; Intl says which for this day.
  const offset = new Intl.DateTimeFormat('en', { timeZone: BUDAPEST, timeZoneName: 'shortOffset' })
    .formatToParts(probe)
    .find((p) => p.type === 'timeZoneName')!
    .value.replace('GMT', '');
  return probe - Number(offset || '0') * 3_600_000;
};

let world: SignedInServer;
let clock: ManualClock;
const open: StockClient[] = [];

beforeAll(async () => {
  clock = new ManualClock(budapest('2023-11-20 09:00'));
  world = await SignedInServer.start(USERS, { clock, calendar: 'none' });
});
afterAll(async () => {
  for (const c of open) c.destroy();
  await world?.stop();
});

/** Moves the server's clock to a Budapest wall time; sessions are signed in again. */
async function at(wall: string): Promise<void> {
  clock.set(budapest(wall));
  await Promise.all(USERS.map((u) => world.signIn(u)));
}

async function phase(roundId: string, to: string): Promise<void> {
  const res = await api<Round & { error?: string }>(
    world,
    'icmpd',
    'POST',
    `/api/rounds/${roundId}/phase`,
    { phase: to },
  );
  expect(res.status, `${roundId} → ${to}: ${res.body.error ?? ''}`).toBe(200);
}

async function deadline(roundId: string, date: string, time = '23:59'): Promise<void> {
  const res = await api(world, 'icmpd', 'PATCH', `/api/rounds/${roundId}`, {
    deadline: { date, time, zone: BUDAPEST },
  });
  expect(res.status).toBe(200);
}

/** `user`'s delegation proposes `words` at the end of `label` in its working copy and submits. */
async function propose(user: string, label: string, words: string) {
  const copy = stockClient(collabUrl(world.server), 'declaration/draft', world.cookie(user));
  open.push(copy);
  await synced(copy);
  const blockId = blockIds(copy.doc)[label]!;
  await typeInto(copy, blockId, -1, words);
  const res = await submit(world, user, { blockIds: [blockId] });
  copy.destroy();
  return res;
}

describe('the Budapest calendar from zero draft to adoption (issue 9)', () => {
  const ids: Record<string, string> = {};

  it('RD1 RD3 the Secretariat plans the four rounds, the last a silence procedure', async () => {
    for (const [key, name, submitters, kind] of [
      ['zero', 'Zero draft', 'all', 'reading'],
      ['consolidated', 'Consolidated draft', 'reference-group', 'reading'],
      ['rg', 'Reference Group draft', 'all', 'reading'],
      ['final', 'Final text', 'all', 'silence'],
    ] as const) {
      const res = await api<Round>(world, 'icmpd', 'POST', '/api/rounds', {
        name,
        submitters,
        kind,
        observersMaySubmit: false,
      });
      expect(res.status).toBe(201);
      ids[key] = res.body.id;
    }
    const list = await api<RoundList>(world, 'germany', 'GET', '/api/rounds');
    expect(list.body.rounds.map((r) => [r.name, r.phase])).toEqual([
      ['Zero draft', 'not-started'],
      ['Consolidated draft', 'not-started'],
      ['Reference Group draft', 'not-started'],
      ['Final text', 'not-started'],
    ]);
  });

  it('zero draft: SOM Istanbul 5 Dec 2023, written feedback by 20 Dec, consolidation until 15 Feb 2024', async () => {
    await at('2023-12-05 09:00');
    await phase(ids.zero!, 'drafting');
    await deadline(ids.zero!, '2023-12-20');
    await phase(ids.zero!, 'feedback');
    await at('2023-12-19 16:00');
    const germany = await propose('germany', 'OP1', ' in full respect of international law');
    expect(germany.status).toBe(201);
    await at('2023-12-21 09:00');
    const late = await propose('pakistan', 'OP2', ' (late)');
    expect(late.status).toBe(409);
    expect(late.body.error).toContain('20 December 2023, 23:59 CET');
    await phase(ids.zero!, 'consolidation');
    const amendment = germany.body.amendments[0]!;
    const accepted = await api<Amendment>(
      world,
      'turkiye',
      'POST',
      `/api/amendments/${amendment.id}/decision`,
      { decision: 'accept' },
    );
    expect(accepted.status).toBe(200);
    await at('2024-02-15 18:00');
    await phase(ids.zero!, 'published');
  });

  it('consolidated draft: Reference Group input by 31 March, revised on 7 May 2024', async () => {
    await phase(ids.consolidated!, 'drafting');
    await deadline(ids.consolidated!, '2024-03-31');
    await phase(ids.consolidated!, 'feedback');
    await at('2024-03-30 12:00');
    expect((await propose('pakistan', 'OP3', ' (Reference Group)')).status).toBe(201);
    const outsider = await propose('germany', 'OP3', ' (not a member)');
    expect(outsider.status).toBe(403);
    await at('2024-04-02 09:00');
    await phase(ids.consolidated!, 'consolidation');
    await at('2024-05-07 18:00');
    await phase(ids.consolidated!, 'published');
    // Pakistan's undecided amendment is carried into the next round, visibly (RD14).
    const amendments = await api<Amendment[]>(
      world,
      'germany',
      'GET',
      '/api/documents/declaration/amendments',
    );
    expect(amendments.body.find((a) => a.delegationId === 'pakistan')).toMatchObject({
      status: 'submitted',
      roundId: ids.rg,
      carriedFrom: [ids.consolidated],
    });
  });

  it('Reference Group draft: written feedback and SOM Stockholm 27 June 2024', async () => {
    await phase(ids.rg!, 'drafting');
    await deadline(ids.rg!, '2024-06-27', '18:00');
    await phase(ids.rg!, 'feedback');
    await at('2024-06-27 17:59');
    expect((await propose('germany', 'OP2', ' and solidarity')).status).toBe(201);
    await at('2024-06-28 09:00');
    await phase(ids.rg!, 'consolidation');
    await at('2024-10-15 09:00');
    await phase(ids.rg!, 'published');
  });

  it('SI the final text goes under silence and is adopted at the Ministerial Conference by itself', async () => {
    await at('2024-10-20 09:00');
    const started = await api<SilenceProcedure>(world, 'turkiye', 'POST', '/api/silence', {
      roundId: ids.final,
      expiry: { date: '2024-11-11', time: '12:00', zone: BUDAPEST },
    });
    expect(started.status).toBe(201);
    // Nobody breaks silence; the server decides at the expiry on its own clock.
    clock.set(budapest('2024-11-11 12:01'));
    await world.server.scheduler.idle();
    await at('2024-11-12 18:00');
    const decided = await api<SilenceProcedure>(
      world,
      'germany',
      'GET',
      `/api/silence/${started.body.id}`,
    );
    expect(decided.body.state).toBe('adopted');
    const rounds = await api<RoundList>(world, 'germany', 'GET', '/api/rounds');
    expect(rounds.body.final).toBe(true);
    expect(rounds.body.rounds.every((r) => r.phase === 'published')).toBe(true);
    // Superseded, not dropped: no round follows the adoption (RD14).
    const amendments = await api<Amendment[]>(
      world,
      'germany',
      'GET',
      '/api/documents/declaration/amendments',
    );
    expect(amendments.body.filter((a) => a.status === 'submitted')).toEqual([]);
    expect(amendments.body.some((a) => a.status === 'superseded')).toBe(true);
  });

  it('VR CP every publication left a version, and the zero draft compares with the adopted text by author', async () => {
    const versions = await api<VersionSummary[]>(
      world,
      'germany',
      'GET',
      '/api/documents/declaration/versions',
    );
    const published = versions.body.filter((v) => v.kind === 'published').map((v) => v.roundId);
    expect(published).toEqual([ids.zero, ids.consolidated, ids.rg, ids.final]);
    const start = versions.body.find((v) => v.kind === 'start');
    expect(start?.roundId).toBe(ids.zero);
    const comparison = await api<Comparison>(
      world,
      'germany',
      'GET',
      `/api/documents/declaration/compare?from=${start!.id}&to=${ids.final}`,
    );
    expect(comparison.status).toBe(200);
    const op1 = comparison.body.blocks.find((b) => b.label === 'OP1')!;
    expect(op1.status).toBe('changed');
    const inserted = op1.parts.filter((p) => p.kind === 'insert');
    expect(inserted.map((p) => p.text).join('')).toContain('in full respect of international law');
    expect(inserted[0]!.author).toMatchObject({ kind: 'amendment', delegationId: 'germany' });
  });
});
