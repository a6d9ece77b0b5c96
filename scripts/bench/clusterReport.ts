import { bucketQuantileMs, type CommitHistogram } from './clusterMetrics.js';
import type { CapacityStep, ClusterLoadResult, WindowCpu } from './clusterPhase.js';
import type { ClusterSizes } from './options.js';
import { fmt } from './report.js';
import { median, percentiles, type Percentiles } from './stats.js';

/** The three configurations, each given the same load. */
export const CONFIGS = ['sqlite', 'postgres', 'cluster'] as const;
/** One configuration: (a) one process on SQLite, (b) one on PostgreSQL, (c) two + Redis. */
export type ConfigKind = (typeof CONFIGS)[number];

/** One configuration in one round. */
export interface ClusterRun {
  kind: ConfigKind;
  round: number;
  /** Start-up of each process (ms), sign-in excluded. */
  startupMs: number[];
  load: ClusterLoadResult;
  /** Capacity steps (SQLite and the cluster only), smallest first; may stop early. */
  capacity: CapacityStep[];
}

/** Fan-out p99 (ms) a document's clients should stay under (issue 11). */
export const P99_LIMIT_MS = 100;

const LABELS: Record<ConfigKind, string> = {
  sqlite: '(a) 1 process, SQLite',
  postgres: '(b) 1 process, PostgreSQL',
  cluster: '(c) 2 processes, PostgreSQL + Redis',
};

/** One configuration over its rounds: medians of each round's figure. */
export interface ConfigSummary {
  kind: ConfigKind;
  label: string;
  rounds: number;
  fanout: Percentiles;
  /** Receivers on the typer's process, and on the other one (the cluster only). */
  same: Percentiles;
  cross: Percentiles;
  delivered: number;
  expected: number;
  /** Keystroke → SAVED. */
  ack: Percentiles;
  keystrokes: number;
  /** The servers' commit histogram: observations, mean, and the buckets holding p50 and p99. */
  commit: { count: number; meanMs: number; p50AtMostMs: number; p99AtMostMs: number };
  /** CPU in the typing window, % of one core. */
  serversCpuPercent: number;
  clientsCpuPercent: number;
  servicesCpuPercent: number;
  othersCpuPercent: number;
  /** Rounds whose typing window was disturbed by other work on the machine. */
  disturbedRounds: number;
  startupMs: number;
}

/** One step of the capacity run, medians over the rounds that reached it. */
export interface CapacitySummary {
  clients: number;
  rounds: number;
  p50: number;
  p99: number;
  sameP99: number;
  crossP99: number;
  missing: number;
  serversCpuPercent: number;
  clientsCpuPercent: number;
  /** Rounds whose window at this step was disturbed by other work on the machine. */
  disturbed: number;
}

/** Everything the cluster scenario reports (no raw samples). */
export interface ClusterResult {
  sizes: ClusterSizes;
  configs: ConfigSummary[];
  capacity: { kind: ConfigKind; steps: CapacitySummary[]; largestUnderLimit: number | null }[];
  runs: {
    kind: ConfigKind;
    round: number;
    fanout: Percentiles;
    ack: Percentiles;
    othersCpuPercent: number;
    capacity: { clients: number; p99: number; othersCpuPercent: number }[];
  }[];
}

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

const percent = (w: WindowCpu, ms: number) => (100 * ms) / w.wallMs;

/**
 * Work that is not the benchmark's using more than half a core makes a window "disturbed": on
 * two cores it competes with the servers, the database and the clients.
 */
export function disturbed(w: WindowCpu): boolean {
  return w.othersMs > 0.5 * w.wallMs;
}

function commitSummary(histograms: readonly CommitHistogram[]): ConfigSummary['commit'] {
  return {
    count: histograms.reduce((n, h) => n + h.count, 0),
    meanMs: median(histograms.map((h) => (h.count > 0 ? (1000 * h.sum) / h.count : NaN))),
    p50AtMostMs: median(histograms.map((h) => bucketQuantileMs(h, 0.5))),
    p99AtMostMs: median(histograms.map((h) => bucketQuantileMs(h, 0.99))),
  };
}

/** Summarises every configuration and the capacity steps of the runs. */
export function summariseCluster(runs: readonly ClusterRun[], sizes: ClusterSizes): ClusterResult {
  const all = (r: ClusterRun) => [...r.load.fanout.same, ...r.load.fanout.cross];
  const kinds = CONFIGS.filter((k) => runs.some((r) => r.kind === k));
  const configs = kinds.map((kind): ConfigSummary => {
    const of = runs.filter((r) => r.kind === kind);
    const med = (f: (r: ClusterRun) => number) => median(of.map(f));
    return {
      kind,
      label: LABELS[kind],
      rounds: of.length,
      fanout: medianPercentiles(of.map((r) => percentiles(all(r)))),
      same: medianPercentiles(of.map((r) => percentiles(r.load.fanout.same))),
      cross: medianPercentiles(of.map((r) => percentiles(r.load.fanout.cross))),
      delivered: of.reduce((n, r) => n + all(r).length, 0),
      expected: of.reduce((n, r) => n + r.load.expected, 0),
      ack: medianPercentiles(of.map((r) => percentiles(r.load.ackMs))),
      keystrokes: of.reduce((n, r) => n + r.load.keystrokes, 0),
      commit: commitSummary(of.map((r) => r.load.commit)),
      serversCpuPercent: med((r) => percent(r.load, r.load.serversMs)),
      clientsCpuPercent: med((r) => percent(r.load, r.load.clientsMs)),
      servicesCpuPercent: med((r) => percent(r.load, r.load.servicesMs)),
      othersCpuPercent: med((r) => percent(r.load, r.load.othersMs)),
      disturbedRounds: of.filter((r) => disturbed(r.load)).length,
      startupMs: median(of.flatMap((r) => r.startupMs)),
    };
  });
  const capacity = kinds
    .filter((k) => k !== 'postgres')
    .map((kind) => {
      const of = runs.filter((r) => r.kind === kind);
      const steps = sizes.steps
        .map((clients): CapacitySummary => {
          const at = of.flatMap((r) => r.capacity.filter((s) => s.clients === clients));
          const fan = at.map((s) => percentiles([...s.fanout.same, ...s.fanout.cross]));
          const med = (f: (s: (typeof at)[number]) => number) => median(at.map(f));
          return {
            clients,
            rounds: at.length,
            p50: median(fan.map((p) => p.p50)),
            p99: median(fan.map((p) => p.p99)),
            sameP99: med((s) => percentiles(s.fanout.same).p99),
            crossP99: med((s) => percentiles(s.fanout.cross).p99),
            missing: at.reduce(
              (n, s) => n + s.expected - s.fanout.same.length - s.fanout.cross.length,
              0,
            ),
            serversCpuPercent: med((s) => percent(s, s.serversMs)),
            clientsCpuPercent: med((s) => percent(s, s.clientsMs)),
            disturbed: at.filter(disturbed).length,
          };
        })
        .filter((s) => s.rounds > 0);
      // The largest step under the limit with every smaller step under it too.
      let largestUnderLimit: number | null = null;
      for (const s of steps) {
        if (!(s.p99 < P99_LIMIT_MS)) break;
        largestUnderLimit = s.clients;
      }
      return { kind, steps, largestUnderLimit };
    });
  return {
    sizes,
    configs,
    capacity,
    runs: runs.map((r) => ({
      kind: r.kind,
      round: r.round,
      fanout: percentiles(all(r)),
      ack: percentiles(r.load.ackMs),
      othersCpuPercent: percent(r.load, r.load.othersMs),
      capacity: r.capacity.map((s) => ({
        clients: s.clients,
        p99: percentiles([...s.fanout.same, ...s.fanout.cross]).p99,
        othersCpuPercent: percent(s, s.othersMs),
      })),
    })),
  };
}

/** Columns padded: the first left-aligned, the rest right-aligned. */
function grid(header: readonly string[], body: readonly (readonly string[])[]): string {
  const all = [header, ...body];
  const widths = header.map((_, c) => Math.max(...all.map((row) => (row[c] ?? '').length)));
  const line = (row: readonly string[]) =>
    row
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0)))
      .join(' | ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...body.map(line)].join('\n');
}

const ratio = (x: number, ref: number) =>
  Number.isFinite(x) && Number.isFinite(ref) && ref > 0 ? `${(x / ref).toFixed(2)}×` : '—';

/** The load table (each configuration and its ratio to SQLite) and the capacity table. */
export function clusterTables(r: ClusterResult): string {
  const by = (k: ConfigKind) => r.configs.find((c) => c.kind === k);
  const [a, b, c] = [by('sqlite'), by('postgres'), by('cluster')];
  const metric = (label: string, f: (s: ConfigSummary) => number, compare = true): string[] => {
    const v = (s: ConfigSummary | undefined) => (s ? f(s) : NaN);
    return [
      label,
      fmt(v(a)),
      fmt(v(b)),
      fmt(v(c)),
      compare ? ratio(v(b), v(a)) : '—',
      compare ? ratio(v(c), v(a)) : '—',
    ];
  };
  const s = r.sizes;
  const rows = [
    metric('fan-out p50 (ms)', (x) => x.fanout.p50),
    metric('fan-out p95 (ms)', (x) => x.fanout.p95),
    metric('fan-out p99 (ms)', (x) => x.fanout.p99),
    metric('fan-out max (ms)', (x) => x.fanout.max),
    metric('  same process p50 (ms)', (x) => x.same.p50),
    metric('  same process p99 (ms)', (x) => x.same.p99),
    metric('  cross process p50 (ms)', (x) => x.cross.p50),
    metric('  cross process p99 (ms)', (x) => x.cross.p99),
    metric('fan-out samples missing (all rounds)', (x) => x.expected - x.delivered, false),
    metric('keystroke → SAVED p50 (ms)', (x) => x.ack.p50),
    metric('keystroke → SAVED p95 (ms)', (x) => x.ack.p95),
    metric('keystroke → SAVED p99 (ms)', (x) => x.ack.p99),
    metric('SAVED missing (all rounds)', (x) => x.keystrokes - x.ack.count, false),
    metric('/metrics commit mean (ms)', (x) => x.commit.meanMs),
    metric('/metrics commit p99 bucket, at most (ms)', (x) => x.commit.p99AtMostMs),
    metric('servers CPU (% of a core)', (x) => x.serversCpuPercent),
    metric('bench clients CPU (% of a core)', (x) => x.clientsCpuPercent, false),
    metric('its PostgreSQL backends + Redis CPU (% of a core)', (x) => x.servicesCpuPercent),
    metric('other processes CPU (% of a core)', (x) => x.othersCpuPercent, false),
    metric('rounds disturbed (others > 50 % of a core)', (x) => x.disturbedRounds, false),
    metric('process start-up (ms)', (x) => x.startupMs),
  ];
  const loadTable =
    `Cluster: ${s.clients} stock clients on the declaration spread evenly over the processes, ` +
    `${s.typers} typing ${s.rate} edits/s for ${s.seconds} s; medians over ${s.rounds} round(s) ` +
    `(order alternating). Same/cross: receivers on the typer's process or the other one.\n` +
    grid(['metric', 'SQLite (a)', 'PG (b)', '2×PG+Redis (c)', 'b/a', 'c/a'], rows);
  const capacityRows: string[][] = [];
  const cap = (k: ConfigKind) => r.capacity.find((x) => x.kind === k);
  const [ca, cc] = [cap('sqlite'), cap('cluster')];
  for (const clients of s.steps) {
    const sa = ca?.steps.find((x) => x.clients === clients);
    const sc = cc?.steps.find((x) => x.clients === clients);
    if (!sa && !sc) continue;
    capacityRows.push([
      String(clients),
      fmt(sa?.p99 ?? NaN),
      fmt(sc?.p99 ?? NaN),
      fmt(sc?.sameP99 ?? NaN),
      fmt(sc?.crossP99 ?? NaN),
      ratio(sc?.p99 ?? NaN, sa?.p99 ?? NaN),
      `${fmt(sa?.missing ?? NaN)} / ${fmt(sc?.missing ?? NaN)}`,
      `${fmt(sa?.serversCpuPercent ?? NaN)} / ${fmt(sc?.serversCpuPercent ?? NaN)}`,
      `${fmt(sa?.disturbed ?? NaN)} / ${fmt(sc?.disturbed ?? NaN)}`,
    ]);
  }
  const largest = (x: typeof ca) => {
    if (x?.largestUnderLimit === null || x === undefined) return 'none';
    // Every step passed: the limit lies beyond the largest step measured.
    return x.largestUnderLimit === s.steps[s.steps.length - 1]
      ? `${x.largestUnderLimit} (every step; the limit is higher)`
      : String(x.largestUnderLimit);
  };
  const capacityTable =
    `Capacity: clients on one document (${s.stepTypers} stock typers at ${s.stepRate} edits/s ` +
    `for ${s.stepSeconds} s, the rest wire-level listeners), fan-out p99 in ms.\n` +
    grid(
      [
        'clients',
        'SQLite p99',
        '2×PG p99',
        'same p99',
        'cross p99',
        'c/a',
        'missing a / c',
        'servers CPU % a / c',
        'disturbed a / c',
      ],
      capacityRows,
    ) +
    `\nlargest step with p99 under ${P99_LIMIT_MS} ms: SQLite ${largest(ca)}, ` +
    `two processes ${largest(cc)}`;
  return `${loadTable}\n\n${capacityTable}`;
}
