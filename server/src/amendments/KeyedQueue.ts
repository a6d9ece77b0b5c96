import type { SharedLock } from '../cluster/SharedLock.js';

/**
 * Runs tasks one at a time per key, in the order they were given. The amendments of one
 * document change one after another (numbers, labels and the base text are read and written in
 * one go); different documents do not wait for each other. With a `SharedLock` (several
 * processes on one database, CL5) each task also holds the key's lock across processes.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  constructor(
    private readonly shared: SharedLock | null = null,
    /** Names this queue's locks apart from other queues' with the same keys. */
    private readonly scope = '',
  ) {}

  /** Runs `task` after every task given before for `key`; resolves or rejects with it. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const locked = this.shared ? () => this.shared!.run(`${this.scope}:${key}`, task) : task;
    const result = previous.then(locked, locked);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
