import * as Y from 'yjs';
import { SignedInServer, collabUrl, startTestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';
import { FuzzClient } from './FuzzClient.js';
import { Random } from './Random.js';
import { randomEdit } from './randomEdits.js';
import {
  convergenceProblems,
  danglingMarkers,
  documentProblems,
  editorMatches,
  idHolders,
  sameState,
  type NamedDoc,
} from './convergenceChecks.js';

/** The delegations that hold the pen (Chair, Co-Chair, Secretariat): only they may write. */
export const PEN_HOLDERS = ['turkiye', 'hungary', 'icmpd'] as const;

/** The seeded documents the fuzz edits; the Call for Action has goals and action points. */
const ROOMS = ['declaration', 'call-for-action'] as const;

/** What one seed does. */
export interface ConvergenceOptions {
  seed: number;
  /** Steps of the schedule (edits, pauses, reconnections, settles). */
  steps?: number;
  /** Editors connected at once (people are the pen-holders in turn). */
  clients?: number;
  /**
   * Short random pauses between steps so that deliveries land between edits. They make the
   * interleaving depend on timing, so a seed then replays its choices but not always its merges.
   */
  jitter?: boolean;
  /** How long to wait for everyone to agree before calling it a failure. */
  settleTimeoutMs?: number;
}

/** What one seed did and found. */
export interface ConvergenceResult {
  seed: number;
  steps: number;
  jitter: boolean;
  room: string;
  edits: number;
  disconnects: number;
  /** Clients the server closed and the fuzz reloaded (must stay 0 for honest editors). */
  reloads: number;
  ms: number;
  /** Empty when the seed passed. */
  problems: string[];
  /** Footnote markers left without their footnote by concurrent deletions (not a failure). */
  danglingMarkers: string[];
  /** The schedule as it ran, one line per step that did something. */
  trace: string[];
}

/** The document as the store holds it: the snapshot and the updates after it. */
export function storedDoc(stored: { snapshot: Uint8Array | null; updates: Uint8Array[] }): Y.Doc {
  const doc = new Y.Doc({ gc: false });
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
  for (const update of stored.updates) Y.applyUpdate(doc, update);
  return doc;
}

/** Waits until every editor that wants a connection has one and all hold the same state. */
export async function settle(clients: readonly FuzzClient[], timeoutMs: number): Promise<boolean> {
  try {
    await waitFor(
      () => {
        const live = clients.filter((c) => c.wantsConnection);
        if (!live.every((c) => c.online)) return false;
        return live.every((c) => sameState(c.doc, live[0]!.doc));
      },
      'the connected editors to agree',
      timeoutMs,
    );
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs one seed against a real server: several y-prosemirror editors on the seeded text make
 * random edits while the schedule pauses and resumes their connections (offline bursts are
 * reconciled by sync step 2 on reconnect), settles, and naps; at the end everyone reconnects
 * and must hold the same valid document with unique block ids, equal to what the server
 * stored and to what a fresh client reads after a restart. No honest editor may be closed.
 */
export async function runConvergence(options: ConvergenceOptions): Promise<ConvergenceResult> {
  const started = Date.now();
  const random = new Random(options.seed);
  const steps = options.steps ?? 150;
  const settleTimeoutMs = options.settleTimeoutMs ?? 8000;
  // Odd seeds edit the Call for Action (goals, action points), even ones the Declaration.
  const room = ROOMS[(options.seed + 1) % 2]!;
  const trace: string[] = [];
  const problems: string[] = [];
  const world = await SignedInServer.start(PEN_HOLDERS);
  const clients: FuzzClient[] = [];
  const paused = new Set<FuzzClient>();
  let edits = 0;
  let disconnects = 0;
  let reloads = 0;
  let nextName = 0;

  const open = async (): Promise<FuzzClient> => {
    const person = PEN_HOLDERS[nextName % PEN_HOLDERS.length]!;
    const name = `${person}#${nextName++}`;
    const client = new FuzzClient(
      name,
      collabUrl(world.server),
      room,
      world.cookie(person),
      random.uint32() || 1,
    );
    await waitFor(() => client.online, `${name} to sync`);
    client.bind();
    return client;
  };

  /** A client the server closed (any refusal) reloads, as the app tells its user to. */
  const reloadRefused = async (when: string): Promise<void> => {
    for (const [i, client] of clients.entries()) {
      if (client.wantsConnection || paused.has(client)) continue;
      // The close reason is cut at 123 bytes: merge the refused state into the stored one to
      // see the whole of what was wrong.
      const merged = storedDoc(await world.storage.documents.loadDocument(room));
      Y.applyUpdate(merged, Y.encodeStateAsUpdate(client.doc));
      const merge = documentProblems(merged).map((p) => p.slice(0, 1500));
      // For a refused repeat: which blocks carry the id, by Yjs item (whose, which clock).
      const repeated = /id "([^"]+)"/.exec(client.closeReasons.join(' '))?.[1];
      if (repeated)
        merge.push(
          `${repeated} held by ${idHolders(merged, repeated).join(', ')} (sender ${client.doc.clientID})`,
        );
      merged.destroy();
      const why = `${client.closeReasons.join('; ')} [merged: ${merge.join('; ') || 'valid'}]`;
      problems.push(`${client.name} was closed by the server: ${why}`);
      trace.push(`${when}: ${client.name} reloads after ${why}`);
      client.destroy();
      clients[i] = await open();
      reloads++;
    }
  };

  try {
    for (let i = 0; i < (options.clients ?? 3); i++) clients.push(await open());
    for (let step = 0; step < steps; step++) {
      await reloadRefused(`step ${step}`);
      const action = random.weighted({
        edit: 76,
        pause: 3,
        resume: 5,
        settle: 8,
        nap: options.jitter ? 8 : 0,
      });
      if (action === 'edit') {
        const client = random.pick(clients);
        const what = randomEdit(client.editor, random);
        if (what) {
          edits++;
          trace.push(`${step}: ${client.name}${paused.has(client) ? ' (offline)' : ''} ${what}`);
        }
      } else if (action === 'pause') {
        const candidates = clients.filter((c) => !paused.has(c));
        if (candidates.length > 1) {
          const client = random.pick(candidates);
          client.disconnect();
          paused.add(client);
          disconnects++;
          trace.push(`${step}: ${client.name} goes offline`);
        }
      } else if (action === 'resume') {
        if (paused.size > 0) {
          const client = random.pick([...paused]);
          paused.delete(client);
          client.reconnect();
          trace.push(`${step}: ${client.name} reconnects`);
        }
      } else if (action === 'settle') {
        trace.push(`${step}: settle`);
        if (!(await settle(clients, settleTimeoutMs)))
          problems.push(`step ${step}: the connected editors did not agree in time`);
      } else {
        // A random pause (not a wait for a condition): lets messages arrive between edits.
        await new Promise((r) => setTimeout(r, random.int(4)));
      }
    }

    for (const client of paused) client.reconnect();
    paused.clear();
    await reloadRefused('end');
    trace.push(`end: everyone reconnects`);
    const storedState = async () => storedDoc(await world.storage.documents.loadDocument(room));
    // The server may still be repairing a duplicate id: wait for the state it stores and
    // every editor's to agree, then report whatever is still wrong.
    let stored = await storedState();
    await waitFor(
      async () => {
        await reloadRefused('end');
        if (!(await settle(clients, 200))) return false;
        stored = await storedState();
        return clients.every((c) => sameState(c.doc, stored));
      },
      'the editors and the store to agree',
      settleTimeoutMs,
    ).catch(() => undefined);
    const named: NamedDoc[] = clients.map((c) => ({ name: c.name, doc: c.doc }));
    problems.push(...convergenceProblems([...named, { name: 'store', doc: stored }]));
    for (const client of clients) {
      if (client.closeCodes.length > 0)
        problems.push(`${client.name} was closed by the server: ${client.closeReasons.join('; ')}`);
      if (!editorMatches(client.editor.doc, client.doc))
        problems.push(`${client.name}: the editor does not show what its Y.Doc holds`);
    }
    const dangling = danglingMarkers(stored);

    // After a restart a fresh editor reads exactly what everyone agreed on.
    const agreed = new Y.Doc({ gc: false });
    Y.applyUpdate(agreed, Y.encodeStateAsUpdate(clients[0]!.doc));
    for (const client of clients.splice(0)) client.destroy();
    await world.server.close();
    world.server = await startTestServer({ dataDir: world.dataDir });
    const fresh = new FuzzClient(
      'fresh',
      collabUrl(world.server),
      room,
      world.cookie('turkiye'),
      7,
    );
    try {
      await waitFor(() => fresh.online, 'a fresh client after the restart');
      problems.push(
        ...convergenceProblems([
          { name: 'agreed', doc: agreed },
          { name: 'after restart', doc: fresh.doc },
        ]),
      );
    } finally {
      fresh.destroy();
      agreed.destroy();
    }
    return {
      seed: options.seed,
      steps,
      jitter: options.jitter ?? false,
      room,
      edits,
      disconnects,
      reloads,
      ms: Date.now() - started,
      problems: [...new Set(problems)],
      danglingMarkers: dangling,
      trace,
    };
  } finally {
    for (const client of clients) client.destroy();
    await world.stop();
  }
}
