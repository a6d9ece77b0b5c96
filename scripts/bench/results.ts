import fs from 'node:fs';
import path from 'node:path';
import type { AmendmentsBrowserResult } from './amendmentsBrowser.js';
import type { AmendmentsServerResult } from './amendmentsServer.js';
import type { ColdPhase } from './coldPhase.js';
import type { BenchOptions } from './options.js';
import type { PresenceRun } from './presencePhase.js';
import { machine, type RunResult, type ServerSummary } from './report.js';
import { percentiles } from './stats.js';

/**
 * Writes the settings, machine, summaries and per-run figures of every scenario that ran (no
 * raw samples, only their percentiles) as JSON.
 */
export function writeJson(
  file: string,
  options: BenchOptions,
  typing: { accord: ServerSummary; reference: ServerSummary; runs: RunResult[] } | null,
  presence: readonly PresenceRun[],
  cold: ColdPhase | null,
  amendments: {
    server: AmendmentsServerResult | null;
    browser: AmendmentsBrowserResult | null;
  } = { server: null, browser: null },
): void {
  const typingRuns = typing?.runs.map((r) => ({
    kind: r.kind,
    round: r.round,
    startupMs: r.startupMs,
    peakKb: r.peakKb,
    fanout: percentiles(r.load.fanoutMs),
    ack: percentiles(r.load.ackMs),
    load: { ...r.load, fanoutMs: undefined, ackMs: undefined },
    history: r.history,
    serverCloses: r.serverCloses,
  }));
  const presenceRuns = presence.map((r) => ({
    ...r,
    fanoutMs: undefined,
    fanout: percentiles(r.fanoutMs),
    cpuPercent: (100 * r.cpuMs) / r.wallMs,
  }));
  const json = {
    generatedAt: new Date().toISOString(),
    machine: machine(),
    options,
    summaries: typing ? { accord: typing.accord, reference: typing.reference } : null,
    runs: typingRuns ?? [],
    presence: presenceRuns,
    cold,
    amendments,
  };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Sub-microsecond digits are timer noise; two decimals keep the file readable.
  const round = (_key: string, v: unknown) =>
    typeof v === 'number' && !Number.isInteger(v) ? Math.round(v * 100) / 100 : v;
  fs.writeFileSync(file, `${JSON.stringify(json, round, 2)}\n`);
}
