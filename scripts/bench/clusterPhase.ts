import * as Y from 'yjs';
import { FRAGMENT_NAME, updateDigest } from '@accord/shared';
import { BenchClient, bodyTexts, sleep, until } from './clients.js';
import { LightClient } from './lightClient.js';
import { commitHistogram, subtract, type CommitHistogram } from './clusterMetrics.js';
import { cpuMs, machineBusyMs, type ServerProcess } from './servers.js';

/** Fan-out samples (ms), split by whether the receiver is on the typer's process or another. */
export interface Fanout {
  same: number[];
  cross: number[];
}

/** CPU used in a measured window (ms), so a reader sees what the two cores were busy with. */
export interface WindowCpu {
  wallMs: number;
  /** All Accord processes of the configuration together. */
  serversMs: number;
  /** This process: the clients. */
  clientsMs: number;
  /** The configuration's PostgreSQL backends (its database's connections) and its Redis. */
  servicesMs: number;
  /**
   * Everything else: the kernel writing the logs, PostgreSQL's shared writers, and work that
   * is not the benchmark's (on two cores, much of it disturbs the run).
   */
  othersMs: number;
}

/** The pids of the configuration's PostgreSQL backends and Redis, whose CPU is counted. */
export type ServicePids = () => Promise<number[]>;

/** What one configuration's load measured. */
export interface ClusterLoadResult extends WindowCpu {
  fanout: Fanout;
  /** Deliveries there should be: keystrokes × (clients − 1). */
  expected: number;
  keystrokes: number;
  /** Keystroke → its SAVED notice at the typer. */
  ackMs: number[];
  /** The servers' own `accord_update_latency_seconds{stage="commit"}` over the window. */
  commit: CommitHistogram;
}

/** One capacity step: `clients` on one document, a few of them typing. */
export interface CapacityStep extends WindowCpu {
  clients: number;
  fanout: Fanout;
  expected: number;
}

const ROOM = 'declaration';
const DRAIN_TIMEOUT_MS = 15_000;
const TOKEN = /[cs]\d+x\d+-\d+ /g;

/** Where a token was typed, and when. */
type Sent = Map<string, { at: number; proc: number }>;

/** Records a token's arrival at a receiver on process `proc`, as same- or cross-process. */
function record(sent: Sent, fanout: Fanout, text: string, at: number, proc: number): void {
  for (const [token] of text.matchAll(TOKEN)) {
    const s = sent.get(token);
    if (s) (s.proc === proc ? fanout.same : fanout.cross).push(at - s.at);
  }
}

/** A process's CPU so far (ms), 0 once it is gone. */
function cpuOf(pid: number): number {
  try {
    return cpuMs(pid);
  } catch {
    return 0;
  }
}

/** Measures CPU over a window: call the returned function at its end. */
async function cpuWindow(
  servers: readonly ServerProcess[],
  servicePids: ServicePids,
): Promise<() => Promise<WindowCpu>> {
  const serverCpu = () => servers.reduce((n, s) => n + cpuOf(s.pid), 0);
  const services0 = new Map((await servicePids()).map((pid) => [pid, cpuOf(pid)]));
  const s0 = serverCpu();
  const busy0 = machineBusyMs();
  const self0 = process.cpuUsage();
  const t0 = performance.now();
  return async () => {
    const serversMs = serverCpu() - s0;
    const self = process.cpuUsage(self0);
    const clientsMs = (self.user + self.system) / 1000;
    const busy = machineBusyMs() - busy0;
    const wallMs = performance.now() - t0;
    // A backend that connected during the window counts from its start.
    const servicesMs = (await servicePids()).reduce(
      (n, pid) => n + cpuOf(pid) - (services0.get(pid) ?? 0),
      0,
    );
    const othersMs = Math.max(0, busy - serversMs - clientsMs - servicesMs);
    return { wallMs, serversMs, clientsMs, servicesMs, othersMs };
  };
}

/**
 * `sizes.clients` stock clients on the declaration, client i on process i mod P (the first
 * `typers` as pen-holders), `typers` of them typing `rate` edits a second for `seconds`; every
 * keystroke timed at every other client and to its SAVED notice.
 */
export async function runClusterLoad(
  servers: readonly ServerProcess[],
  sizes: { clients: number; typers: number; rate: number; seconds: number },
  round: number,
  servicePids: ServicePids,
): Promise<ClusterLoadResult> {
  const clients: { client: BenchClient; proc: number }[] = [];
  try {
    for (let i = 0; i < sizes.clients; i += 10) {
      const batch = Array.from({ length: Math.min(10, sizes.clients - i) }, (_, j) => {
        const n = i + j;
        const proc = n % servers.length;
        const server = servers[proc] as ServerProcess;
        const cookie =
          n < sizes.typers ? server.sessions.writer(n) : server.sessions.reader(n - sizes.typers);
        return { client: new BenchClient(server.wsBase, ROOM, cookie), proc };
      });
      clients.push(...batch);
      await Promise.all(batch.map((c) => c.client.synced()));
    }
    // Let the burst of presence from everyone joining pass before measuring.
    await sleep(1000);
    const sent: Sent = new Map();
    const fanout: Fanout = { same: [], cross: [] };
    for (const { client, proc } of clients) {
      client.doc.getXmlFragment(FRAGMENT_NAME).observeDeep((events, transaction) => {
        if (transaction.local) return;
        const now = performance.now();
        for (const event of events) {
          if (!(event.target instanceof Y.XmlText)) continue;
          for (const op of event.delta)
            if (typeof op.insert === 'string') record(sent, fanout, op.insert, now, proc);
        }
      });
    }
    const ackMs: number[] = [];
    const perTyper = sizes.rate * sizes.seconds;
    const keystrokes = perTyper * sizes.typers;
    const expected = keystrokes * (sizes.clients - 1);
    const before = await commitHistogram(servers);
    const cpu = await cpuWindow(servers, servicePids);
    await Promise.all(
      clients.slice(0, sizes.typers).map(({ client, proc }, i) => {
        const prefix = `c${round}x${i}`;
        return type(client, proc, prefix, i, sizes, perTyper, sent, ackMs);
      }),
    );
    const drained = await until(
      () => fanout.same.length + fanout.cross.length >= expected && ackMs.length >= keystrokes,
      DRAIN_TIMEOUT_MS,
    );
    const window = await cpu();
    if (!drained) {
      const got = fanout.same.length + fanout.cross.length;
      process.stderr.write(
        `  ${expected - got} deliveries and ${keystrokes - ackMs.length} acknowledgements ` +
          `still missing after ${DRAIN_TIMEOUT_MS} ms\n`,
      );
    }
    const commit = subtract(await commitHistogram(servers), before);
    return { ...window, fanout, expected, keystrokes, ackMs, commit };
  } finally {
    for (const { client } of clients) client.destroy();
  }
}

/**
 * One typer: `count` edits at a steady rate at the end of its own paragraph, phase-shifted from
 * the others, each timed to its SAVED notice (found by the update's digest).
 */
async function type(
  client: BenchClient,
  proc: number,
  prefix: string,
  index: number,
  sizes: { typers: number; rate: number },
  count: number,
  sent: Sent,
  ackMs: number[] | null,
): Promise<void> {
  const texts = bodyTexts(client.doc);
  const text = texts[index % texts.length];
  if (!text) throw new Error('no paragraph to type into');
  const awaitingAck = new Map<number, number>();
  let typedAt = 0;
  const onUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin !== client.provider) awaitingAck.set(updateDigest(update), typedAt);
  };
  client.doc.on('update', onUpdate);
  client.onSaved = (notice, at) => {
    const t = notice.step2 ? undefined : awaitingAck.get(notice.digest);
    if (t === undefined) return;
    awaitingAck.delete(notice.digest);
    ackMs?.push(at - t);
  };
  try {
    const period = 1000 / sizes.rate;
    await sleep((period * index) / sizes.typers);
    const start = performance.now();
    for (let seq = 0; seq < count; seq++) {
      // Schedule against the start, not the previous edit, so timer lag does not add up.
      const wait = start + seq * period - performance.now();
      if (wait > 0) await sleep(wait);
      const token = `${prefix}-${seq} `;
      typedAt = performance.now();
      sent.set(token, { at: typedAt, proc });
      text.insert(text.length, token);
    }
  } finally {
    client.doc.off('update', onUpdate);
  }
}

/**
 * Capacity on one document: a few stock typers and wire-level listeners (as in the presence
 * scenario, so that hundreds fit in this process), spread over the processes. `grow` adds
 * listeners up to a step's total, `measure` times every edit at every listener.
 */
export class CapacityRun {
  private readonly typers: { client: BenchClient; proc: number }[] = [];
  private readonly listeners: LightClient[] = [];
  private readonly fanout: Fanout = { same: [], cross: [] };
  private sent: Sent = new Map();
  private step = 0;

  constructor(
    private readonly servers: readonly ServerProcess[],
    private readonly sizes: { stepTypers: number; stepRate: number; stepSeconds: number },
    private readonly servicePids: ServicePids,
  ) {}

  /** Connects the typers (once) and listeners until `total` clients are on the document. */
  async grow(total: number): Promise<void> {
    const servers = this.servers;
    while (this.typers.length < this.sizes.stepTypers) {
      const i = this.typers.length;
      const proc = i % servers.length;
      const server = servers[proc] as ServerProcess;
      const client = new BenchClient(server.wsBase, ROOM, server.sessions.writer(i));
      this.typers.push({ client, proc });
      await client.synced();
    }
    const BATCH = 25;
    while (this.typers.length + this.listeners.length < total) {
      const count = Math.min(BATCH, total - this.typers.length - this.listeners.length);
      const batch = Array.from({ length: count }, () => {
        const n = this.listeners.length;
        const proc = n % servers.length;
        const server = servers[proc] as ServerProcess;
        const client = new LightClient(
          `${server.wsBase}/${ROOM}`,
          server.sessions.reader(n),
          (text, at) => record(this.sent, this.fanout, text, at, proc),
        );
        this.listeners.push(client);
        return client;
      });
      await Promise.all(batch.map((c) => c.whenSynced()));
    }
  }

  /** One measured window at the current size. */
  async measure(): Promise<CapacityStep> {
    await sleep(1000);
    this.step++;
    this.sent = new Map();
    this.fanout.same = [];
    this.fanout.cross = [];
    const { stepTypers, stepRate, stepSeconds } = this.sizes;
    const perTyper = stepRate * stepSeconds;
    const expected = perTyper * stepTypers * this.listeners.length;
    const cpu = await cpuWindow(this.servers, this.servicePids);
    const sizes = { typers: stepTypers, rate: stepRate };
    await Promise.all(
      this.typers.map(({ client, proc }, i) =>
        type(client, proc, `s${this.step}x${i}`, i, sizes, perTyper, this.sent, null),
      ),
    );
    const got = () => this.fanout.same.length + this.fanout.cross.length;
    if (!(await until(() => got() >= expected, DRAIN_TIMEOUT_MS)))
      process.stderr.write(`  ${expected - got()} of ${expected} deliveries still missing\n`);
    const fanout = { same: [...this.fanout.same], cross: [...this.fanout.cross] };
    return {
      ...(await cpu()),
      clients: this.typers.length + this.listeners.length,
      fanout,
      expected,
    };
  }

  /** Disconnects every client of the run. */
  close(): void {
    for (const l of this.listeners) l.close();
    for (const t of this.typers) t.client.destroy();
  }
}
