import type pg from 'pg';
import type { UpdateMeta } from '../DocumentStore.js';

/** An append waiting in the group commit's queue. */
export interface PendingAppend {
  docId: string;
  update: Buffer;
  meta: UpdateMeta;
  resolve: (seq: number) => void;
  reject: (err: unknown) => void;
}

/** How one append of a batch ended. */
export type AppendOutcome = { seq: number } | { error: unknown };

// The batch's appends, all documents at once: each document's counter moves by its number of
// appends (the seqs between are given out in arrival order), then the updates and the claims
// are inserted in arrival order (first claim wins).
const ALLOCATE = `
UPDATE documents AS d SET last_seq = d.last_seq + n.count
FROM unnest($1::text[], $2::bigint[]) AS n(id, count)
WHERE d.id = n.id RETURNING d.id, d.last_seq`;
const INSERT_UPDATES = `
INSERT INTO updates (doc_id, seq, data, arrived_at, origin)
SELECT u.doc_id, u.seq, u.data, $4, u.origin
FROM unnest($1::text[], $2::bigint[], $3::bytea[], $5::text[]) AS u(doc_id, seq, data, origin)`;
const INSERT_CLAIMS = `
INSERT INTO client_ids (doc_id, client_id, person_id)
SELECT c.doc_id, c.client_id, c.person_id
FROM unnest($1::text[], $2::bigint[], $3::text[]) WITH ORDINALITY AS c(doc_id, client_id, person_id, n)
ORDER BY c.n
ON CONFLICT DO NOTHING`;

// One append alone, for the fallback: the same three steps in one statement. No row comes back
// when the document does not exist.
const APPEND_ONE = `
WITH doc AS (
  UPDATE documents SET last_seq = last_seq + 1 WHERE id = $1 RETURNING id, last_seq
), claimed AS (
  INSERT INTO client_ids (doc_id, client_id, person_id)
  SELECT doc.id, c.client_id, c.person_id
  FROM doc, unnest($5::bigint[], $6::text[]) AS c(client_id, person_id)
  ON CONFLICT DO NOTHING
), stored AS (
  INSERT INTO updates (doc_id, seq, data, arrived_at, origin)
  SELECT doc.id, doc.last_seq, $2, $3, $4 FROM doc
)
SELECT last_seq FROM doc`;

/**
 * Writes a batch of appends inside the caller's transaction and returns each one's outcome, in
 * the batch's order (PG1). The documents' rows are locked first, in id order, so batches of
 * different processes never deadlock; an append to an unknown document is refused alone.
 */
export async function writeBatch(
  client: pg.PoolClient,
  batch: readonly PendingAppend[],
  now: number,
): Promise<AppendOutcome[]> {
  // FOR NO KEY UPDATE is the lock the seq's UPDATE takes anyway; taking it first, in one
  // order, is what prevents deadlocks. Unlike FOR UPDATE it lets foreign-key checks of
  // other transactions (which only share the key) through.
  const { rows } = await client.query<{ id: string }>(
    'SELECT id FROM documents WHERE id = ANY($1) ORDER BY id FOR NO KEY UPDATE',
    [[...new Set(batch.map((p) => p.docId))]],
  );
  const known = new Set(rows.map((r) => r.id));
  // An unknown document's append is refused alone, before anything is written.
  const refused = (p: PendingAppend): AppendOutcome | null =>
    known.has(p.docId) ? null : { error: new Error(`no document ${p.docId}`) };
  const writable = batch.filter((p) => known.has(p.docId));
  await client.query('SAVEPOINT batch');
  try {
    const seqs = await appendAll(client, writable, now);
    await client.query('RELEASE SAVEPOINT batch');
    let next = 0;
    return batch.map((p) => refused(p) ?? { seq: seqs[next++]! });
  } catch {
    // Something in one append failed the whole statement: undo it (no seq is used) and
    // write them one by one, so only the faulty one is refused.
    await client.query('ROLLBACK TO SAVEPOINT batch');
    const results: AppendOutcome[] = [];
    for (const p of batch) results.push(refused(p) ?? (await appendOne(client, p, now)));
    return results;
  }
}

/**
 * Writes appends to existing, locked documents in three statements, whatever their number, and
 * returns their seqs in the same order.
 */
async function appendAll(
  client: pg.PoolClient,
  batch: readonly PendingAppend[],
  now: number,
): Promise<number[]> {
  if (batch.length === 0) return [];
  const counts = new Map<string, number>();
  for (const p of batch) counts.set(p.docId, (counts.get(p.docId) ?? 0) + 1);
  const { rows } = await client.query<{ id: string; last_seq: number }>(ALLOCATE, [
    [...counts.keys()],
    [...counts.values()],
  ]);
  // The first seq of each document's share: its new last seq less its appends, plus one.
  const next = new Map(rows.map((r) => [r.id, r.last_seq - counts.get(r.id)! + 1]));
  const seqs = batch.map((p) => {
    const seq = next.get(p.docId);
    if (seq === undefined) throw new Error(`no document ${p.docId}`);
    next.set(p.docId, seq + 1);
    return seq;
  });
  await client.query(INSERT_UPDATES, [
    batch.map((p) => p.docId),
    seqs,
    batch.map((p) => p.update),
    now,
    batch.map((p) => JSON.stringify(p.meta.origin)),
  ]);
  const claims = batch.flatMap((p) => (p.meta.claims ?? []).map((c) => ({ docId: p.docId, ...c })));
  if (claims.length > 0)
    await client.query(INSERT_CLAIMS, [
      claims.map((c) => c.docId),
      claims.map((c) => c.clientId),
      claims.map((c) => c.personId),
    ]);
  return seqs;
}

/** One append in its own savepoint: a failure undoes it alone and the batch goes on. */
async function appendOne(
  client: pg.PoolClient,
  p: PendingAppend,
  now: number,
): Promise<AppendOutcome> {
  await client.query('SAVEPOINT append');
  try {
    const claims = p.meta.claims ?? [];
    const { rows } = await client.query<{ last_seq: number }>(APPEND_ONE, [
      p.docId,
      p.update,
      now,
      JSON.stringify(p.meta.origin),
      claims.map((c) => c.clientId),
      claims.map((c) => c.personId),
    ]);
    const seq = rows[0]?.last_seq;
    if (seq === undefined) throw new Error(`no document ${p.docId}`);
    await client.query('RELEASE SAVEPOINT append');
    return { seq };
  } catch (error) {
    await client.query('ROLLBACK TO SAVEPOINT append');
    return { error };
  }
}
