import * as Y from 'yjs';
import { BenchClient, bodyTexts, sleep } from './clients.js';
// Deterministic, so both servers receive exactly the same sequence of edits.
import { seededRandom } from '@accord/shared';
import { cpuMs, type ServerProcess } from './servers.js';
import type { BenchOptions } from './options.js';

/** What the long-history phase measured on one server. */
export interface HistoryResult {
  /** Wall time to send the history and see all of it arrive at a second client. */
  buildMs: number;
  /** Server CPU time during that build. */
  buildCpuMs: number;
  /** Each fresh client's time from `new WebsocketProvider` to its `sync` event. */
  loadMs: number[];
  /** Size of the document state a fresh client ends up with (what the server sent it). */
  stateBytes: number;
}

/** Edits sent between two checks that the server has passed them all on. */
const CHUNK = 100;
const CATCH_UP_TIMEOUT_MS = 30_000;
const LETTERS = 'abcdefghijklmnopqrstuvwxyz ';

/**
 * Builds a long history in `room` through one stock client (`history` single edits: small
 * inserts and, one edit in five, a one-character delete, at pseudo-random places in the
 * paragraphs, the same sequence for every server), then times `loads` fresh clients loading it,
 * one after another. A watcher client stays connected throughout, so the room stays loaded.
 */
export async function runHistory(
  server: ServerProcess,
  room: string,
  options: BenchOptions,
): Promise<HistoryResult> {
  const writer = new BenchClient(server.wsBase, room, server.sessions.writer(0));
  const watcher = new BenchClient(server.wsBase, room, server.sessions.reader(1));
  await Promise.all([writer.synced(), watcher.synced()]);
  const texts = bodyTexts(writer.doc);
  const random = seededRandom(20240);
  const pick = (n: number) => Math.floor(random() * n);

  const cpu0 = cpuMs(server.pid);
  const t0 = performance.now();
  for (let i = 0; i < options.history; i++) {
    const text = texts[pick(texts.length)];
    if (!text) continue;
    if (i % 5 === 4 && text.length > 0) {
      text.delete(pick(text.length), 1);
    } else {
      const word = Array.from({ length: 1 + pick(3) }, () => LETTERS[pick(LETTERS.length)]).join(
        '',
      );
      text.insert(pick(text.length + 1), word);
    }
    // Every CHUNK edits, wait until the server has passed them all on: the history is then built
    // at the server's pace, not queued in socket buffers, and `buildMs` measures its throughput.
    if (i % CHUNK === CHUNK - 1 || i === options.history - 1) await caughtUp(writer, watcher);
  }
  const buildMs = performance.now() - t0;
  const buildCpuMs = cpuMs(server.pid) - cpu0;

  const loadMs: number[] = [];
  let stateBytes = 0;
  for (let k = 0; k < options.loads; k++) {
    await sleep(200);
    const start = performance.now();
    const fresh = new BenchClient(server.wsBase, room, server.sessions.reader(k));
    await fresh.synced();
    loadMs.push(performance.now() - start);
    stateBytes = Y.encodeStateAsUpdate(fresh.doc).byteLength;
    fresh.destroy();
  }
  writer.destroy();
  watcher.destroy();
  return { buildMs, buildCpuMs, loadMs, stateBytes };
}

/**
 * Waits until the watcher has everything the writer has sent, deletions included. Checked on
 * each update the watcher receives (not by polling, which would add its period to `buildMs`).
 */
function caughtUp(writer: BenchClient, watcher: BenchClient): Promise<void> {
  const target = Y.snapshot(writer.doc);
  const clock = Y.getState(writer.doc.store, writer.doc.clientID);
  // Comparing the clock first keeps the full snapshot comparison for the last few updates.
  const done = () =>
    Y.getState(watcher.doc.store, writer.doc.clientID) >= clock &&
    Y.equalSnapshots(target, Y.snapshot(watcher.doc));
  if (done()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      watcher.doc.off('update', check);
      reject(new Error(`the watcher did not receive the history within ${CATCH_UP_TIMEOUT_MS} ms`));
    }, CATCH_UP_TIMEOUT_MS);
    const check = () => {
      if (!done()) return;
      clearTimeout(timer);
      watcher.doc.off('update', check);
      resolve();
    };
    watcher.doc.on('update', check);
  });
}
