import pg from 'pg';

/** What `PgDatabase` connects to. */
export interface PgDatabaseOptions {
  /** A `postgres://…` URL (ACCORD_DATABASE_URL). */
  url: string;
  /**
   * The schema every table lives in (created if missing), so several negotiations or a test
   * run's many stores can share one database without seeing each other. Default `public`.
   */
  schema?: string;
  /** Most connections the pool opens (default 10). */
  max?: number;
}

/** A query runner: the pool, or one client inside a transaction. */
export type PgQueryable = Pick<pg.PoolClient, 'query'>;

const INT8_OID = 20;

/**
 * Counters and sequence numbers are BIGINT; pg returns them as strings unless told otherwise.
 * Every value Accord keeps fits in a double (2^53), so they are read as numbers. The parser is
 * given to this pool only, never set on pg's global type table.
 */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID && (format ?? 'text') === 'text') return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

/** Schema names are put into SQL text, so only plain identifiers are accepted. */
export function assertSchemaName(schema: string): void {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
    throw new Error(`PostgreSQL schema name must be lower-case letters, digits and _: "${schema}"`);
}

/**
 * One PostgreSQL connection pool of a storage instance. Every store of that storage shares it;
 * writes that must be atomic run in `transaction`.
 */
export class PgDatabase {
  readonly pool: pg.Pool;
  readonly schema: string;

  constructor(options: PgDatabaseOptions) {
    this.schema = options.schema ?? 'public';
    assertSchemaName(this.schema);
    this.pool = new pg.Pool({
      connectionString: options.url,
      max: options.max ?? 10,
      types,
      // Every connection reads and writes this storage's schema only.
      options: `-c search_path=${this.schema}`,
    });
    // A connection the server drops while idle must not crash the process; the next query
    // opens another.
    this.pool.on('error', () => undefined);
  }

  /** Runs one statement on a pooled connection. */
  async query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string,
    params: readonly unknown[] = [],
  ): Promise<pg.QueryResult<R>> {
    return this.pool.query<R>(text, params as unknown[]);
  }

  /**
   * Runs `work` in one transaction on one connection: committed when it resolves, rolled back
   * when it throws (and the error rethrown). A resolved promise means the commit is durable
   * (PostgreSQL's default synchronous_commit).
   */
  async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** Closes every connection of the pool. */
  async close(): Promise<void> {
    await this.pool.end();
  }
}
