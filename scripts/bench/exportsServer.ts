import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  amendmentListSchema,
  comparisonSchema,
  versionListSchema,
  type Amendment,
} from '@accord/shared';
import {
  CHAIR,
  api,
  draftChange,
  editAndSave,
  enlargeDeclaration,
  fillRound,
  paragraphs,
  prepareParticipants,
  signInAccount,
  signInAll,
} from './amendmentRound.js';
import { ROUND } from './amendmentsServer.js';
import { BenchClient, sleep } from './clients.js';
import type { AccordPaths } from './coldJoin.js';
import type { BenchOptions } from './options.js';
import { fmt } from './report.js';
import { addRound, movePhase } from './roundSteps.js';
import { htmlToPdf } from '../../server/src/exports/revisionPdf.js';
import { makeDataDir, removeDataDir, startAccord } from './servers.js';
import { median, percentiles } from './stats.js';

/** Issue 10's goal: each export is produced in under two seconds. */
export const EXPORT_GOAL_MS = 2000;
/** The Chair's edits in the second round's drafting phase, one paragraph each. */
const CHAIR_EDITS = 40;
/** Amendments the Chair accepts in consolidation, each on a paragraph of its own. */
const ACCEPTS = 60;
// The server re-reads open amendments 250 ms after a change to the base (AM13): the
// measurements start after it, so that the first does not pay for it.
const SETTLE_MS = 1000;
const DOC = '/api/documents/declaration';
/** A folder to keep the last copy of each file in (ACCORD_BENCH_EXPORTS_DIR), or none. */
const KEEP_DIR = process.env.ACCORD_BENCH_EXPORTS_DIR ?? null;

/** "compilation.docx (two-column)" → "compilation-two-column.docx". */
function fileName(caseName: string): string {
  const m = /^([^.]+)\.(\w+)(?: \(([\w-]+)\))?$/.exec(caseName);
  return m ? `${m[1] ?? ''}${m[3] ? `-${m[3]}` : ''}.${m[2] ?? ''}` : caseName;
}

/** Repetitions of each export (and of its reference), after one unmeasured warm-up. */
function repetitions(options: BenchOptions): number {
  return options.quick ? 2 : 7;
}

/** One export, timed beside the request that reads the same data as JSON. */
export interface ExportCase {
  /** The file's name in the table ("compilation.docx (two-column)"). */
  name: string;
  /** The download, relative to the server. */
  path: string;
  /** What the file must start with (a zip, a PDF, …): a sanity check, not a validation. */
  magic: string;
  /** The reference's name in the table and its path (JSON of the same data). */
  reference: { name: string; path: string };
  /** Request → last byte of the file, ms. */
  ms: number[];
  /** Request → last byte of the reference, ms. */
  referenceMs: number[];
  /** The server's own CPU time during each export, ms (10 ms ticks). */
  serverCpuMs: number[];
  /** CPU time of the processes the server started and waited for (Chromium for the PDF), ms. */
  childCpuMs: number[];
  /** The file's size in bytes (the last repetition's). */
  bytes: number;
}

/** What the exports benchmark measured. */
export interface ExportsServerResult {
  words: number;
  paragraphs: number;
  fillMs: number;
  /** Amendments of the round under way that the compilation holds. */
  amendments: number;
  /** Amendments accepted after the published version (each changes the live text). */
  accepted: number;
  chairEdits: number;
  /** Paragraphs the comparison from the published version to live shows as changed. */
  changedBlocks: number;
  repetitions: number;
  cases: ExportCase[];
  /**
   * Chromium started and printing an empty page (`htmlToPdf` in the bench process, as the
   * server calls it): the fixed part of revision.pdf, which starts one Chromium per file.
   */
  emptyPdfMs: number[];
  /** The machine's 1-minute load average before and after the measurements. */
  loadAverage: [number, number];
}

/**
 * Issue 10's exports on the realistic round of issue 7 (65 delegations, ~15,000 words, 2,000
 * amendments), each over HTTP on loopback beside a reference in the same run: the JSON that
 * reads the same data (the comparison for the revision files, the amendment list for the
 * compilation and data files, the version for Akoma Ntoso). The revision goes from the first
 * round's published version to the live text after the Chair's edits and accepted amendments.
 */
export async function runExportsServer(
  paths: AccordPaths,
  options: BenchOptions,
): Promise<ExportsServerResult> {
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
      // Without rounds the text is open to the Chair: enlarge it first, as in issue 7's bench.
      const text = await enlargeDeclaration(wsBase, chair, paths.seedsDir, ROUND.words);
      const signed = await signInAll(httpBase, accounts);
      const first = await addRound(httpBase, chair, 'Zero draft');
      const second = await addRound(httpBase, chair, 'First reading');
      // A third round keeps the text from being final once the second is published (RD10).
      await addRound(httpBase, chair, 'Second reading');
      for (const phase of ['drafting', 'feedback', 'consolidation', 'published'] as const)
        await movePhase(httpBase, chair, first, phase);
      const versions = await api(httpBase, chair, 'GET', `${DOC}/versions`);
      const published = versionListSchema.parse(versions.body).find((v) => v.id === first);
      if (!published) throw new Error('publishing the first round made no version');
      await movePhase(httpBase, chair, second, 'drafting');
      const edited = await chairEdits(wsBase, chair);
      await movePhase(httpBase, chair, second, 'feedback');
      process.stdout.write(
        `  ${text.words} words in ${text.blockIds.length} paragraphs, version "${published.id}" ` +
          `published, ${edited.size} paragraphs edited by the Chair; filling the round with ` +
          `${ROUND.amendments} amendments from ${signed.length} delegations…`,
      );
      const fill = await fillRound(wsBase, httpBase, signed, text.blockIds, ROUND.amendments);
      process.stdout.write(` ${fmt(fill.ms / 1000)} s\n`);
      await movePhase(httpBase, chair, second, 'consolidation');
      const accepted = await acceptSome(httpBase, chair, edited);
      await sleep(SETTLE_MS);
      const listed = await api(httpBase, chair, 'GET', `${DOC}/amendments`);
      const amendments = amendmentListSchema
        .parse(listed.body)
        .filter((a) => a.roundId === second).length;
      const compared = await api(
        httpBase,
        chair,
        'GET',
        `${DOC}/compare?from=${encodeURIComponent(first)}&to=live`,
      );
      const changedBlocks = comparisonSchema
        .parse(compared.body)
        .blocks.filter((b) => b.status !== 'unchanged').length;
      process.stdout.write(
        `  ${accepted} amendments accepted, ${amendments} in the round; ${changedBlocks} ` +
          `paragraphs changed since "${first}"\n`,
      );
      const reps = repetitions(options);
      const loadBefore = os.loadavg()[0] ?? NaN;
      const cases = exportCases(first);
      for (const c of cases) {
        await measureCase(httpBase, chair, server.pid, c, reps);
        process.stdout.write(
          `  ${c.name}: ${c.ms.map(fmt).join(', ')} ms (${c.reference.name}: ` +
            `${c.referenceMs.map(fmt).join(', ')} ms)\n`,
        );
      }
      const emptyPdfMs = await timeEmptyPdf(reps);
      process.stdout.write(
        `  Chromium printing an empty page: ${emptyPdfMs.map(fmt).join(', ')} ms\n`,
      );
      return {
        emptyPdfMs,
        loadAverage: [loadBefore, os.loadavg()[0] ?? NaN],
        words: text.words,
        paragraphs: text.blockIds.length,
        fillMs: fill.ms,
        amendments,
        accepted,
        chairEdits: edited.size,
        changedBlocks,
        repetitions: reps,
        cases,
      };
    } finally {
      await server.stop();
    }
  } finally {
    removeDataDir(dataDir);
  }
}

/** The exports of issue 10, each with the JSON read of the same data it is compared with. */
function exportCases(versionId: string): ExportCase[] {
  const revision = `from=${encodeURIComponent(versionId)}&to=live`;
  const comparison = { name: 'compare JSON', path: `${DOC}/compare?${revision}` };
  const list = { name: 'amendment list', path: `${DOC}/amendments` };
  const version = {
    name: 'version JSON',
    path: `${DOC}/versions/${encodeURIComponent(versionId)}`,
  };
  const zip = 'PK';
  const cases: Omit<ExportCase, 'ms' | 'referenceMs' | 'serverCpuMs' | 'childCpuMs' | 'bytes'>[] = [
    {
      name: 'revision.docx',
      path: `${DOC}/exports/revision.docx?${revision}`,
      magic: zip,
      reference: comparison,
    },
    {
      name: 'revision-clean.docx',
      path: `${DOC}/exports/revision-clean.docx?${revision}`,
      magic: zip,
      reference: comparison,
    },
    {
      name: 'revision.html',
      path: `${DOC}/exports/revision.html?${revision}`,
      magic: '<!',
      reference: comparison,
    },
    {
      name: 'revision.pdf',
      path: `${DOC}/exports/revision.pdf?${revision}`,
      magic: '%PDF',
      reference: comparison,
    },
    {
      name: 'compilation.docx (list)',
      path: `${DOC}/exports/compilation.docx?layout=list`,
      magic: zip,
      reference: list,
    },
    {
      name: 'compilation.docx (two-column)',
      path: `${DOC}/exports/compilation.docx?layout=two-column`,
      magic: zip,
      reference: list,
    },
    {
      name: 'compilation.html (list)',
      path: `${DOC}/exports/compilation.html?layout=list`,
      magic: '<!',
      reference: list,
    },
    {
      name: 'compilation.html (two-column)',
      path: `${DOC}/exports/compilation.html?layout=two-column`,
      magic: '<!',
      reference: list,
    },
    // The CSV starts with a byte-order mark (EC4).
    {
      name: 'amendments.csv',
      path: `${DOC}/exports/amendments.csv`,
      magic: '\u{FEFF}',
      reference: list,
    },
    {
      name: 'amendments.json',
      path: `${DOC}/exports/amendments.json`,
      magic: '{',
      reference: list,
    },
    {
      name: 'akn.xml',
      path: `${DOC}/versions/${encodeURIComponent(versionId)}/akn.xml`,
      magic: '<?xml',
      reference: version,
    },
  ];
  return cases.map((c) => ({
    ...c,
    ms: [],
    referenceMs: [],
    serverCpuMs: [],
    childCpuMs: [],
    bytes: 0,
  }));
}

/**
 * One warm-up pair, then `reps` pairs of the export and its reference, the order alternating
 * so that neither always runs on a quieter server.
 */
async function measureCase(
  httpBase: string,
  cookie: string,
  pid: number,
  c: ExportCase,
  reps: number,
): Promise<void> {
  for (let r = 0; r <= reps; r++) {
    const steps = [
      async () => {
        const before = processCpu(pid);
        const got = await download(httpBase, cookie, c.path);
        const after = processCpu(pid);
        // Keep a byte-order mark: the CSV's is what is checked.
        const start = new TextDecoder('utf-8', { ignoreBOM: true }).decode(
          got.bytes.subarray(0, 8),
        );
        if (!start.startsWith(c.magic))
          throw new Error(`${c.name} does not start with ${JSON.stringify(c.magic)}`);
        c.bytes = got.bytes.length;
        // To open or profile the files themselves (e.g. print the HTML with Chromium by hand).
        if (KEEP_DIR) fs.writeFileSync(path.join(KEEP_DIR, fileName(c.name)), got.bytes);
        if (r > 0) {
          c.ms.push(got.ms);
          c.serverCpuMs.push(after.own - before.own);
          c.childCpuMs.push(after.children - before.children);
        }
      },
      async () => {
        const got = await download(httpBase, cookie, c.reference.path);
        if (r > 0) c.referenceMs.push(got.ms);
      },
    ];
    for (const step of r % 2 === 0 ? steps : [...steps].reverse()) await step();
  }
}

/**
 * CPU time (user + system, ms) of process `pid` itself and of its children it has waited for,
 * from /proc (Linux): the server's own work on a request, and Chromium's for a PDF.
 */
function processCpu(pid: number): { own: number; children: number } {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // After the command name: utime stime cutime cstime are the 12th to 15th fields.
  const f = stat
    .slice(stat.lastIndexOf(')') + 2)
    .split(' ')
    .map(Number);
  const ms = (ticks: number) => (ticks * 1000) / CLOCK_TICKS;
  return { own: ms((f[11] ?? 0) + (f[12] ?? 0)), children: ms((f[13] ?? 0) + (f[14] ?? 0)) };
}

/** Clock ticks per second of /proc's CPU times (getconf CLK_TCK, 100 on Linux). */
const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** One unmeasured warm-up, then `reps` prints of an empty page by the PDF export's own code. */
async function timeEmptyPdf(reps: number): Promise<number[]> {
  const out: number[] = [];
  for (let r = 0; r <= reps; r++) {
    const t0 = performance.now();
    await htmlToPdf('<!doctype html><html lang="en"><title>Empty</title><p>LIMITE</p></html>');
    if (r > 0) out.push(performance.now() - t0);
  }
  return out;
}

/**
 * GET with a session, timed from the request to the last byte of the answer (a file is
 * produced when the reader has it all). Anything but 200 throws: a refusal here is a bug.
 */
async function download(
  httpBase: string,
  cookie: string,
  path: string,
): Promise<{ bytes: Uint8Array; ms: number }> {
  const t0 = performance.now();
  const res = await fetch(`${httpBase}${path}`, {
    headers: { cookie },
    signal: AbortSignal.timeout(120_000),
  });
  const bytes = new Uint8Array(await res.arrayBuffer());
  const ms = performance.now() - t0;
  if (res.status !== 200)
    throw new Error(
      `GET ${path}: ${res.status} ${new TextDecoder().decode(bytes.subarray(0, 300))}`,
    );
  return { bytes, ms };
}

/**
 * The Chair edits `CHAIR_EDITS` paragraphs spread over the text (a word inserted or deleted,
 * each its own update, saved before the next), so the revision holds pen-holder changes.
 * Returns the ids of the paragraphs edited.
 */
async function chairEdits(wsBase: string, chair: string): Promise<Set<string>> {
  const client = new BenchClient(wsBase, 'declaration', chair);
  const edited = new Set<string>();
  try {
    await client.synced();
    const paras = paragraphs(client.doc);
    for (let i = 0; i < CHAIR_EDITS; i++) {
      // A stride coprime with any realistic count spreads the edits over the whole text.
      const para = paras[(i * 37) % paras.length];
      if (!para) throw new Error('no paragraph to edit');
      await editAndSave(client, () => draftChange(para.body, 900_000 + i));
      edited.add(para.id);
    }
    return edited;
  } finally {
    client.destroy();
  }
}

/**
 * The Chair accepts up to `ACCEPTS` pending amendments, each on its own paragraph and none on
 * a paragraph the Chair edited (so none needs a three-way merge), taking delegations in turn
 * so that the revision's changes carry many authors. Returns how many were accepted.
 */
async function acceptSome(httpBase: string, chair: string, avoid: Set<string>): Promise<number> {
  const res = await api(httpBase, chair, 'GET', `${DOC}/amendments`);
  const pending = amendmentListSchema
    .parse(res.body)
    .filter((a) => a.status === 'submitted' && a.blockId !== null && !avoid.has(a.blockId));
  const byDelegation = new Map<string, Amendment[]>();
  for (const a of pending)
    byDelegation.set(a.delegationId, [...(byDelegation.get(a.delegationId) ?? []), a]);
  const queues = [...byDelegation.values()];
  const taken = new Set<string>();
  let accepted = 0;
  for (let k = 0; accepted < ACCEPTS && queues.some((q) => q.length > 0); k++) {
    const a = queues[k % queues.length]?.shift();
    if (!a || a.blockId === null || taken.has(a.blockId)) continue;
    const decided = await api(httpBase, chair, 'POST', `/api/amendments/${a.id}/decision`, {
      decision: 'accept',
    });
    if (decided.status !== 200)
      throw new Error(
        `accepting ${a.id} refused: ${decided.status} ${JSON.stringify(decided.body)}`,
      );
    taken.add(a.blockId);
    accepted++;
  }
  return accepted;
}

/** The table: median and p95 of each export, its reference, the ratio, and the 2 s goal. */
export function exportsServerTable(r: ExportsServerResult): string {
  const head = [
    'export',
    'median ms',
    'p95 ms',
    'server CPU ms',
    'Chromium CPU ms',
    'KiB',
    'reference',
    'ref median ms',
    'ratio',
    '< 2 s',
  ];
  const body = r.cases.map((c) => {
    const m = median(c.ms);
    const p95 = percentiles(c.ms).p95;
    const ref = median(c.referenceMs);
    return [
      c.name,
      fmt(m),
      fmt(p95),
      fmt(median(c.serverCpuMs)),
      median(c.childCpuMs) > 0 ? fmt(median(c.childCpuMs)) : '—',
      fmt(Math.round(c.bytes / 1024)),
      c.reference.name,
      fmt(ref),
      ref > 0 ? `${(m / ref).toFixed(2)}×` : '—',
      p95 < EXPORT_GOAL_MS ? 'pass' : 'FAIL',
    ];
  });
  const all = [head, ...body];
  const widths = head.map((_, col) => Math.max(...all.map((row) => (row[col] ?? '').length)));
  const line = (row: string[]) =>
    row
      .map((cell, col) =>
        col === 0 || col === 6 ? cell.padEnd(widths[col] ?? 0) : cell.padStart(widths[col] ?? 0),
      )
      .join(' | ');
  return (
    `Exports, server: a ${r.words}-word declaration (${r.paragraphs} paragraphs), ` +
    `${r.amendments} amendments in the round under way (filled in ${fmt(r.fillMs / 1000)} s); the ` +
    `revision from the first round's published version to the live text after ${r.chairEdits} ` +
    `edits by the Chair and ${r.accepted} accepted amendments (${r.changedBlocks} paragraphs ` +
    `changed). Each export ${r.repetitions} times after a warm-up, request to last byte over ` +
    `HTTP on loopback, beside the JSON read of the same data in the same run; "< 2 s" judges ` +
    `the p95 (nearest rank: with ${r.repetitions} repetitions, the slowest) against issue ` +
    `10's goal. CPU: medians, from /proc (10 ms ticks). Load average (1 min) ` +
    `${r.loadAverage.map((x) => x.toFixed(1)).join(' → ')} on ${os.cpus().length} cores.\n` +
    [line(head), widths.map((w) => '-'.repeat(w)).join('-|-'), ...body.map(line)].join('\n') +
    `\nChromium alone, started to print an empty page (the fixed part of each revision.pdf): ` +
    `median ${fmt(median(r.emptyPdfMs))} ms, p95 ${fmt(percentiles(r.emptyPdfMs).p95)} ms.`
  );
}
