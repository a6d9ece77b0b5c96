import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import pg from 'pg';
import { destroyAllClients } from './clients.js';
import {
  CapacityRun,
  runClusterLoad,
  type CapacityStep,
  type ServicePids,
} from './clusterPhase.js';
import type { BenchOptions, ClusterSizes } from './options.js';
import { startAccord, type ServerProcess } from './servers.js';
import { fmt } from './report.js';
import { median, percentiles } from './stats.js';
import {
  CONFIGS,
  summariseCluster,
  type ClusterResult,
  type ClusterRun,
  type ConfigKind,
  disturbed,
} from './clusterReport.js';

/** Where Accord is and how to start it. */
export interface ClusterPaths {
  repoRoot: string;
  seedsDir: string;
  nodeArgs?: readonly string[];
}

/** The server tests and benchmarks create their databases on; its own database is not used. */
const ADMIN_URL =
  process.env.ACCORD_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** A step whose p99 passes this has shown the limit: larger steps are not run. */
const GIVE_UP_P99_MS = 1000;

const liveDatabases = new Set<string>();
const liveRedis = new Set<ChildProcess>();
// On any exit (the time limit, Ctrl-C, an error) leave no database and no Redis behind. The
// servers are SIGKILLed by the bench's own handler; FORCE drops the database under them anyway.
process.on('exit', () => {
  for (const child of liveRedis) child.kill('SIGKILL');
  for (const name of liveDatabases) {
    try {
      execFileSync('psql', [ADMIN_URL, '-c', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`], {
        stdio: 'ignore',
        timeout: 10_000,
      });
    } catch {
      // Nothing more can be done on the way out.
    }
  }
});

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh database; returns its URL, its name and how to drop it. */
async function createDatabase(): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
  const name = `accord_bench_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  liveDatabases.add(name);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: async () => {
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      liveDatabases.delete(name);
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** A private redis-server (nothing on disk), as the cluster tests start one. */
async function startRedis(): Promise<{ url: string; pid: number; stop: () => Promise<void> }> {
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  liveRedis.add(child);
  const stop = async () => {
    liveRedis.delete(child);
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
  };
  const deadline = performance.now() + 10_000;
  while (!(await answers(port))) {
    if (performance.now() > deadline || child.exitCode !== null) {
      await stop();
      throw new Error(`redis-server on port ${port} did not start`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { url: `redis://127.0.0.1:${port}`, pid: child.pid ?? 0, stop };
}

/** Whether a Redis on `port` answers PING. */
function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.setTimeout(1000);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/**
 * Starts configuration `kind` (fresh database and Redis where it needs them), runs `work` on its
 * processes, and stops and removes everything, in reverse order, whatever happens.
 */
async function withConfig<T>(
  kind: ConfigKind,
  paths: ClusterPaths,
  options: BenchOptions,
  work: (servers: ServerProcess[], servicePids: ServicePids) => Promise<T>,
): Promise<T> {
  const cleanups: (() => Promise<void>)[] = [];
  try {
    const env: Record<string, string> = {};
    let database: string | null = null;
    let redisPid: number | null = null;
    if (kind !== 'sqlite') {
      const db = await createDatabase();
      cleanups.push(db.drop);
      env.ACCORD_DATABASE_URL = db.url;
      database = db.name;
    }
    if (kind === 'cluster') {
      const redis = await startRedis();
      cleanups.push(redis.stop);
      env.ACCORD_REDIS_URL = redis.url;
      redisPid = redis.pid;
    }
    const servicePids: ServicePids = async () => {
      const backends = database
        ? await admin((c) =>
            c.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [
              database,
            ]),
          )
        : { rows: [] };
      return [...backends.rows.map((r) => r.pid), ...(redisPid ? [redisPid] : [])];
    };
    const start = { env, nodeArgs: paths.nodeArgs };
    const first = await startAccord(paths.repoRoot, paths.seedsDir, options.dataRoot, start);
    cleanups.push(first.stop);
    const servers = [first];
    if (kind === 'cluster') {
      // Started after the first has seeded the database; sessions live there, so one sign-in
      // holds on both processes.
      const second = await startAccord(paths.repoRoot, paths.seedsDir, options.dataRoot, {
        ...start,
        sessions: first.sessions,
      });
      cleanups.push(second.stop);
      servers.push(second);
    }
    return await work(servers, servicePids);
  } finally {
    destroyAllClients();
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (err) {
        process.stderr.write(`  cleanup failed: ${(err as Error).message}\n`);
      }
    }
  }
}

/** Steps up the clients on one document until the p99 has clearly passed the limit. */
async function runCapacity(
  servers: ServerProcess[],
  sizes: ClusterSizes,
  servicePids: ServicePids,
): Promise<CapacityStep[]> {
  const run = new CapacityRun(servers, sizes, servicePids);
  const steps: CapacityStep[] = [];
  try {
    for (const clients of sizes.steps) {
      await run.grow(clients);
      const step = await run.measure();
      steps.push(step);
      const p99 = percentiles([...step.fanout.same, ...step.fanout.cross]).p99;
      process.stdout.write(
        ` ${clients}: p99 ${fmt(p99)} ms${disturbed(step) ? ' (disturbed)' : ''};`,
      );
      if (!(p99 < GIVE_UP_P99_MS)) break;
    }
    return steps;
  } finally {
    run.close();
  }
}

/**
 * The cluster scenario (issue 11): per round, each configuration in turn (order alternating)
 * gets the same load, then (SQLite and the cluster) the capacity steps. Null when there is no
 * PostgreSQL to run on.
 */
export async function runClusterBench(
  paths: ClusterPaths,
  options: BenchOptions,
): Promise<ClusterResult | null> {
  const sizes = options.cluster;
  try {
    await admin((c) => c.query('SELECT 1'));
  } catch (err) {
    process.stdout.write(`  skipped: no PostgreSQL at ${ADMIN_URL} (${(err as Error).message})\n`);
    return null;
  }
  const runs: ClusterRun[] = [];
  for (let round = 1; round <= sizes.rounds; round++) {
    const order = round % 2 === 1 ? [...CONFIGS] : [...CONFIGS].reverse();
    for (const kind of order) {
      const run = await withConfig(kind, paths, options, async (servers, servicePids) => {
        const startupMs = servers.map((s) => s.startupMs);
        process.stdout.write(`  round ${round} ${kind}:`);
        if (runs.length === 0) {
          // This process's client code is cold at first; an unmeasured short load warms it.
          process.stdout.write(' warm-up…');
          const warm = { ...sizes, seconds: Math.min(2, sizes.seconds) };
          await runClusterLoad(servers, warm, 0, servicePids);
        }
        process.stdout.write(' load…');
        const load = await runClusterLoad(servers, sizes, round, servicePids);
        const all = [...load.fanout.same, ...load.fanout.cross];
        process.stdout.write(
          ` fan-out p50 ${fmt(percentiles(all).p50)} p99 ${fmt(percentiles(all).p99)} ms, ` +
            `SAVED p50 ${fmt(median(load.ackMs))} ms, others' CPU ` +
            `${fmt((100 * load.othersMs) / load.wallMs)} %${disturbed(load) ? ' (disturbed)' : ''}`,
        );
        let capacity: CapacityStep[] = [];
        if (kind !== 'postgres') {
          process.stdout.write('; capacity');
          capacity = await runCapacity(servers, sizes, servicePids);
        }
        process.stdout.write('\n');
        return { kind, round, startupMs, load, capacity };
      });
      runs.push(run);
    }
  }
  return summariseCluster(runs, sizes);
}

/**
 * Adds the cluster scenario's figures (no raw samples) to the results file `writeJson` wrote,
 * under `cluster`, rounded as that file is.
 */
export function addClusterToJson(file: string, result: ClusterResult): void {
  const json = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  json.cluster = result;
  const round = (_key: string, v: unknown) =>
    typeof v === 'number' && !Number.isInteger(v) ? Math.round(v * 100) / 100 : v;
  fs.writeFileSync(file, `${JSON.stringify(json, round, 2)}\n`);
}
