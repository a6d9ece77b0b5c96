import pg from 'pg';

/**
 * A lock every process of a deployment honours (CL5): the workflow's changes that read, decide
 * and write (an amendment's number, a round's phase) run one at a time across processes, as
 * `KeyedQueue` runs them one at a time within one.
 */
export interface SharedLock {
  /** Runs `task` while holding the lock named `key`; releases it however `task` ends. */
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * PostgreSQL advisory locks, on a small pool of their own: a held lock keeps its connection for
 * the task's duration, and the task's own queries use the storage's pool, so holders never wait
 * for a connection another holder keeps. `namespace` keeps two deployments on one database apart.
 */
export class PgAdvisoryLock implements SharedLock {
  private readonly pool: pg.Pool;

  constructor(
    url: string,
    private readonly namespace: string,
    // Locks nest at most four deep (a scheduled task → silence → rounds → amendments), and a
    // process runs one task at a time: twelve leave room for requests nesting alongside.
    max = 12,
  ) {
    this.pool = new pg.Pool({ connectionString: url, max });
    this.pool.on('error', () => undefined);
  }

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    const name = `${this.namespace}:${key}`;
    try {
      await client.query('SELECT pg_advisory_lock(hashtext($1))', [name]);
    } catch (error) {
      client.release(true);
      throw error;
    }
    try {
      return await task();
    } finally {
      // A connection whose unlock failed is discarded: closing it releases the lock.
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [name]).then(
        () => client.release(),
        () => client.release(true),
      );
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
