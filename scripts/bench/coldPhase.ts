import { destroyAllClients } from './clients.js';
import { buildColdHistory, coldJoin, type AccordPaths, type ColdJoinResult } from './coldJoin.js';
import type { BenchOptions } from './options.js';
import { fmt, formatTable, type Row } from './report.js';
import { removeDataDir, type ServerKind } from './servers.js';
import { median } from './stats.js';

const ROOM = 'call-for-action';

/** Everything the cold-join scenario measured. */
export interface ColdPhase {
  buildMs: number;
  buildCpuMs: number;
  joins: ColdJoinResult[];
}

/**
 * The cold join: a long history written through Accord once, then per round each server
 * (order alternating) restarted `coldJoins` times, a fresh client timed joining each time.
 */
export async function runColdPhase(paths: AccordPaths, options: BenchOptions): Promise<ColdPhase> {
  process.stdout.write(`  writing a history of ${options.coldHistory} edits through Accord…`);
  const history = await buildColdHistory(paths, ROOM, options);
  process.stdout.write(` ${fmt(history.buildMs / 1000)} s\n`);
  const joins: ColdJoinResult[] = [];
  try {
    for (let round = 1; round <= options.rounds; round++) {
      const order: ServerKind[] =
        round % 2 === 1 ? ['accord', 'reference'] : ['reference', 'accord'];
      for (const kind of order) {
        const times: string[] = [];
        for (let j = 0; j < options.coldJoins; j++) {
          try {
            const result = await coldJoin(kind, round, paths, ROOM, history, options);
            joins.push(result);
            times.push(fmt(result.coldMs));
          } finally {
            destroyAllClients();
          }
        }
        process.stdout.write(
          `  round ${round} ${kind}: joins after restart ${times.join(', ')} ms\n`,
        );
      }
    }
  } finally {
    removeDataDir(history.dataDir);
  }
  return { buildMs: history.buildMs, buildCpuMs: history.buildCpuMs, joins };
}

/** Medians of all joins per server, Accord against the reference. */
export function coldTable(phase: ColdPhase, options: BenchOptions): string {
  const of = (kind: ServerKind, f: (j: ColdJoinResult) => number) =>
    median(phase.joins.filter((j) => j.kind === kind).map(f));
  const row = (label: string, f: (j: ColdJoinResult) => number, compare = true): Row =>
    compare
      ? [label, of('accord', f), of('reference', f)]
      : [label, of('accord', f), of('reference', f), false];
  const count = phase.joins.filter((j) => j.kind === 'accord').length;
  const rows: Row[] = [
    row('first join after restart, to sync (ms)', (j) => j.coldMs),
    row('second join, document loaded (ms)', (j) => j.warmMs),
    row('state the client receives (KiB)', (j) => j.stateBytes / 1024),
    row('restart until listening (ms)', (j) => j.startupMs, false),
  ];
  return (
    `Cold join: a history of ${options.coldHistory} edits (written through Accord in ` +
    `${fmt(phase.buildMs / 1000)} s), server restarted, a fresh client joins; medians of ${count} ` +
    `restarts per server.\nThe reference keeps nothing across a restart: it is given the same ` +
    `document as one update first, so its "first join" finds it already in memory.\n` +
    formatTable(rows)
  );
}
