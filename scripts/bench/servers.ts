import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { DEMO_PASSWORD, NO_SESSIONS, signInDemoAccounts, type Sessions } from './sessions.js';

/** Which server a run measures. */
export type ServerKind = 'accord' | 'reference';

/** A server running as its own process, so that its CPU and memory are its own. */
export interface ServerProcess {
  kind: ServerKind;
  pid: number;
  /** Base URL that a `WebsocketProvider` appends `/<room>` to. */
  wsBase: string;
  /** Milliseconds from spawn until the server listened. */
  startupMs: number;
  /** Who the clients connect as. */
  sessions: Sessions;
  /** Stops the process (SIGTERM, then SIGKILL) and removes its data (unless it was given). */
  stop(): Promise<void>;
  /** Kills the process at once (SIGKILL), as a crash or a hard restart would; keeps its data. */
  kill(): Promise<void>;
}

/** How to start Accord, beyond the defaults. */
export interface AccordStart {
  /** Data folder to (re)use and keep, e.g. for a restart; default: a fresh one, removed on stop. */
  dataDir?: string;
  /** Sessions signed in before a restart (they are stored, so they still hold). */
  sessions?: Sessions;
  /** Extra arguments for node, e.g. `--cpu-prof`. */
  nodeArgs?: readonly string[];
  /** The built client to serve (ACCORD_CLIENT_DIR), for benchmarks in a browser. */
  clientDir?: string;
  /** More environment, e.g. ACCORD_DATABASE_URL and ACCORD_REDIS_URL for the cluster bench. */
  env?: Readonly<Record<string, string>>;
}

const children = new Set<ChildProcess>();
const tempDirs = new Set<string>();
const START_TIMEOUT_MS = 30_000;
// Generous: a server under --cpu-prof writes its profile on the way out.
const STOP_TIMEOUT_MS = 20_000;

/**
 * Kills every server this process started and removes their data folders. Synchronous, so that
 * it also works from an 'exit' handler: a benchmark must never leave a server behind.
 */
export function killAllServers(): void {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  children.clear();
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

/**
 * Starts Accord (`server/src/main.ts`, as `npm run serve` runs it) on a fresh data folder made
 * in `dataRoot` (or on `start.dataDir`), and signs the demo accounts in (unless given sessions).
 */
export async function startAccord(
  repoRoot: string,
  seedsDir: string,
  dataRoot: string,
  start: AccordStart = {},
): Promise<ServerProcess> {
  const dataDir = start.dataDir ?? makeDataDir(dataRoot);
  const ownsData = start.dataDir === undefined;
  const env = {
    PORT: '0',
    HOST: '127.0.0.1',
    ACCORD_DATA_DIR: dataDir,
    ACCORD_SEEDS_DIR: seedsDir,
    ACCORD_PRINT_PORT: '1',
    ACCORD_DEMO_PASSWORD: DEMO_PASSWORD,
    // The benchmarks edit the text freely, as without rounds (RD9).
    ACCORD_CALENDAR: 'none',
    ...(start.clientDir ? { ACCORD_CLIENT_DIR: start.clientDir } : {}),
    ...start.env,
  };
  const started = await startProcess(
    repoRoot,
    [...(start.nodeArgs ?? []), '--import', 'tsx', 'server/src/main.ts'],
    env,
    /ACCORD_PORT=(\d+)/,
  );
  const stop = async () => {
    await stopProcess(started.child);
    if (ownsData) removeDataDir(dataDir);
  };
  let sessions: Sessions;
  try {
    sessions = start.sessions ?? (await signInDemoAccounts(`http://127.0.0.1:${started.port}`));
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    kind: 'accord',
    pid: started.pid,
    wsBase: `ws://127.0.0.1:${started.port}/collab`,
    startupMs: started.startupMs,
    sessions,
    stop,
    kill: () => killProcess(started.child),
  };
}

/** A fresh, empty data folder for Accord in `dataRoot`, removed when the benchmark ends. */
export function makeDataDir(dataRoot: string): string {
  const dir = fs.mkdtempSync(path.join(dataRoot, 'accord-bench-'));
  tempDirs.add(dir);
  return dir;
}

/** Removes a data folder made by `makeDataDir`. */
export function removeDataDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

/** Starts the reference, the stock `@y/websocket-server` 0.1.1, in memory as it ships. */
export async function startReference(repoRoot: string): Promise<ServerProcess> {
  // Its server.js takes a fixed PORT, so find a free one first.
  const port = await freePort();
  const script = path.join('node_modules', '@y', 'websocket-server', 'src', 'server.js');
  const env = { HOST: '127.0.0.1', PORT: String(port) };
  const started = await startProcess(repoRoot, [script], env, /on port (\d+)/);
  return {
    kind: 'reference',
    pid: started.pid,
    wsBase: `ws://127.0.0.1:${started.port}`,
    startupMs: started.startupMs,
    sessions: NO_SESSIONS,
    stop: () => stopProcess(started.child),
    kill: () => killProcess(started.child),
  };
}

interface Started {
  child: ChildProcess;
  pid: number;
  port: number;
  startupMs: number;
}

function startProcess(
  cwd: string,
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
): Promise<Started> {
  const t0 = performance.now();
  const child = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  // Keep only the tail of the output: enough to explain a failure, bounded in memory.
  let output = '';
  const collect = (data: Buffer) => {
    output = (output + data.toString()).slice(-8000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  return new Promise<Started>((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${args.join(' ')} ${why}:\n${output}`));
    };
    const timer = setTimeout(
      () => fail(`did not listen within ${START_TIMEOUT_MS} ms`),
      START_TIMEOUT_MS,
    );
    const onData = () => {
      const port = Number(ready.exec(output)?.[1]);
      if (!port || child.pid === undefined) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      resolve({ child, pid: child.pid, port, startupMs: performance.now() - t0 });
    };
    const onExit = (code: number | null) => fail(`exited with ${String(code)}`);
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

async function killProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGKILL');
  await exited;
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

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU time (user + system, all threads) the process has used so far, in ms. */
export function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name may contain spaces; the fields after it are space-separated. utime and
  // stime are fields 14 and 15 of the line, i.e. 12 and 13 after the ") ".
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / CLOCK_TICKS;
}

/** Resident memory now (VmRSS) and its peak so far (VmHWM), in KiB. */
export function memoryKb(pid: number): { rssKb: number; peakKb: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) =>
    Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssKb: field('VmRSS'), peakKb: field('VmHWM') };
}

/**
 * CPU time used on the whole machine so far (all cores, user + system + interrupts + steal), in
 * ms. Minus the server's and this process's own, it shows how busy the rest of the machine was.
 */
export function machineBusyMs(): number {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  // cpu  user nice system idle iowait irq softirq steal …
  const [user, nice, system, , , irq, softirq, steal] = line
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const ticks = [user, nice, system, irq, softirq, steal].reduce<number>(
    (sum, t) => sum + (t ?? 0),
    0,
  );
  return (ticks * 1000) / CLOCK_TICKS;
}

/** The file system type of the mount holding `dir` (e.g. "ext4", "tmpfs"), from /proc/mounts. */
export function fileSystemOf(dir: string): string {
  const real = fs.realpathSync(dir);
  let best = { mount: '', type: 'unknown' };
  for (const line of fs.readFileSync('/proc/mounts', 'utf8').split('\n')) {
    const [, mount, type] = line.split(' ');
    if (!mount || !type) continue;
    const inside = real === mount || real.startsWith(mount.endsWith('/') ? mount : `${mount}/`);
    if (inside && mount.length >= best.mount.length) best = { mount, type };
  }
  return best.type;
}
