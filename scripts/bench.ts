// Benchmarks Accord against the reference y-websocket server (@y/websocket-server 0.1.1) under
// the same load, in the same run, on loopback:
//
//   npm run bench -- [--quick] [--only typing,presence,cold] [--clients 40] …   (--help lists all)
//
// Three scenarios: typing (few clients, fast typing) then a long history loaded by fresh
// clients; presence at scale (hundreds of clients moving their cursors once a second while
// some type); a cold join (a long history, the server restarted, a fresh client joins). Two
// more measure a realistic amendment round (issue 7) against a reference case of Accord
// itself: amendments-server (submit 100 at once, accept among 40 pending) and
// amendments-browser (overlays loaded in headless Chromium, a keystroke in the Chair's editor).
//
// Each server runs as its own child process, so the CPU time and peak memory reported are the
// server's alone; the clients (stock y-websocket providers) all live in this process. Rounds
// alternate the order of the servers (A B, B A, …) so that neither always runs on a warmer
// machine. It prints the settings, the machine and a table, and writes
// bench-results/latest.json. It measures; it asserts nothing about speed.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { destroyAllClients, takeServerCloses } from './bench/clients.js';
import { runHistory } from './bench/history.js';
import { runLoad } from './bench/load.js';
import { coldTable, runColdPhase, type ColdPhase } from './bench/coldPhase.js';
import { presenceTables, runPresencePhase, type PresenceRun } from './bench/presencePhase.js';
import { parseOptions, USAGE, type BenchOptions } from './bench/options.js';
import {
  closeWarnings,
  machine,
  perRunLines,
  summarise,
  table,
  type RunResult,
  type ServerSummary,
} from './bench/report.js';
import { writeJson } from './bench/results.js';
import {
  ROUND,
  amendmentsServerTable,
  runAmendmentsServer,
  type AmendmentsServerResult,
} from './bench/amendmentsServer.js';
import {
  amendmentsBrowserTable,
  runAmendmentsBrowser,
  type AmendmentsBrowserResult,
} from './bench/amendmentsBrowser.js';
import { roundsServerTable, runRoundsServer } from './bench/roundsServer.js';
import {
  consolidationBrowserTable,
  runConsolidationBrowser,
} from './bench/consolidationBrowser.js';
import { exportsServerTable, runExportsServer } from './bench/exportsServer.js';
import { addClusterToJson, runClusterBench } from './bench/clusterBench.js';
import { clusterTables } from './bench/clusterReport.js';
import { seedRoom, seedStates } from './bench/seed.js';
import {
  fileSystemOf,
  killAllServers,
  memoryKb,
  startAccord,
  startReference,
  type ServerKind,
} from './bench/servers.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SEEDS_DIR = process.env.ACCORD_SEEDS_DIR ?? path.resolve(REPO_ROOT, '../shared/seeds');
const RESULTS_FILE = path.join(REPO_ROOT, 'bench-results', 'latest.json');
/** Typing happens in the seeded declaration; the long history is built in the Call for Action. */
const LOAD_ROOM = 'declaration';
const HISTORY_ROOM = 'call-for-action';

/** Runs one server through both phases and stops it, whatever happens. Round 0 is the warm-up. */
async function runServer(
  kind: ServerKind,
  round: number,
  options: BenchOptions,
  seeds: ReadonlyMap<string, Uint8Array>,
): Promise<RunResult> {
  const server =
    kind === 'accord'
      ? await startAccord(REPO_ROOT, SEEDS_DIR, options.dataRoot, { nodeArgs: nodeArgs(options) })
      : await startReference(REPO_ROOT);
  takeServerCloses();
  try {
    if (kind === 'reference') {
      // The reference starts empty; give it the content Accord seeds itself with.
      for (const [room, state] of seeds) await seedRoom(server.wsBase, room, state);
    }
    process.stdout.write(
      `  ${round === 0 ? 'warm-up (not measured)' : `round ${round}`} ${kind}: typing…`,
    );
    const load = await runLoad(server, LOAD_ROOM, options);
    process.stdout.write(` history…`);
    const history = await runHistory(server, HISTORY_ROOM, options);
    const { peakKb } = memoryKb(server.pid);
    const serverCloses = takeServerCloses();
    process.stdout.write(' done\n');
    return { kind, round, startupMs: server.startupMs, load, history, peakKb, serverCloses };
  } finally {
    destroyAllClients();
    await server.stop();
  }
}

async function main(): Promise<void> {
  if (process.argv.includes('--help')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  let options: BenchOptions;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  // Read the seed first: without it neither server has anything to edit, so fail before starting.
  const seeds = seedStates(SEEDS_DIR);
  // Each stock provider adds a process 'exit' listener; dozens of them are expected here.
  process.setMaxListeners(Math.max(options.clients, options.presenceTypers) + 20);
  // A hard stop in case something hangs: generous for the chosen settings, never unbounded.
  const has = (s: string) => options.scenarios.some((x) => x === s);
  const typingMs = options.seconds * 1000 + options.history * 20 + 120_000;
  const presenceMs = options.presenceClients.length * (options.presenceSeconds * 1000 + 60_000);
  const coldMs = options.coldJoins * 30_000;
  // Filling a round of 2,000 amendments takes about a minute; each measured round a few seconds.
  const amendmentsMs =
    (has('amendments-server') ? 300_000 + options.amendmentRounds * 60_000 : 0) +
    (has('amendments-browser') ? 300_000 + options.keystrokes * 2_000 : 0) +
    // Rounds: two small servers for the gate, then a round of 2,000 amendments (about a minute).
    (has('rounds-server') ? 300_000 : 0) +
    // The consolidation workspace: a round of 2,000 amendments, then loads and filters.
    (has('consolidation-browser') ? 300_000 : 0) +
    // Exports: a round of 2,000 amendments, then each export timed a few times (issue 10).
    (has('exports-server') ? 300_000 : 0) +
    // The cluster (issue 11): about 6 minutes in full, 90 s quick; the limit leaves room.
    (has('cluster') ? (options.quick ? 180_000 : 540_000) : 0);
  const limitMs =
    amendmentsMs +
    options.coldHistory * 20 +
    options.rounds *
      2 *
      ((has('typing') ? typingMs : 0) +
        (has('presence') ? presenceMs : 0) +
        (has('cold') ? coldMs : 0));
  setTimeout(
    () => abort(`the benchmark exceeded its time limit of ${Math.round(limitMs / 1000)} s`),
    limitMs,
  ).unref();

  const m = machine();
  process.stdout.write(
    `Accord benchmark${options.quick ? ' (quick)' : ''}, ${options.rounds} round(s) of: ` +
      `${options.scenarios.join(', ')}\n` +
      (has('typing')
        ? `typing: ${options.clients} clients on one document, ${options.typers} typing ${options.rate} ` +
          `keystrokes/s each for ${options.seconds} s; history of ${options.history} updates, ` +
          `${options.loads} fresh loads\n`
        : '') +
      (has('presence')
        ? `presence: ${options.presenceClients.join(' and ')} clients, ${options.presenceTypers} typing ` +
          `${options.presenceRate} edits/s for ${options.presenceSeconds} s, cursor moves at 1 Hz\n`
        : '') +
      (has('cold')
        ? `cold join: history of ${options.coldHistory} edits, ${options.coldJoins} restart(s) per server and round\n`
        : '') +
      (has('amendments-server') || has('amendments-browser')
        ? `amendments: ${ROUND.delegations} delegations, ${ROUND.amendments} amendments, a ` +
          `${ROUND.words}-word declaration; server ${options.amendmentRounds} round(s), browser ` +
          `${options.keystrokes} keystrokes per case\n`
        : '') +
      `Accord's data folder in ${options.dataRoot} (${fileSystemOf(options.dataRoot)}), ` +
      `SQLite WAL with fsync on every commit\n` +
      `machine: ${m.cores} cores (${m.cpu}), ${m.memoryGb} GiB, node ${m.node}, ${m.os}\n`,
  );
  // This process's client code is cold at first, which would penalise the first measured
  // server (in trials its p99 was several times that of later rounds); a short unmeasured run
  // on the reference warms it up.
  const warmUp = {
    ...options,
    seconds: Math.min(options.seconds, 3),
    history: Math.min(options.history, 500),
    loads: 1,
  };
  if (has('typing') || has('presence') || has('cold'))
    await runServer('reference', 0, warmUp, seeds);
  let typing: { accord: ServerSummary; reference: ServerSummary; runs: RunResult[] } | null = null;
  if (has('typing')) {
    const runs: RunResult[] = [];
    for (let round = 1; round <= options.rounds; round++) {
      const order: ServerKind[] =
        round % 2 === 1 ? ['accord', 'reference'] : ['reference', 'accord'];
      for (const kind of order) runs.push(await runServer(kind, round, options, seeds));
    }
    const accord = summarise(runs.filter((r) => r.kind === 'accord'));
    const reference = summarise(runs.filter((r) => r.kind === 'reference'));
    typing = { accord, reference, runs };
    process.stdout.write(
      `\nper round:\n${perRunLines(runs)}\n\n` +
        `Medians over the ${options.rounds} round(s) (latency: the median of each round's percentile; fresh loads: ` +
        `of all ${accord.freshLoads} loads per server).\nAccord runs under tsx, as \`npm run serve\` runs it.\n\n` +
        `${table(accord, reference)}\n\n${closeWarnings(runs)}`,
    );
  }
  const paths = { repoRoot: REPO_ROOT, seedsDir: SEEDS_DIR, nodeArgs: nodeArgs(options) };
  let presence: PresenceRun[] = [];
  if (has('presence')) {
    process.stdout.write('\npresence at scale:\n');
    presence = await runPresencePhase(paths, options, seeds);
    process.stdout.write(`\n${presenceTables(presence, options)}\n`);
  }
  let cold: ColdPhase | null = null;
  if (has('cold')) {
    process.stdout.write('\ncold join:\n');
    cold = await runColdPhase(paths, options);
    process.stdout.write(`\n${coldTable(cold, options)}\n\n`);
  }
  let amendmentsServer: AmendmentsServerResult | null = null;
  if (has('amendments-server')) {
    process.stdout.write('\namendments, server:\n');
    amendmentsServer = await runAmendmentsServer(paths, options);
    process.stdout.write(`\n${amendmentsServerTable(amendmentsServer)}\n\n`);
  }
  let amendmentsBrowser: AmendmentsBrowserResult | null = null;
  if (has('amendments-browser')) {
    process.stdout.write('\namendments, browser:\n');
    amendmentsBrowser = await runAmendmentsBrowser(paths, options);
    if (amendmentsBrowser)
      process.stdout.write(`\n${amendmentsBrowserTable(amendmentsBrowser)}\n\n`);
  }
  if (has('rounds-server')) {
    process.stdout.write('\nrounds, server:\n');
    process.stdout.write(`\n${roundsServerTable(await runRoundsServer(paths, options))}\n\n`);
  }
  if (has('consolidation-browser')) {
    process.stdout.write('\nconsolidation workspace, browser:\n');
    const result = await runConsolidationBrowser(paths, options);
    if (result) process.stdout.write(`\n${consolidationBrowserTable(result)}\n\n`);
  }
  if (has('exports-server')) {
    process.stdout.write('\nexports, server:\n');
    process.stdout.write(`\n${exportsServerTable(await runExportsServer(paths, options))}\n\n`);
  }
  let cluster: Awaited<ReturnType<typeof runClusterBench>> = null;
  if (has('cluster')) {
    process.stdout.write('\ncluster (issue 11):\n');
    cluster = await runClusterBench(paths, options);
    if (cluster) process.stdout.write(`\n${clusterTables(cluster)}\n\n`);
  }
  writeJson(RESULTS_FILE, options, typing, presence, cold, {
    server: amendmentsServer,
    browser: amendmentsBrowser,
  });
  if (cluster) addClusterToJson(RESULTS_FILE, cluster);
  process.stdout.write(`results: ${path.relative(process.cwd(), RESULTS_FILE)}\n`);
}

/** Node's arguments for Accord: a CPU profile per process when asked for one. */
function nodeArgs(options: BenchOptions): string[] {
  return options.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(options.cpuProf)}`] : [];
}

/** Stops everything this benchmark started and exits with an error. */
function abort(reason: string): void {
  process.stderr.write(`\n${reason}\n`);
  destroyAllClients();
  killAllServers();
  process.exit(1);
}

process.on('exit', killAllServers);
process.on('SIGINT', () => abort('interrupted'));
process.on('SIGTERM', () => abort('terminated'));

main().then(
  () => {
    // The providers' timers are gone, but leave nothing to chance: the run is over.
    destroyAllClients();
    killAllServers();
    process.exit();
  },
  (err: unknown) =>
    abort(`benchmark failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`),
);
