import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { WriteCommand, WriteRequest, WriteResult } from './sqliteWrites.js';

/**
 * The thread's first code: the server's modules are TypeScript, run through tsx, which a new
 * thread does not inherit; register tsx there, then load the writer.
 */
function bootstrap(): string {
  // tsx's ESM entry (the package's "import" condition), found from this file like any import.
  const tsxPackage = createRequire(import.meta.url).resolve('tsx/package.json');
  const manifest = JSON.parse(fs.readFileSync(tsxPackage, 'utf8')) as {
    exports: Record<string, { import: { default: string } }>;
  };
  const entry = manifest.exports['./esm/api']?.import.default;
  if (!entry) throw new Error('tsx has no ESM API entry; the SQLite writer thread cannot start');
  const tsx = pathToFileURL(path.join(path.dirname(tsxPackage), entry)).href;
  const writer = new URL('./sqliteWriter.worker.ts', import.meta.url).href;
  return `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(writer)}); });`;
}

type Pending = { resolve: (seqs: number[]) => void; reject: (err: Error) => void };

/**
 * The main thread's handle on the writer thread: sends requests, resolves each promise when
 * the thread reports its transaction committed. If the thread dies, everything waiting fails
 * (and the rooms close their connections: nothing unconfirmed was acknowledged).
 */
export class SqliteWriter {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private failure: Error | null = null;
  private readonly inflight = new Set<Promise<void>>();

  constructor(file: string) {
    this.worker = new Worker(bootstrap(), { eval: true, workerData: { file } });
    // The thread alone must not keep a process alive; open sockets and the HTTP server do.
    this.worker.unref();
    this.worker.on('message', (result: WriteResult) => {
      const p = this.pending.get(result.id);
      this.pending.delete(result.id);
      if (!p) return;
      if (result.ok) p.resolve(result.seqs);
      else p.reject(new Error(result.error));
    });
    const fail = (err: Error) => {
      this.failure = err;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => {
      if (code !== 0 || this.pending.size > 0)
        fail(new Error(`the SQLite writer thread stopped (${code})`));
    });
  }

  /** Sends a request; resolves with the appended sequence numbers once committed. */
  send(request: WriteCommand): Promise<number[]> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    const done = new Promise<number[]>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...request, id } as WriteRequest);
    });
    const settled = done.then(
      () => undefined,
      () => undefined,
    );
    this.inflight.add(settled);
    void settled.then(() => this.inflight.delete(settled));
    return done;
  }

  /** Waits for every request sent, then stops the thread (closing its connection). */
  async close(): Promise<void> {
    await Promise.all(this.inflight);
    if (this.failure) return;
    const exited = new Promise((resolve) => this.worker.once('exit', resolve));
    this.worker.postMessage({ kind: 'close' });
    await exited;
  }
}
