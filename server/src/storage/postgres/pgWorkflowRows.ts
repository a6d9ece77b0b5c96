import type { PgQueryable } from './PgDatabase.js';

/** A row holding one record kept whole as JSON text. */
export interface RecordRow {
  record: string;
}

/**
 * A reader of record rows through their schema from @accord/shared: a row that does not match
 * is an error, not a record handed on (as in the SQLite stores).
 */
export function recordReader<T>(schema: { parse(value: unknown): T }): (row: RecordRow) => T {
  return (row) => schema.parse(JSON.parse(row.record));
}

/**
 * Takes `count` seqs of the feed (amendments, compromises and threads share it) inside the
 * caller's transaction and returns the last seq before them: the save numbers its records
 * `before + 1 … before + count`.
 *
 * The counter is the one `feed_counter` row, updated, not a SEQUENCE: the update locks the row
 * until the transaction ends, so saves from every process run one after another from here to
 * their commit. Seq order is therefore commit order, and PostgreSQL makes a transaction visible
 * before it releases its locks, so once a reader sees seq N every smaller seq is already visible:
 * a client resuming its feed "after N" never misses a record committed later with a smaller seq
 * (which a sequence, handing out numbers before commit, would allow). Called first in a save,
 * it also makes the save's checks read the state the previous save committed, as in SQLite.
 * A rejected save rolls the update back, leaving no gap.
 */
export async function allocateFeedSeqs(client: PgQueryable, count: number): Promise<number> {
  const { rows } = await client.query<{ seq: number }>(
    'UPDATE feed_counter SET seq = seq + $1 WHERE id = 1 RETURNING seq',
    [count],
  );
  const row = rows[0];
  if (!row) throw new Error('the feed counter row is missing');
  return row.seq - count;
}
