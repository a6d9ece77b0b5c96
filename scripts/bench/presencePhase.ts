import { destroyAllClients } from './clients.js';
import type { BenchOptions } from './options.js';
import { runPresence, type PresenceResult } from './presence.js';
import { fmt, formatTable, type Row } from './report.js';
import { seedRoom } from './seed.js';
import { startAccord, startReference, type ServerKind } from './servers.js';
import { median, percentiles } from './stats.js';

/** One server, one round, one number of clients. */
export interface PresenceRun extends PresenceResult {
  kind: ServerKind;
  round: number;
}

/** Where Accord is and how to start it. */
export interface PresencePaths {
  repoRoot: string;
  seedsDir: string;
  nodeArgs?: readonly string[];
}

const ROOM = 'declaration';

/**
 * The presence scenario: per round, each server (order alternating) is started fresh and
 * measured with each number of clients in turn, the smallest first.
 */
export async function runPresencePhase(
  paths: PresencePaths,
  options: BenchOptions,
  seeds: ReadonlyMap<string, Uint8Array>,
): Promise<PresenceRun[]> {
  const runs: PresenceRun[] = [];
  for (let round = 1; round <= options.rounds; round++) {
    const order: ServerKind[] = round % 2 === 1 ? ['accord', 'reference'] : ['reference', 'accord'];
    for (const kind of order) {
      const server =
        kind === 'accord'
          ? await startAccord(paths.repoRoot, paths.seedsDir, options.dataRoot, {
              nodeArgs: paths.nodeArgs,
            })
          : await startReference(paths.repoRoot);
      try {
        if (kind === 'reference')
          await seedRoom(server.wsBase, ROOM, seeds.get(ROOM) ?? new Uint8Array());
        for (const count of options.presenceClients) {
          process.stdout.write(`  round ${round} ${kind}: ${count} clients with presence…`);
          const result = await runPresence(server, ROOM, count, options);
          const f = percentiles(result.fanoutMs);
          process.stdout.write(
            ` p50 ${fmt(f.p50)} p99 ${fmt(f.p99)} ms, server ${fmt((100 * result.cpuMs) / result.wallMs)} % of a core, ` +
              `clients ${fmt((100 * result.clientCpuMs) / result.wallMs)} %, ` +
              `others ${fmt((100 * result.backgroundCpuMs) / result.wallMs)} %\n`,
          );
          runs.push({ ...result, kind, round });
        }
      } finally {
        destroyAllClients();
        await server.stop();
      }
    }
  }
  return runs;
}

/** Medians over the rounds of one server and one number of clients. */
interface PresenceSummary {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  delivered: number;
  expected: number;
  cpuPercent: number;
  clientCpuPercent: number;
  backgroundCpuPercent: number;
  presencePerSecond: number;
  serverCloses: number;
}

function summarise(runs: readonly PresenceRun[]): PresenceSummary {
  const med = (f: (r: PresenceRun) => number) => median(runs.map(f));
  const p = runs.map((r) => percentiles(r.fanoutMs));
  return {
    p50: median(p.map((x) => x.p50)),
    p95: median(p.map((x) => x.p95)),
    p99: median(p.map((x) => x.p99)),
    max: median(p.map((x) => x.max)),
    delivered: runs.reduce((n, r) => n + r.fanoutMs.length, 0),
    expected: runs.reduce((n, r) => n + r.expected, 0),
    cpuPercent: med((r) => (100 * r.cpuMs) / r.wallMs),
    clientCpuPercent: med((r) => (100 * r.clientCpuMs) / r.wallMs),
    backgroundCpuPercent: med((r) => (100 * r.backgroundCpuMs) / r.wallMs),
    presencePerSecond: med((r) => (1000 * r.presenceSent) / r.wallMs),
    serverCloses: runs.reduce((n, r) => n + r.serverCloses.length, 0),
  };
}

/** One table per number of clients: medians over the rounds, Accord against the reference. */
export function presenceTables(runs: readonly PresenceRun[], options: BenchOptions): string {
  return options.presenceClients
    .map((count) => {
      const of = (kind: ServerKind) =>
        summarise(runs.filter((r) => r.kind === kind && r.clients === count));
      const a = of('accord');
      const r = of('reference');
      const rows: Row[] = [
        ['fan-out latency p50 (ms)', a.p50, r.p50],
        ['fan-out latency p95 (ms)', a.p95, r.p95],
        ['fan-out latency p99 (ms)', a.p99, r.p99],
        ['fan-out latency max (ms)', a.max, r.max],
        [
          'fan-out samples missing (all rounds)',
          a.expected - a.delivered,
          r.expected - r.delivered,
          false,
        ],
        ['server CPU (% of a core)', a.cpuPercent, r.cpuPercent],
        ['bench clients CPU (% of a core)', a.clientCpuPercent, r.clientCpuPercent, false],
        [
          'other processes CPU (% of a core)',
          a.backgroundCpuPercent,
          r.backgroundCpuPercent,
          false,
        ],
        ['presence messages sent per second', a.presencePerSecond, r.presencePerSecond, false],
        ['connections closed by the server', a.serverCloses, r.serverCloses, false],
      ];
      const typers = Math.min(options.presenceTypers, count - 1);
      return (
        `Presence: ${count} clients on one document, ${typers} typing ${options.presenceRate} edits/s ` +
        `for ${options.presenceSeconds} s, every client moving its cursor once a second\n` +
        formatTable(rows)
      );
    })
    .join('\n\n');
}
