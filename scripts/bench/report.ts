import os from 'node:os';
import type { HistoryResult } from './history.js';
import type { LoadResult } from './load.js';
import type { ServerKind } from './servers.js';
import { median, percentiles, type Percentiles } from './stats.js';

/** Everything measured on one server process in one round. */
export interface RunResult {
  kind: ServerKind;
  round: number;
  startupMs: number;
  load: LoadResult;
  history: HistoryResult;
  /** Peak resident memory of the process over its whole run (VmHWM). */
  peakKb: number;
  /** "code reason" of each client connection the server closed during the run. */
  serverCloses: string[];
}

/**
 * One server's results over all its rounds, each figure the median over the rounds (for the
 * latency percentiles: the median of each round's percentile), so that one round disturbed by
 * the rest of the machine does not decide the result.
 */
export interface ServerSummary {
  runs: number;
  fanout: Percentiles;
  delivered: number;
  expected: number;
  keystrokes: number;
  ack: Percentiles;
  backgroundCpuMs: number;
  loadCpuMs: number;
  /** CPU time over wall time of the typing window, in % of one core. */
  loadCpuPercent: number;
  historyBuildMs: number;
  historyCpuMs: number;
  freshLoadMs: number;
  freshLoads: number;
  stateKb: number;
  rssBeforeLoadMb: number;
  peakMb: number;
  startupMs: number;
  /** Client connections the server closed, over all rounds. */
  serverCloses: number;
}

/** The machine the numbers come from; they mean little without it. */
export function machine(): Record<string, string | number> {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    os: `${os.platform()} ${os.release()}`,
  };
}

/** Median of each percentile over the rounds; `count` is the total. */
function medianPercentiles(perRun: readonly Percentiles[]): Percentiles {
  const med = (f: (p: Percentiles) => number) => median(perRun.map(f).filter(Number.isFinite));
  return {
    count: perRun.reduce((n, p) => n + p.count, 0),
    p50: med((p) => p.p50),
    p95: med((p) => p.p95),
    p99: med((p) => p.p99),
    max: med((p) => p.max),
  };
}

/** Summarises the runs of one server. */
export function summarise(runs: readonly RunResult[]): ServerSummary {
  const med = (f: (r: RunResult) => number) => median(runs.map(f));
  const freshLoads = runs.flatMap((r) => r.history.loadMs);
  return {
    runs: runs.length,
    fanout: medianPercentiles(runs.map((r) => percentiles(r.load.fanoutMs))),
    delivered: runs.reduce((n, r) => n + r.load.fanoutMs.length, 0),
    expected: runs.reduce((n, r) => n + r.load.expected, 0),
    keystrokes: runs.reduce((n, r) => n + r.load.keystrokes, 0),
    ack: medianPercentiles(runs.map((r) => percentiles(r.load.ackMs))),
    backgroundCpuMs: med((r) => r.load.backgroundCpuMs),
    loadCpuMs: med((r) => r.load.cpuMs),
    loadCpuPercent: med((r) => (100 * r.load.cpuMs) / r.load.wallMs),
    historyBuildMs: med((r) => r.history.buildMs),
    historyCpuMs: med((r) => r.history.buildCpuMs),
    freshLoadMs: median(freshLoads),
    freshLoads: freshLoads.length,
    stateKb: med((r) => r.history.stateBytes / 1024),
    rssBeforeLoadMb: med((r) => r.load.rssBeforeKb / 1024),
    peakMb: med((r) => r.peakKb / 1024),
    startupMs: med((r) => r.startupMs),
    serverCloses: runs.reduce((n, r) => n + r.serverCloses.length, 0),
  };
}

/** One line of the table; `compare: false` where a ratio would mean nothing. */
export type Row = [label: string, accord: number, reference: number, compare?: false];

function rows(a: ServerSummary, r: ServerSummary): Row[] {
  return [
    ['fan-out latency p50 (ms)', a.fanout.p50, r.fanout.p50],
    ['fan-out latency p95 (ms)', a.fanout.p95, r.fanout.p95],
    ['fan-out latency p99 (ms)', a.fanout.p99, r.fanout.p99],
    ['fan-out latency max (ms)', a.fanout.max, r.fanout.max],
    ['fan-out samples delivered (all rounds)', a.delivered, r.delivered],
    ['fan-out samples missing', a.expected - a.delivered, r.expected - r.delivered, false],
    ['ack latency p50 (ms)', a.ack.p50, NaN],
    ['ack latency p95 (ms)', a.ack.p95, NaN],
    ['ack latency p99 (ms)', a.ack.p99, NaN],
    ['ack samples (all rounds)', a.ack.count, NaN],
    ['ack samples missing', a.keystrokes - a.ack.count, NaN, false],
    ['server CPU, typing window (ms)', a.loadCpuMs, r.loadCpuMs],
    ['server CPU, typing window (% of a core)', a.loadCpuPercent, r.loadCpuPercent],
    ['CPU of other processes, typing window (ms)', a.backgroundCpuMs, r.backgroundCpuMs, false],
    ['server CPU, building history (ms)', a.historyCpuMs, r.historyCpuMs],
    ['history build, wall time (ms)', a.historyBuildMs, r.historyBuildMs],
    ['fresh client load, long history (ms, median of all loads)', a.freshLoadMs, r.freshLoadMs],
    ['state a fresh client receives (KiB)', a.stateKb, r.stateKb],
    ['server RSS before typing (MiB)', a.rssBeforeLoadMb, r.rssBeforeLoadMb],
    ['server peak memory, VmHWM (MiB)', a.peakMb, r.peakMb],
    ['server start-up (ms)', a.startupMs, r.startupMs],
    ['connections closed by the server (all rounds)', a.serverCloses, r.serverCloses, false],
  ];
}

/** A number for the tables: integers as they are, others with 2–3 significant digits. */
export function fmt(v: number): string {
  if (!Number.isFinite(v)) return '—';
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) < 10 ? v.toFixed(2) : Math.abs(v) < 1000 ? v.toFixed(1) : v.toFixed(0);
}

/** The results table: metric | Accord | reference | ratio (Accord / reference). */
export function table(a: ServerSummary, r: ServerSummary): string {
  return formatTable(rows(a, r));
}

/**
 * Any table of a measurement against its reference: metric | Accord | reference | Accord/ref
 * by default; `headers` names the columns where the reference is another case of Accord.
 */
export function formatTable(
  lines: readonly Row[],
  headers: readonly [string, string, string, string] = [
    'metric',
    'Accord',
    'reference',
    'Accord/ref',
  ],
): string {
  const body = lines.map(([label, x, y, compare]) => [
    label,
    fmt(x),
    fmt(y),
    compare !== false && y > 0 ? `${(x / y).toFixed(2)}×` : '—',
  ]);
  const all = [[...headers], ...body];
  const widths = [0, 1, 2, 3].map((c) => Math.max(...all.map((row) => (row[c] ?? '').length)));
  const line = (row: string[]) =>
    row
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0)))
      .join(' | ');
  const rule = widths.map((w) => '-'.repeat(w)).join('-|-');
  return [line(all[0] ?? []), rule, ...body.map(line)].join('\n');
}

/**
 * Other processes using more than this share of one core while the clients type make a round
 * "disturbed": on two cores they compete with the server and the clients. On a quiet machine
 * of this kind the reference's rounds show almost none and Accord's about 0.03 (the kernel
 * writing its fsynced log).
 */
const DISTURBED = 0.5;

/**
 * One line per round and server with the figures that vary most, so that a reader can see the
 * spread behind the medians (and which round the rest of the machine disturbed).
 */
export function perRunLines(runs: readonly RunResult[]): string {
  return runs
    .map((r) => {
      const f = percentiles(r.load.fanoutMs);
      const disturbed = r.load.backgroundCpuMs > DISTURBED * r.load.wallMs;
      return (
        `  round ${r.round} ${r.kind.padEnd(9)} fan-out p50 ${fmt(f.p50)} p99 ${fmt(f.p99)} ms, ` +
        `server CPU ${fmt(r.load.cpuMs)} ms, others' CPU ${fmt(r.load.backgroundCpuMs)} ms, ` +
        `fresh load median ${fmt(median(r.history.loadMs))} ms${disturbed ? '  (disturbed)' : ''}`
      );
    })
    .join('\n');
}

/**
 * Says which connections a server closed and why (counted by reason), or nothing when none
 * were: the clients follow the protocol, so every such close is worth a look.
 */
export function closeWarnings(runs: readonly RunResult[]): string {
  const lines: string[] = [];
  for (const kind of ['accord', 'reference'] as const) {
    const counts = new Map<string, number>();
    for (const r of runs.filter((run) => run.kind === kind)) {
      for (const close of r.serverCloses) {
        // Reasons may name a client id; group them without it.
        const reason = close.replace(/\d{6,}/g, '<id>');
        counts.set(reason, (counts.get(reason) ?? 0) + 1);
      }
    }
    for (const [reason, n] of counts)
      lines.push(`warning: ${kind} closed ${n} client connection(s): ${reason}`);
  }
  return lines.length > 0 ? `${lines.join('\n')}\n\n` : '';
}
