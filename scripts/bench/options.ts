import fs from 'node:fs';
import os from 'node:os';

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
}

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
};

/** Upper limits, so that a typo in a flag cannot start an unbounded run. */
const LIMITS: Record<Exclude<keyof BenchOptions, 'quick' | 'dataRoot'>, [number, number]> = {
  clients: [2, 500],
  typers: [1, 100],
  rate: [1, 100],
  seconds: [1, 120],
  history: [10, 100_000],
  loads: [1, 50],
  rounds: [1, 8],
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
  --data-root  where Accord's fresh data folder goes (default ${FULL.dataRoot}; /dev/shm: no fsync cost)`;

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
    if (!match || name === undefined || !(name in LIMITS))
      throw new Error(`unknown argument ${arg}`);
    const value = Number(raw);
    const [min, max] = LIMITS[name as keyof typeof LIMITS];
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new Error(`--${name} must be a whole number from ${min} to ${max}, got ${String(raw)}`);
    }
    options[name as keyof typeof LIMITS] = value;
  }
  if (options.typers > options.clients) throw new Error('--typers cannot exceed --clients');
  return options;
}
