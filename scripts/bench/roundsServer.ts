import { diffWords } from 'diff';
import { amendmentListSchema, comparisonSchema, type Comparison } from '@accord/shared';
import {
  CHAIR,
  api,
  draftChange,
  enlargeDeclaration,
  fillRound,
  paragraphs,
  prepareParticipants,
  signInAccount,
  signInAll,
} from './amendmentRound.js';
import { ROUND } from './amendmentsServer.js';
import { BenchClient, bodyTexts, sleep } from './clients.js';
import type { AccordPaths } from './coldJoin.js';
import type { BenchOptions } from './options.js';
import { fmt, formatTable, type Row } from './report.js';
import { addRound, movePhase, timedKeystroke, typeOneCharacter } from './roundSteps.js';
import { makeDataDir, removeDataDir, startAccord, type ServerProcess } from './servers.js';
import { median, percentiles } from './stats.js';

/** Keystrokes per block; blocks alternate which server goes first (A B, B A, …). */
const KEYSTROKES_PER_BLOCK = 50;
/** Unmeasured keystrokes on each server first: the clients' and servers' code is cold. */
const WARM_UP_KEYSTROKES = 30;
// The server re-reads open amendments 250 ms after a change to the base (AM13), and a phase
// change re-checks every connection; a measurement waits this long so as not to pay for them.
const SETTLE_MS = 1000;

/** How many repetitions of each part: bounded, smaller with --quick. */
function repetitions(options: BenchOptions): {
  blocks: number;
  publishes: number;
  edits: number[];
  compares: number;
} {
  return options.quick
    ? { blocks: 2, publishes: 2, edits: [20], compares: 3 }
    : { blocks: 6, publishes: 7, edits: [20, 200, 1000], compares: 9 };
}

/** One comparison checkpoint: the live text after `edits` edits since the first published version. */
export interface CompareCheckpoint {
  edits: number;
  /** Paragraphs the redline shows as changed (a sanity check that the edits are there). */
  changedBlocks: number;
  /** `GET …/compare?from=<first published>&to=live`, the request's time. */
  compareMs: number[];
  /** Reference: `diffWords` on the same two whole texts, in this process. */
  diffWordsMs: number[];
}

/** What the rounds benchmark measured. */
export interface RoundsServerResult {
  /** Keystroke → SAVED with a round in drafting (the gate judges every update). */
  gatedMs: number[];
  /** Reference: the same on a server without rounds (ACCORD_CALENDAR=none). */
  openMs: number[];
  words: number;
  paragraphs: number;
  fillMs: number;
  /** Pending amendments just before each publication, and carried into the next round by it. */
  pendingBefore: number[];
  carried: number[];
  /** `POST /api/rounds/:id/phase {"phase":"published"}`. */
  publishMs: number[];
  /** Reference: `GET /api/documents` then `GET …/amendments`, once. */
  touchMs: number[];
  compare: CompareCheckpoint[];
}

/**
 * Issue 9's costs on the server, each beside a reference in the same run: the rounds' gate on
 * the typing path (a round in drafting vs no rounds at all), publishing a round of a 15,000-word
 * declaration with 2,000 pending amendments (vs reading the same data once), and comparing the
 * first published version with the live text after N edits (vs `diffWords` on the two texts).
 */
export async function runRoundsServer(
  paths: AccordPaths,
  options: BenchOptions,
): Promise<RoundsServerResult> {
  const reps = repetitions(options);
  const gate = await measureGate(paths, options, reps.blocks);
  const rest = await measurePublishAndCompare(paths, options, reps);
  return { ...gate, ...rest };
}

/**
 * Two Accord servers on the seeded declaration, both started with ACCORD_CALENDAR=none; on one
 * the Chair then adds a round and moves it to drafting, so the gate judges every update there.
 * The Chair's stock client types one character at a time on each, alternating blocks.
 */
async function measureGate(
  paths: AccordPaths,
  options: BenchOptions,
  blocks: number,
): Promise<Pick<RoundsServerResult, 'gatedMs' | 'openMs'>> {
  const start = () =>
    startAccord(paths.repoRoot, paths.seedsDir, options.dataRoot, { nodeArgs: paths.nodeArgs });
  const servers: ServerProcess[] = [];
  const clients: BenchClient[] = [];
  try {
    const gated = await start();
    servers.push(gated);
    const open = await start();
    servers.push(open);
    const gatedHttp = httpOf(gated);
    const chairOf = (s: ServerProcess) => s.sessions.writer(0) ?? '';
    const roundId = await addRound(gatedHttp, chairOf(gated), 'Bench reading');
    await movePhase(gatedHttp, chairOf(gated), roundId, 'drafting');
    const rounds = await api(gatedHttp, chairOf(gated), 'GET', '/api/rounds');
    if ((rounds.body as { currentRoundId?: unknown }).currentRoundId !== roundId)
      throw new Error('the round in drafting is not the current round');
    const cases = [
      { name: 'round in drafting', server: gated, into: [] as number[], typed: 0 },
      { name: 'no rounds', server: open, into: [] as number[], typed: 0 },
    ];
    const typists = await Promise.all(
      cases.map(async (c) => {
        const client = new BenchClient(c.server.wsBase, 'declaration', chairOf(c.server));
        clients.push(client);
        await client.synced();
        return { ...c, client, texts: bodyTexts(client.doc) };
      }),
    );
    const type = async (t: (typeof typists)[number], count: number, measured: boolean) => {
      for (let k = 0; k < count; k++) {
        const ms = await timedKeystroke(t.client, typeOneCharacter(t.texts, t.typed++));
        if (measured) t.into.push(ms);
      }
    };
    process.stdout.write(`  gate: ${WARM_UP_KEYSTROKES} warm-up keystrokes on each server…`);
    for (const t of typists) await type(t, WARM_UP_KEYSTROKES, false);
    for (let b = 0; b < blocks; b++) {
      for (const t of b % 2 === 0 ? typists : [...typists].reverse())
        await type(t, KEYSTROKES_PER_BLOCK, true);
      process.stdout.write(` block ${b + 1}`);
    }
    process.stdout.write('\n');
    const [g, o] = typists;
    return { gatedMs: g?.into ?? [], openMs: o?.into ?? [] };
  } finally {
    for (const c of clients) c.destroy();
    for (const s of servers) await s.stop();
  }
}

/**
 * One server with the realistic round of issue 7 (65 delegations, ~15,000 words, 2,000
 * amendments submitted in the first round's feedback phase), then `publishes` rounds published
 * one after another, each carrying the pending amendments into the next; then, in the round
 * after, the Chair's edits and the comparisons of the first published version with the live text.
 */
async function measurePublishAndCompare(
  paths: AccordPaths,
  options: BenchOptions,
  reps: ReturnType<typeof repetitions>,
): Promise<Omit<RoundsServerResult, 'gatedMs' | 'openMs'>> {
  const dataDir = makeDataDir(options.dataRoot);
  try {
    const accounts = await prepareParticipants(dataDir, paths.seedsDir, ROUND.delegations);
    const server = await startAccord(paths.repoRoot, paths.seedsDir, options.dataRoot, {
      dataDir,
      nodeArgs: paths.nodeArgs,
    });
    try {
      const wsBase = server.wsBase;
      const httpBase = httpOf(server);
      const chair = await signInAccount(httpBase, CHAIR);
      // Without rounds the text is open to the Chair: enlarge it first, as in issue 7's bench.
      const text = await enlargeDeclaration(wsBase, chair, paths.seedsDir, ROUND.words);
      const signed = await signInAll(httpBase, accounts);
      const roundIds: string[] = [];
      for (let i = 0; i <= reps.publishes; i++)
        roundIds.push(await addRound(httpBase, chair, `Reading ${i + 1}`));
      const first = roundIds[0] ?? '';
      await movePhase(httpBase, chair, first, 'drafting');
      await movePhase(httpBase, chair, first, 'feedback');
      process.stdout.write(
        `  ${text.words} words in ${text.blockIds.length} paragraphs; filling the first round ` +
          `with ${ROUND.amendments} amendments from ${signed.length} delegations…`,
      );
      const fill = await fillRound(wsBase, httpBase, signed, text.blockIds, ROUND.amendments);
      process.stdout.write(` ${fmt(fill.ms / 1000)} s\n`);
      const out: Omit<RoundsServerResult, 'gatedMs' | 'openMs'> = {
        words: text.words,
        paragraphs: text.blockIds.length,
        fillMs: fill.ms,
        pendingBefore: [],
        carried: [],
        publishMs: [],
        touchMs: [],
        compare: [],
      };
      for (let i = 0; i < reps.publishes; i++) {
        const [roundId, next] = [roundIds[i] ?? '', roundIds[i + 1] ?? ''];
        if (i > 0) {
          await movePhase(httpBase, chair, roundId, 'drafting');
          await movePhase(httpBase, chair, roundId, 'feedback');
        }
        await movePhase(httpBase, chair, roundId, 'consolidation');
        out.pendingBefore.push(await pendingIn(httpBase, chair, roundId));
        await sleep(SETTLE_MS);
        const steps: (() => Promise<void>)[] = [
          async () => {
            out.publishMs.push(await movePhase(httpBase, chair, roundId, 'published'));
          },
          async () => {
            out.touchMs.push(await touch(httpBase, chair));
          },
        ];
        // Alternate which goes first, so that neither always runs on a quieter server.
        for (const step of i % 2 === 0 ? steps : [...steps].reverse()) {
          await step();
          await sleep(SETTLE_MS);
        }
        out.carried.push(await pendingIn(httpBase, chair, next));
        process.stdout.write(
          `  publication ${i + 1}: ${fmt(out.publishMs[i] ?? NaN)} ms with ` +
            `${out.pendingBefore[i] ?? 0} pending (${out.carried[i] ?? 0} carried over); ` +
            `documents + amendments read ${fmt(out.touchMs[i] ?? NaN)} ms\n`,
        );
      }
      // The round after the last publication is in drafting: the Chair edits the text there.
      await movePhase(httpBase, chair, roundIds[reps.publishes] ?? '', 'drafting');
      out.compare = await measureCompare(wsBase, httpBase, chair, first, reps);
      return out;
    } finally {
      await server.stop();
    }
  } finally {
    removeDataDir(dataDir);
  }
}

/**
 * The Chair edits one paragraph after another (a word inserted or deleted, each edit its own
 * update, saved before the next), and at each checkpoint the comparison of version `fromId`
 * with the live text is timed against `diffWords` on the two whole texts, alternating.
 */
async function measureCompare(
  wsBase: string,
  httpBase: string,
  chair: string,
  fromId: string,
  reps: ReturnType<typeof repetitions>,
): Promise<CompareCheckpoint[]> {
  const client = new BenchClient(wsBase, 'declaration', chair);
  const out: CompareCheckpoint[] = [];
  try {
    await client.synced();
    const paras = paragraphs(client.doc);
    // A stride coprime with any realistic count spreads the edits over the whole text.
    const stride = 37;
    let done = 0;
    for (const target of reps.edits) {
      for (; done < target; done++) {
        const para = paras[(done * stride) % paras.length];
        if (!para) throw new Error('no paragraph to edit');
        await timedKeystroke(client, () => draftChange(para.body, 700_000 + done));
      }
      await sleep(SETTLE_MS);
      const path = `/api/documents/declaration/compare?from=${encodeURIComponent(fromId)}&to=live`;
      const checkpoint: CompareCheckpoint = {
        edits: target,
        changedBlocks: 0,
        compareMs: [],
        diffWordsMs: [],
      };
      let texts: { before: string; after: string } | null = null;
      for (let r = 0; r < reps.compares; r++) {
        const steps: (() => Promise<void>)[] = [
          async () => {
            const res = await api(httpBase, chair, 'GET', path);
            if (res.status !== 200)
              throw new Error(`compare refused: ${res.status} ${JSON.stringify(res.body)}`);
            checkpoint.compareMs.push(res.ms);
            const comparison = comparisonSchema.parse(res.body);
            checkpoint.changedBlocks = comparison.blocks.filter(
              (b) => b.status !== 'unchanged',
            ).length;
            texts ??= wholeTexts(comparison);
          },
          () => {
            // The reference needs the texts: the first repetition runs the comparison first.
            if (!texts) throw new Error('no texts to diff yet');
            checkpoint.diffWordsMs.push(timeDiffWords(texts.before, texts.after));
            return Promise.resolve();
          },
        ];
        for (const step of r % 2 === 0 ? steps : [...steps].reverse()) await step();
      }
      process.stdout.write(
        `  compare after ${target} edits (${checkpoint.changedBlocks} paragraphs changed): ` +
          `${fmt(median(checkpoint.compareMs))} ms; diffWords ${fmt(median(checkpoint.diffWordsMs))} ms\n`,
      );
      out.push(checkpoint);
    }
    return out;
  } finally {
    client.destroy();
  }
}

/** The two whole texts a comparison is between, paragraph after paragraph, one per line. */
function wholeTexts(comparison: Comparison): { before: string; after: string } {
  const side = (skip: 'insert' | 'delete') =>
    comparison.blocks
      .map((b) =>
        b.parts
          .filter((p) => p.kind !== skip)
          .map((p) => p.text)
          .join(''),
      )
      .join('\n');
  return { before: side('insert'), after: side('delete') };
}

/** `diffWords` of the two texts, without attribution; its time in ms. */
function timeDiffWords(before: string, after: string): number {
  const t0 = performance.now();
  const changes = diffWords(before, after);
  const ms = performance.now() - t0;
  if (changes.length === 0) throw new Error('diffWords found nothing');
  return ms;
}

/** The reference for a publication: the document list and the amendment list, read once. */
async function touch(httpBase: string, cookie: string): Promise<number> {
  const documents = await api(httpBase, cookie, 'GET', '/api/documents');
  const amendments = await api(httpBase, cookie, 'GET', '/api/documents/declaration/amendments');
  if (documents.status !== 200 || amendments.status !== 200)
    throw new Error(`reading refused: ${documents.status}, ${amendments.status}`);
  return documents.ms + amendments.ms;
}

/** Pending (submitted, undecided) amendments of the declaration in round `roundId`. */
async function pendingIn(httpBase: string, cookie: string, roundId: string): Promise<number> {
  const res = await api(httpBase, cookie, 'GET', '/api/documents/declaration/amendments');
  return amendmentListSchema
    .parse(res.body)
    .filter((a) => a.status === 'submitted' && a.roundId === roundId).length;
}

function httpOf(server: ServerProcess): string {
  return server.wsBase.replace(/^ws/, 'http').replace(/\/collab$/, '');
}

/** The table: each measurement beside its reference, medians (and p95) over the repetitions. */
export function roundsServerTable(r: RoundsServerResult): string {
  const p95 = (xs: number[]) => percentiles(xs).p95;
  const rows: Row[] = [
    [
      'keystroke → SAVED, round in drafting vs none, median (ms)',
      median(r.gatedMs),
      median(r.openMs),
    ],
    ['keystroke → SAVED, round in drafting vs none, p95 (ms)', p95(r.gatedMs), p95(r.openMs)],
    [
      `publish, ${median(r.pendingBefore)} pending vs read docs + amendments, median (ms)`,
      median(r.publishMs),
      median(r.touchMs),
    ],
    ['publish vs read, p95 (ms)', p95(r.publishMs), p95(r.touchMs)],
  ];
  for (const c of r.compare) {
    rows.push([
      `compare with live after ${c.edits} edits vs diffWords, median (ms)`,
      median(c.compareMs),
      median(c.diffWordsMs),
    ]);
  }
  return (
    `Rounds, server: the gate on ${r.gatedMs.length} keystrokes per server (the Chair's stock ` +
    `client, one character each, timed to its SAVED notice); ${r.publishMs.length} publications ` +
    `of a ${r.words}-word declaration (${r.paragraphs} paragraphs) with its ${ROUND.amendments} ` +
    `amendments pending (filled in ${fmt(r.fillMs / 1000)} s), each round carrying them into the ` +
    `next (carried: ${r.carried.join(', ')}); the first published version compared with the live ` +
    `text after the Chair's edits, ${r.compare[0]?.compareMs.length ?? 0} times per checkpoint ` +
    `(diffWords runs in the bench process on the same two texts, without attribution). HTTP ` +
    `times on loopback.\n` +
    formatTable(rows, ['metric', 'measured', 'reference', 'ratio'])
  );
}
