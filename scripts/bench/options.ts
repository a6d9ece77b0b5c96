import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** What one `npm run bench` does; every count and duration is bounded. */
export interface BenchOptions {
  /** Clients connected to the load document, all listening. */
  clients: number;
  /** How many of those clients type. */
  typers: number;
  /** Keystrokes per second per typer. */
  rate: number;
  /** Length of the typing phase, in seconds. */
  seconds: number;
  /** Updates in the long history that fresh clients then load. */
  history: number;
  /** Fresh clients that load the long-history document, one after another. */
  loads: number;
  /** Rounds; each runs both servers, the order alternating (A B, B A, …) for fairness. */
  rounds: number;
  /**
   * Folder in which Accord gets its fresh data folder. The default is on disk; a tmpfs such as
   * /dev/shm makes fsync free, which separates the cost of durability from the rest.
   */
  dataRoot: string;
  quick: boolean;
  /** Which scenarios run. */
  scenarios: Scenario[];
  /** Presence scenario: the numbers of clients on one document, each measured. */
  presenceClients: number[];
  /** Presence scenario: how many of them type. */
  presenceTypers: number;
  /** Presence scenario: edits per second per typer. */
  presenceRate: number;
  /** Presence scenario: length of the measured window, in seconds. */
  presenceSeconds: number;
  /** Cold join: edits in the history written before the restarts. */
  coldHistory: number;
  /** Cold join: restarts (one join each) per server and round. */
  coldJoins: number;
  /** Folder for CPU profiles of Accord (node --cpu-prof), or null for none. */
  cpuProf: string | null;
  /** Amendments: rounds of each server measurement (fresh delegation, fresh paragraphs). */
  amendmentRounds: number;
  /** Amendments, browser: keystrokes timed in the Chair's editor, per case. */
  keystrokes: number;
  /** The built client the browser bench's server serves (`npx vite build client`). */
  clientDir: string;
  /** The cluster scenario's sizes (issue 11). */
  cluster: ClusterSizes;
}

/**
 * The cluster scenario (issue 11): one load given to each configuration (one process on SQLite,
 * one on PostgreSQL, two on PostgreSQL + Redis), then capacity steps on one document.
 */
export interface ClusterSizes {
  /** Stock clients on the declaration, spread evenly over the processes. */
  clients: number;
  /** How many of them type, `rate` edits a second each, for `seconds`. */
  typers: number;
  rate: number;
  seconds: number;
  /** Rounds; the order of the configurations alternates. */
  rounds: number;
  /** Capacity: the numbers of clients on one document, measured in turn (the smallest first). */
  steps: number[];
  /** Capacity: the fixed few typers, their edits per second, and the measured window (s). */
  stepTypers: number;
  stepRate: number;
  stepSeconds: number;
}

/**
 * The parts of the benchmark: typing + history, presence at scale, cold join, and a realistic
 * amendment round (issue 7) on the server and in the Chair's browser.
 */
export const SCENARIOS = [
  'typing',
  'presence',
  'cold',
  'amendments-server',
  'amendments-browser',
  'rounds-server',
  'consolidation-browser',
  'exports-server',
  'cluster',
] as const;
/** One part of the benchmark. */
export type Scenario = (typeof SCENARIOS)[number];

/** The client `npm run build` makes; ACCORD_CLIENT_DIST names another build (as in tests). */
const DEFAULT_CLIENT_DIR =
  process.env.ACCORD_CLIENT_DIST ??
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../client/dist');

const FULL: BenchOptions = {
  clients: 40,
  typers: 8,
  rate: 10,
  seconds: 10,
  history: 5000,
  loads: 7,
  // Four rounds (A B, B A, A B, B A): balanced order, and medians that one disturbed round
  // cannot decide; about two minutes on two cores.
  rounds: 4,
  dataRoot: os.tmpdir(),
  quick: false,
  scenarios: [...SCENARIOS],
  presenceClients: [200, 500],
  presenceTypers: 20,
  presenceRate: 2,
  presenceSeconds: 10,
  coldHistory: 20_000,
  coldJoins: 3,
  cpuProf: null,
  amendmentRounds: 5,
  keystrokes: 200,
  clientDir: DEFAULT_CLIENT_DIR,
  cluster: {
    clients: 40,
    typers: 8,
    rate: 10,
    seconds: 10,
    rounds: 2,
    steps: [50, 100, 200, 400, 600],
    stepTypers: 4,
    stepRate: 5,
    stepSeconds: 5,
  },
};

/** The smoke run: a few seconds per server, enough to see that every part works. */
const QUICK: BenchOptions = {
  clients: 10,
  typers: 3,
  rate: 10,
  seconds: 3,
  history: 500,
  loads: 3,
  rounds: 1,
  dataRoot: os.tmpdir(),
  quick: true,
  scenarios: [...SCENARIOS],
  presenceClients: [40],
  presenceTypers: 5,
  presenceRate: 2,
  presenceSeconds: 3,
  coldHistory: 2000,
  coldJoins: 1,
  cpuProf: null,
  amendmentRounds: 2,
  keystrokes: 50,
  clientDir: DEFAULT_CLIENT_DIR,
  cluster: {
    clients: 10,
    typers: 3,
    rate: 10,
    seconds: 3,
    rounds: 1,
    steps: [20, 60],
    stepTypers: 2,
    stepRate: 5,
    stepSeconds: 3,
  },
};

/** Upper limits, so that a typo in a flag cannot start an unbounded run. */
type NumberOption = {
  [K in keyof BenchOptions]: BenchOptions[K] extends number ? K : never;
}[keyof BenchOptions];

const LIMITS: Record<NumberOption, [number, number]> = {
  clients: [2, 500],
  typers: [1, 100],
  rate: [1, 100],
  seconds: [1, 120],
  history: [10, 100_000],
  loads: [1, 50],
  rounds: [1, 8],
  presenceTypers: [1, 100],
  presenceRate: [1, 20],
  presenceSeconds: [1, 60],
  coldHistory: [10, 100_000],
  coldJoins: [1, 10],
  amendmentRounds: [1, 10],
  keystrokes: [10, 2000],
};

/** Flag name (kebab case) → option name. */
const FLAG_NAMES: Record<string, NumberOption> = {
  clients: 'clients',
  typers: 'typers',
  rate: 'rate',
  seconds: 'seconds',
  history: 'history',
  loads: 'loads',
  rounds: 'rounds',
  'presence-typers': 'presenceTypers',
  'presence-rate': 'presenceRate',
  'presence-seconds': 'presenceSeconds',
  'cold-history': 'coldHistory',
  'cold-joins': 'coldJoins',
  'amendment-rounds': 'amendmentRounds',
  keystrokes: 'keystrokes',
};

/** The flags' help text. */
export const USAGE = `usage: npm run bench -- [--quick] [--clients N] [--typers N] [--rate N] [--seconds N]
                        [--history N] [--loads N] [--rounds N] [--data-root DIR]
  --quick      smoke run (${QUICK.clients} clients, ${QUICK.typers} typers, ${QUICK.seconds} s, history ${QUICK.history}, 1 round)
  --clients    clients on the load document, all listening (default ${FULL.clients})
  --typers     how many of them type (default ${FULL.typers})
  --rate       keystrokes per second per typer (default ${FULL.rate})
  --seconds    length of the typing phase (default ${FULL.seconds})
  --history    updates in the long history (default ${FULL.history})
  --loads      fresh clients timed loading it (default ${FULL.loads})
  --rounds     rounds of both servers, order alternating (default ${FULL.rounds})
  --data-root  where Accord's fresh data folder goes (default ${FULL.dataRoot}; /dev/shm: no fsync cost)
  --only       scenarios to run, comma-separated: ${SCENARIOS.join(',')} (default all)
  --presence-clients  clients on one document with presence at 1 Hz, comma-separated (default ${FULL.presenceClients.join(',')})
  --presence-typers   how many of them type (default ${FULL.presenceTypers})
  --presence-rate     edits per second per typer (default ${FULL.presenceRate})
  --presence-seconds  measured window (default ${FULL.presenceSeconds})
  --cold-history      edits written before restarting for the cold join (default ${FULL.coldHistory})
  --cold-joins        restarts, each timed, per server and round (default ${FULL.coldJoins})
  --cpu-prof DIR      run Accord under node --cpu-prof, profiles written to DIR
  --amendment-rounds  amendments, server: rounds of submit 100 / accept among 40 (default ${FULL.amendmentRounds})
  --keystrokes        amendments, browser: keystrokes timed per case (default ${FULL.keystrokes})
  --client-dir DIR    amendments, browser: the built client to serve (default ${FULL.clientDir})
  cluster: ${FULL.cluster.clients} clients (${FULL.cluster.typers} typing), then ${FULL.cluster.steps.join('/')} on one document
               (quick: ${QUICK.cluster.clients}, then ${QUICK.cluster.steps.join('/')}); PostgreSQL at ACCORD_BENCH_POSTGRES_URL
               (default postgres://postgres@127.0.0.1:5432/postgres), a private redis-server`;

/** Parses `--flag value` / `--flag=value` arguments; throws with a readable message on error. */
export function parseOptions(argv: readonly string[]): BenchOptions {
  const options: BenchOptions = { ...(argv.includes('--quick') ? QUICK : FULL) };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--quick') continue;
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    const name = match?.[1];
    const raw = match?.[2] ?? argv[++i];
    if (name === 'data-root') {
      if (!raw || !fs.statSync(raw, { throwIfNoEntry: false })?.isDirectory()) {
        throw new Error(`--data-root must be an existing folder, got ${String(raw)}`);
      }
      options.dataRoot = raw;
      continue;
    }
    if (name === 'cpu-prof') {
      if (!raw || !fs.statSync(raw, { throwIfNoEntry: false })?.isDirectory()) {
        throw new Error(`--cpu-prof must be an existing folder, got ${String(raw)}`);
      }
      options.cpuProf = raw;
      continue;
    }
    if (name === 'client-dir') {
      if (!raw || !fs.existsSync(path.join(raw, 'index.html'))) {
        throw new Error(`--client-dir must hold a built client (index.html), got ${String(raw)}`);
      }
      options.clientDir = path.resolve(raw);
      continue;
    }
    if (name === 'only') {
      const list = (raw ?? '').split(',');
      const unknown = list.filter((s) => !(SCENARIOS as readonly string[]).includes(s));
      if (unknown.length > 0 || list.length === 0)
        throw new Error(`--only takes some of ${SCENARIOS.join(',')}, got ${String(raw)}`);
      options.scenarios = list as Scenario[];
      continue;
    }
    if (name === 'presence-clients') {
      const list = (raw ?? '').split(',').map(Number);
      if (list.some((n) => !Number.isInteger(n) || n < 2 || n > 1000) || list.length > 5)
        throw new Error(
          `--presence-clients takes up to 5 numbers from 2 to 1000, got ${String(raw)}`,
        );
      options.presenceClients = list;
      continue;
    }
    const key = name === undefined ? undefined : FLAG_NAMES[name];
    if (!match || key === undefined) throw new Error(`unknown argument ${arg}`);
    const value = Number(raw);
    const [min, max] = LIMITS[key];
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new Error(`--${name} must be a whole number from ${min} to ${max}, got ${String(raw)}`);
    }
    options[key] = value;
  }
  if (options.typers > options.clients) throw new Error('--typers cannot exceed --clients');
  return options;
}
