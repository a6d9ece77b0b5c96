import * as Y from 'yjs';
import { BenchClient, sleep } from './clients.js';
import { runHistory } from './history.js';
import { seedRoom } from './seed.js';
import {
  makeDataDir,
  startAccord,
  startReference,
  type ServerKind,
  type ServerProcess,
} from './servers.js';
import type { Sessions } from './sessions.js';
import type { BenchOptions } from './options.js';

/** A long history written once through Accord, kept on disk for restarts. */
export interface ColdHistory {
  dataDir: string;
  /** The sessions signed in when it was written; stored, so valid after a restart. */
  sessions: Sessions;
  /** The whole document (full history, deletions kept) as a fresh Accord client received it. */
  state: Uint8Array;
  buildMs: number;
  buildCpuMs: number;
}

/** One cold join on one server. */
export interface ColdJoinResult {
  kind: ServerKind;
  round: number;
  /** Restart → listening (Accord: process start-up, not part of the join). */
  startupMs: number;
  /** New client → its `sync` event, the first client after the restart. */
  coldMs: number;
  /** The same, for a second client once the document is loaded. */
  warmMs: number;
  /** Size of the state the joining client received. */
  stateBytes: number;
}

/** Where Accord needs nothing but the paths; the caller knows them. */
export interface AccordPaths {
  repoRoot: string;
  seedsDir: string;
  nodeArgs?: readonly string[];
}

/**
 * Writes `options.coldHistory` single edits into `room` through a fresh Accord (the same
 * sequence as the history phase), then kills it (after a second, so that compaction is done),
 * keeping its data folder.
 */
export async function buildColdHistory(
  paths: AccordPaths,
  room: string,
  options: BenchOptions,
): Promise<ColdHistory> {
  const dataDir = makeDataDir(options.dataRoot);
  const server = await startAccord(paths.repoRoot, paths.seedsDir, options.dataRoot, { dataDir });
  try {
    const history = await runHistory(server, room, {
      ...options,
      history: options.coldHistory,
      loads: 1,
    });
    const reader = new BenchClient(server.wsBase, room, server.sessions.reader(0));
    await reader.synced();
    const state = Y.encodeStateAsUpdate(reader.doc);
    reader.destroy();
    return {
      dataDir,
      sessions: server.sessions,
      state,
      buildMs: history.buildMs,
      buildCpuMs: history.buildCpuMs,
    };
  } finally {
    await sleep(1000);
    await server.kill();
  }
}

/**
 * Restarts a server and times the first client to join `room` (and a second one, warm).
 * Accord is started on the kept data folder and killed afterwards (SIGKILL: nothing is
 * flushed or compacted on the way out, as after a crash); the joining client is the first
 * thing it serves. The reference keeps nothing across a restart, so it is given the same
 * document by a client first (sent as one update, which loads it into its memory) and the
 * joining client then finds it loaded: for the reference this is a join of a loaded document.
 */
export async function coldJoin(
  kind: ServerKind,
  round: number,
  paths: AccordPaths,
  room: string,
  history: ColdHistory,
  options: BenchOptions,
): Promise<ColdJoinResult> {
  const server: ServerProcess =
    kind === 'accord'
      ? await startAccord(paths.repoRoot, paths.seedsDir, options.dataRoot, {
          dataDir: history.dataDir,
          sessions: history.sessions,
          nodeArgs: paths.nodeArgs,
        })
      : await startReference(paths.repoRoot);
  try {
    if (kind === 'reference') await seedRoom(server.wsBase, room, history.state);
    const join = async (i: number) => {
      const start = performance.now();
      const client = new BenchClient(server.wsBase, room, server.sessions.reader(i));
      await client.synced();
      const ms = performance.now() - start;
      const bytes = Y.encodeStateAsUpdate(client.doc).byteLength;
      return { ms, bytes, client };
    };
    const cold = await join(0);
    const warm = await join(1);
    cold.client.destroy();
    warm.client.destroy();
    return {
      kind,
      round,
      startupMs: server.startupMs,
      coldMs: cold.ms,
      warmMs: warm.ms,
      stateBytes: cold.bytes,
    };
  } finally {
    // A profile (--cpu-prof) is written only on a normal exit, so stop gently when profiling.
    if (paths.nodeArgs?.length) await server.stop();
    else await server.kill();
  }
}
