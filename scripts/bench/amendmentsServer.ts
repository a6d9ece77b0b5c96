import type { Amendment } from '@accord/shared';
import {
  CHAIR,
  api,
  draftChanges,
  enlargeDeclaration,
  fillRound,
  openDraft,
  prepareParticipants,
  signInAccount,
  signInAll,
  submit,
  type SignedInAccount,
} from './amendmentRound.js';
import { sleep } from './clients.js';
import type { AccordPaths } from './coldJoin.js';
import type { BenchOptions } from './options.js';
import { fmt, formatTable, type Row } from './report.js';
import { makeDataDir, removeDataDir, startAccord } from './servers.js';
import { median, percentiles } from './stats.js';

/** A realistic round (issue 7, "Performance"): 65 delegations, 2,000 amendments, 30 pages. */
export const ROUND = { delegations: 65, amendments: 2000, words: 15_000 } as const;
/** Pending amendments on the paragraph where one is accepted. */
const CROWD = 40;
/** Amendments one delegation submits at once. */
const BATCH = 100;
// The server re-reads open amendments 250 ms after a change to the base (AM13); the next
// measurement waits this long so that it does not pay for the previous one's check.
const SETTLE_MS = 1000;

/** What the server part of the amendment benchmark measured. */
export interface AmendmentsServerResult {
  rounds: number;
  words: number;
  paragraphs: number;
  /** Amendments in the store when the measurements began and at the end. */
  storedBefore: number;
  storedAfter: number;
  fillMs: number;
  /** Submissions of 100 changed paragraphs at once (one per round, a fresh delegation). */
  submit100Ms: number[];
  /** Reference: a fresh delegation submitting its one changed paragraph. */
  submit1Ms: number[];
  /** Acceptance on a paragraph with 40 pending amendments. */
  accept40Ms: number[];
  /** Reference: acceptance on a paragraph with one pending amendment. */
  accept1Ms: number[];
  /** GET of every amendment of the document (what each client loads). */
  listMs: number[];
}

/**
 * The server's side of a realistic amendment round, on Accord as `npm run serve` runs it: the
 * time to submit 100 amendments at once, and to accept one on a paragraph with 40 pending,
 * each beside its reference (1 amendment submitted; a paragraph with 1 pending) in the same run.
 */
export async function runAmendmentsServer(
  paths: AccordPaths,
  options: BenchOptions,
): Promise<AmendmentsServerResult> {
  const rounds = options.amendmentRounds;
  const dataDir = makeDataDir(options.dataRoot);
  try {
    const accounts = await prepareParticipants(dataDir, paths.seedsDir, ROUND.delegations);
    const server = await startAccord(paths.repoRoot, paths.seedsDir, options.dataRoot, {
      dataDir,
      nodeArgs: paths.nodeArgs,
    });
    try {
      const wsBase = server.wsBase;
      const httpBase = wsBase.replace(/^ws/, 'http').replace(/\/collab$/, '');
      const chair = await signInAccount(httpBase, CHAIR);
      const text = await enlargeDeclaration(wsBase, chair, paths.seedsDir, ROUND.words);
      const signed = await signInAll(httpBase, accounts);
      // Two fresh delegations per round for the submissions; the others fill the round.
      const fresh = signed.slice(signed.length - 2 * rounds);
      const fillers = signed.slice(0, signed.length - 2 * rounds);
      if (fillers.length < CROWD) throw new Error(`fewer than ${CROWD} delegations to fill`);
      // Two paragraphs per round, untouched by the fill, for the acceptances.
      const step = Math.floor(text.blockIds.length / (2 * rounds + 1));
      const reserved = Array.from({ length: 2 * rounds }, (_, i) => text.blockIds[(i + 1) * step]);
      const open = text.blockIds.filter((id) => !reserved.includes(id));
      if (open.length < BATCH) throw new Error(`only ${open.length} paragraphs to amend`);
      // The measurements add (100 + 1 + 40 + 1) per round; the fill brings the round to 2,000.
      const measured = rounds * (BATCH + 1 + CROWD + 1);
      const fillTotal = Math.max(0, ROUND.amendments - measured);
      process.stdout.write(
        `  ${text.words} words in ${text.blockIds.length} paragraphs; ` +
          `filling the round with ${fillTotal} amendments from ${fillers.length} delegations…`,
      );
      const fill = await fillRound(wsBase, httpBase, fillers, open, fillTotal);
      process.stdout.write(` ${fmt(fill.ms / 1000)} s\n`);
      const result: AmendmentsServerResult = {
        rounds,
        words: text.words,
        paragraphs: text.blockIds.length,
        storedBefore: fill.created,
        storedAfter: 0,
        fillMs: fill.ms,
        submit100Ms: [],
        submit1Ms: [],
        accept40Ms: [],
        accept1Ms: [],
        listMs: [],
      };
      for (let r = 0; r < rounds; r++) {
        const [many, one] = [fresh[2 * r], fresh[2 * r + 1]];
        if (!many || !one) throw new Error('not enough fresh delegations');
        const blocks = Array.from(
          { length: BATCH },
          (_, k) => open[(r * 13 + k * 3) % open.length] ?? '',
        );
        const cases: [SignedInAccount, string[], number[]][] = [
          [many, blocks, result.submit100Ms],
          [one, blocks.slice(0, 1), result.submit1Ms],
        ];
        // Alternate which case goes first, so that neither always runs on a warmer server.
        for (const [who, ids, into] of r % 2 === 0 ? cases : [...cases].reverse()) {
          into.push(await submitFresh(wsBase, httpBase, who, ids, r));
          await sleep(SETTLE_MS);
        }
        const [crowded, single] = [reserved[2 * r] ?? '', reserved[2 * r + 1] ?? ''];
        const pending = await submitToParagraph(wsBase, httpBase, fillers.slice(0, CROWD), crowded);
        const lone = await submitToParagraph(
          wsBase,
          httpBase,
          fillers.slice(CROWD, CROWD + 1),
          single,
        );
        const decisions: [Amendment | undefined, number[]][] = [
          [pending[Math.floor(CROWD / 2)], result.accept40Ms],
          [lone[0], result.accept1Ms],
        ];
        await sleep(SETTLE_MS);
        for (const [amendment, into] of r % 2 === 0 ? decisions : [...decisions].reverse()) {
          if (!amendment) throw new Error('no amendment to accept');
          into.push(await accept(httpBase, chair, amendment.id));
          await sleep(SETTLE_MS);
        }
        const listed = await api(httpBase, chair, 'GET', '/api/documents/declaration/amendments');
        result.listMs.push(listed.ms);
        result.storedAfter = (listed.body as unknown[]).length;
        process.stdout.write(
          `  round ${r + 1}: submit ${BATCH} ${fmt(result.submit100Ms[r] ?? NaN)} ms, ` +
            `submit 1 ${fmt(result.submit1Ms[r] ?? NaN)} ms; accept with ${CROWD} pending ` +
            `${fmt(result.accept40Ms[r] ?? NaN)} ms, with 1 pending ${fmt(result.accept1Ms[r] ?? NaN)} ms; ` +
            `list of ${result.storedAfter} ${fmt(listed.ms)} ms\n`,
        );
      }
      return result;
    } finally {
      await server.stop();
    }
  } finally {
    removeDataDir(dataDir);
  }
}

/** A fresh delegation changes `blockIds` in its working copy and submits them all; the POST time. */
async function submitFresh(
  wsBase: string,
  httpBase: string,
  who: SignedInAccount,
  blockIds: readonly string[],
  round: number,
): Promise<number> {
  const draft = await openDraft(wsBase, who.cookie);
  try {
    await draftChanges(
      draft,
      blockIds.map((blockId, k) => ({ blockId, seed: 900_000 + round * 1000 + k })),
    );
    const { amendments, ms } = await submit(httpBase, who.cookie, { all: true });
    if (amendments.length !== blockIds.length)
      throw new Error(`submitted ${amendments.length} amendments, expected ${blockIds.length}`);
    return ms;
  } finally {
    draft.destroy();
  }
}

/** Each delegation changes one paragraph in its working copy and submits that change. */
async function submitToParagraph(
  wsBase: string,
  httpBase: string,
  delegations: readonly SignedInAccount[],
  blockId: string,
): Promise<Amendment[]> {
  const out: Amendment[] = [];
  for (const [i, who] of delegations.entries()) {
    const draft = await openDraft(wsBase, who.cookie);
    try {
      await draftChanges(draft, [{ blockId, seed: 500_000 + i * 31 }]);
      out.push(...(await submit(httpBase, who.cookie, { blockIds: [blockId] })).amendments);
    } finally {
      draft.destroy();
    }
  }
  return out;
}

/** The Chair accepts an amendment; the request's time. */
async function accept(httpBase: string, chair: string, id: string): Promise<number> {
  const res = await api(httpBase, chair, 'POST', `/api/amendments/${id}/decision`, {
    decision: 'accept',
  });
  if (res.status !== 200)
    throw new Error(`acceptance refused: ${res.status} ${JSON.stringify(res.body)}`);
  return res.ms;
}

/** The table: each measurement beside its reference, medians and p95 over the rounds. */
export function amendmentsServerTable(r: AmendmentsServerResult): string {
  const p = (xs: number[]) => percentiles(xs);
  const rows: Row[] = [
    [`submit ${BATCH} at once vs 1, median (ms)`, median(r.submit100Ms), median(r.submit1Ms)],
    [`submit ${BATCH} at once vs 1, p95 (ms)`, p(r.submit100Ms).p95, p(r.submit1Ms).p95],
    ['submit, per amendment, median (ms)', median(r.submit100Ms) / BATCH, median(r.submit1Ms)],
    [`accept, ${CROWD} pending vs 1, median (ms)`, median(r.accept40Ms), median(r.accept1Ms)],
    [`accept, ${CROWD} pending vs 1, p95 (ms)`, p(r.accept40Ms).p95, p(r.accept1Ms).p95],
    [`list all ${r.storedAfter} amendments, median (ms)`, median(r.listMs), NaN, false],
  ];
  return (
    `Amendments, server: ${ROUND.delegations} delegations, a ${r.words}-word declaration ` +
    `(${r.paragraphs} paragraphs), the round filled with ${r.storedBefore} amendments ` +
    `(${fmt(r.fillMs / 1000)} s) and ${r.storedAfter} at the end; ${r.rounds} rounds, each a ` +
    `fresh delegation and fresh paragraphs. Times are the HTTP request's, on loopback (p95 of ` +
    `${r.rounds} is their maximum).\n` +
    formatTable(rows, ['metric', 'measured', 'reference', 'ratio'])
  );
}
