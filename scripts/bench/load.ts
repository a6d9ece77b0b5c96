import * as Y from 'yjs';
import { FRAGMENT_NAME, updateDigest } from '@accord/shared';
import { bodyTexts, connectClients, sleep, until, type BenchClient } from './clients.js';
import { cpuMs, machineBusyMs, memoryKb, type ServerProcess } from './servers.js';
import type { BenchOptions } from './options.js';

/** What the typing phase measured on one server. */
export interface LoadResult {
  /** Typer's keystroke → a listening client sees its text, one sample per keystroke and listener. */
  fanoutMs: number[];
  /** Typer's keystroke → its SAVED notice (Accord only; empty for the reference). */
  ackMs: number[];
  keystrokes: number;
  /** Samples there should be: keystrokes × (clients − 1). */
  expected: number;
  /** Server CPU time from the first keystroke until every listener had every keystroke. */
  cpuMs: number;
  /** Wall time of that same window. */
  wallMs: number;
  /**
   * CPU time used in that window by everything else on the machine: neither the server process
   * nor this one (which runs the clients). It includes kernel threads doing the server's disk
   * writes (Accord's fsyncs); much more than that means other work disturbed the run.
   */
  backgroundCpuMs: number;
  /** Server resident memory with every client connected, before typing. */
  rssBeforeKb: number;
}

/** A keystroke's text carries its typer and number, so a listener can find when it was sent. */
const TOKEN = /k\d+-\d+ /g;
/** After the last keystroke, how long listeners may take to receive everything. */
const DRAIN_TIMEOUT_MS = 15_000;

/**
 * Connects `clients` stock clients to `room`, lets `typers` of them type `rate` keystrokes a
 * second each for `seconds`, each at the end of its own paragraph, and times every keystroke's
 * arrival at every other client. The clients stay connected (the caller destroys them), so the
 * server keeps the room open and does not unload it during later phases.
 */
export async function runLoad(
  server: ServerProcess,
  room: string,
  options: BenchOptions,
): Promise<LoadResult> {
  // The first `typers` clients type, so they connect as pen-holders; the others only listen.
  const { sessions } = server;
  const clients = await connectClients(server.wsBase, room, options.clients, (i) =>
    i < options.typers ? sessions.writer(i) : sessions.reader(i - options.typers),
  );
  // Let the burst of presence messages from everyone joining pass before measuring.
  await sleep(1000);

  const sentAt = new Map<string, number>();
  const fanoutMs: number[] = [];
  for (const client of clients) listen(client, sentAt, fanoutMs);

  const ackMs: number[] = [];
  const perTyper = options.rate * options.seconds;
  const keystrokes = perTyper * options.typers;
  const expected = keystrokes * (options.clients - 1);
  const rssBeforeKb = memoryKb(server.pid).rssKb;
  const cpu0 = cpuMs(server.pid);
  const busy0 = machineBusyMs();
  const self0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    clients
      .slice(0, options.typers)
      .map((client, i) => type(client, i, options, perTyper, sentAt, ackMs)),
  );
  // Accord also acknowledges every keystroke; the reference never does.
  const acks = server.kind === 'accord' ? keystrokes : 0;
  const drained = await until(
    () => fanoutMs.length >= expected && ackMs.length >= acks,
    DRAIN_TIMEOUT_MS,
  );
  const cpu = cpuMs(server.pid) - cpu0;
  const self = process.cpuUsage(self0);
  const backgroundCpuMs = Math.max(
    0,
    machineBusyMs() - busy0 - cpu - (self.user + self.system) / 1000,
  );
  const wallMs = performance.now() - t0;
  if (!drained) {
    const missing = `${expected - fanoutMs.length} deliveries and ${acks - ackMs.length} acknowledgements`;
    process.stderr.write(
      `  ${server.kind}: ${missing} still missing after ${DRAIN_TIMEOUT_MS} ms\n`,
    );
  }
  return {
    fanoutMs,
    ackMs,
    keystrokes,
    expected,
    cpuMs: cpu,
    wallMs,
    backgroundCpuMs,
    rssBeforeKb,
  };
}

/** Records, for each keystroke text that arrives from the server, how long after it was typed. */
function listen(client: BenchClient, sentAt: ReadonlyMap<string, number>, samples: number[]): void {
  client.doc.getXmlFragment(FRAGMENT_NAME).observeDeep((events, transaction) => {
    if (transaction.local) return;
    const now = performance.now();
    for (const event of events) {
      if (!(event.target instanceof Y.XmlText)) continue;
      for (const op of event.delta) {
        if (typeof op.insert !== 'string') continue;
        for (const [token] of op.insert.matchAll(TOKEN)) {
          const t = sentAt.get(token);
          if (t !== undefined) samples.push(now - t);
        }
      }
    }
  });
}

/** One typer: `count` keystrokes at a steady rate, phase-shifted so typers do not type in step. */
async function type(
  client: BenchClient,
  index: number,
  options: BenchOptions,
  count: number,
  sentAt: Map<string, number>,
  ackMs: number[],
): Promise<void> {
  const texts = bodyTexts(client.doc);
  const text = texts[index % texts.length];
  if (!text) throw new Error('no paragraph to type into');
  // The provider sends each local update as it is made; its digest identifies the SAVED notice.
  const awaitingAck = new Map<number, number>();
  let typedAt = 0;
  client.doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== client.provider) awaitingAck.set(updateDigest(update), typedAt);
  });
  client.onSaved = (notice, at) => {
    const t = notice.step2 ? undefined : awaitingAck.get(notice.digest);
    if (t === undefined) return;
    awaitingAck.delete(notice.digest);
    ackMs.push(at - t);
  };
  const period = 1000 / options.rate;
  await sleep((period * index) / options.typers);
  const start = performance.now();
  for (let seq = 0; seq < count; seq++) {
    // Schedule against the start, not the previous keystroke, so timer lag does not add up.
    const wait = start + seq * period - performance.now();
    if (wait > 0) await sleep(wait);
    const token = `k${index}-${seq} `;
    typedAt = performance.now();
    sentAt.set(token, typedAt);
    text.insert(text.length, token);
  }
}
