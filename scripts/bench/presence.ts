import * as awarenessProtocol from 'y-protocols/awareness';
import * as encoding from 'lib0/encoding';
import { MessageType, seededRandom } from '@accord/shared';
import { BenchClient, bodyTexts, connectClients, sleep, until } from './clients.js';
import { LightClient, type PresenceState } from './lightClient.js';
import { cpuMs, machineBusyMs, type ServerProcess } from './servers.js';
import type { BenchOptions } from './options.js';

/** What the presence scenario measured on one server with one number of clients. */
export interface PresenceResult {
  clients: number;
  /** Typer's edit → a listener receives it, one sample per edit and listener. */
  fanoutMs: number[];
  edits: number;
  /** Samples there should be: edits × listeners. */
  expected: number;
  /** Presence messages sent by all clients during the measured window. */
  presenceSent: number;
  /** Server CPU from the first edit until every listener had every edit. */
  cpuMs: number;
  wallMs: number;
  /** This process's CPU (the clients) in the same window: near 100 % of a core, it limits. */
  clientCpuMs: number;
  /** CPU of every other process in the window: on two cores, much of it disturbs the run. */
  backgroundCpuMs: number;
  /** Client connections the server closed during the run. */
  serverCloses: string[];
}

/** Tokens carry typer and sequence number; listeners find them in the raw update bytes. */
const TOKEN = /p\d+-\d+ /g;
const DRAIN_TIMEOUT_MS = 15_000;
/** Presence runs this long before the measured window, so the window sees its steady state. */
const SETTLE_MS = 1500;

/**
 * `count` clients on `room`: `presenceTypers` of them stock y-websocket editors typing
 * `presenceRate` edits a second each, the rest listeners speaking the protocol at wire level;
 * every client announces a cursor move once a second, as y-prosemirror's cursor plugin does
 * while someone works. Times every edit's arrival at every listener.
 */
export async function runPresence(
  server: ServerProcess,
  room: string,
  count: number,
  options: BenchOptions,
): Promise<PresenceResult> {
  const { sessions } = server;
  const typerCount = Math.min(options.presenceTypers, count - 1);
  const random = seededRandom(4711 + count);
  const serverCloses: string[] = [];
  const typers = await connectClients(server.wsBase, room, typerCount, (i) => sessions.writer(i));
  for (const typer of typers) sendOwnPresenceOnly(typer);

  const sentAt = new Map<string, number>();
  const fanoutMs: number[] = [];
  const onText = (text: string, at: number) => {
    for (const [token] of text.matchAll(TOKEN)) {
      const t = sentAt.get(token);
      if (t !== undefined) fanoutMs.push(at - t);
    }
  };
  const listeners: LightClient[] = [];
  const timers: NodeJS.Timeout[] = [];
  let presenceSent = 0;
  try {
    const BATCH = 25;
    for (let i = 0; i < count - typerCount; i += BATCH) {
      const batch = Array.from(
        { length: Math.min(BATCH, count - typerCount - i) },
        (_, j) => new LightClient(`${server.wsBase}/${room}`, sessions.reader(i + j), onText),
      );
      listeners.push(...batch);
      await Promise.all(batch.map((c) => c.whenSynced()));
    }
    for (const l of listeners) l.onServerClose((why) => serverCloses.push(why));
    // Every client moves its cursor once a second, the clients spread evenly over the second.
    const senders: ((state: PresenceState) => void)[] = [
      ...typers.map((t) => (state: PresenceState) => t.provider.awareness.setLocalState(state)),
      ...listeners.map((l) => (state: PresenceState) => l.sendPresence(state)),
    ];
    senders.forEach((send, i) => {
      const name = `bench ${i}`;
      const move = () => {
        send(cursorState(name, random));
        presenceSent++;
      };
      const start = setTimeout(
        () => {
          move();
          timers.push(setInterval(move, 1000));
        },
        (1000 * i) / senders.length,
      );
      timers.push(start);
    });
    await sleep(SETTLE_MS);

    const edits = options.presenceRate * options.presenceSeconds * typerCount;
    const expected = edits * listeners.length;
    const cpu0 = cpuMs(server.pid);
    const self0 = process.cpuUsage();
    const busy0 = machineBusyMs();
    const sent0 = presenceSent;
    const t0 = performance.now();
    await Promise.all(typers.map((typer, i) => type(typer, i, typerCount, options, sentAt)));
    const drained = await until(() => fanoutMs.length >= expected, DRAIN_TIMEOUT_MS);
    const wallMs = performance.now() - t0;
    const cpu = cpuMs(server.pid) - cpu0;
    const self = process.cpuUsage(self0);
    const clientCpuMs = (self.user + self.system) / 1000;
    const backgroundCpuMs = Math.max(0, machineBusyMs() - busy0 - cpu - clientCpuMs);
    if (!drained) {
      process.stderr.write(
        `  ${server.kind}: ${expected - fanoutMs.length} of ${expected} deliveries still missing after ${DRAIN_TIMEOUT_MS} ms\n`,
      );
    }
    return {
      clients: count,
      fanoutMs,
      edits,
      expected,
      presenceSent: presenceSent - sent0,
      cpuMs: cpu,
      wallMs,
      clientCpuMs,
      backgroundCpuMs,
      serverCloses,
    };
  } finally {
    for (const t of timers) clearTimeout(t);
    for (const l of listeners) l.close();
    for (const t of typers) t.destroy();
  }
}

/**
 * Makes a stock provider send only its own presence, as Accord's editor does
 * (client/src/collab/ownPresence.ts): the stock one also sends back every change it hears.
 */
function sendOwnPresenceOnly(client: BenchClient): void {
  const { provider } = client;
  const { awareness } = provider;
  awareness.off('update', provider._awarenessUpdateHandler);
  awareness.on('update', ({ updated, added }: { updated: number[]; added: number[] }) => {
    const own = awareness.clientID;
    if (!updated.includes(own) && !added.includes(own)) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.Awareness);
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, [own]));
    if (provider.wsconnected) provider.ws?.send(encoding.toUint8Array(encoder));
  });
}

/** A cursor state shaped as y-prosemirror's (relative positions as JSON) with a user. */
function cursorState(name: string, random: () => number): PresenceState {
  const position = () => ({
    type: { client: 1_234_567_890, clock: Math.floor(random() * 4000) },
    tname: null,
    item: { client: 1_234_567_890, clock: Math.floor(random() * 4000) },
    assoc: 0,
  });
  const anchor = position();
  return {
    user: { name, color: '#30bced' },
    cursor: { anchor, head: random() < 0.8 ? anchor : position() },
  };
}

/** One typer: edits at a steady rate at the end of its paragraph, phase-shifted from the others. */
async function type(
  client: BenchClient,
  index: number,
  typers: number,
  options: BenchOptions,
  sentAt: Map<string, number>,
): Promise<void> {
  const texts = bodyTexts(client.doc);
  const text = texts[index % texts.length];
  if (!text) throw new Error('no paragraph to type into');
  const period = 1000 / options.presenceRate;
  await sleep((period * index) / typers);
  const start = performance.now();
  const count = options.presenceRate * options.presenceSeconds;
  for (let seq = 0; seq < count; seq++) {
    const wait = start + seq * period - performance.now();
    if (wait > 0) await sleep(wait);
    const token = `p${index}-${seq} `;
    sentAt.set(token, performance.now());
    text.insert(text.length, token);
  }
}
