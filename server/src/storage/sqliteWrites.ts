import type Database from 'better-sqlite3';
import type { ClientClaim } from './DocumentStore.js';

/** One update to append, with the client ids it claims. */
export interface AppendItem {
  docId: string;
  update: Uint8Array;
  claims: readonly ClientClaim[];
}

/** What the writer does: append a batch, or compact a document's log into a snapshot. */
export type WriteCommand =
  | { kind: 'append'; items: AppendItem[] }
  | { kind: 'compact'; docId: string; state: Uint8Array; upToSeq: number };

/** A command on its way to the writer thread, numbered to match its answer. */
export type WriteRequest = WriteCommand & { id: number };

/** The writer's answer: the sequence numbers of an appended batch, or what went wrong. */
export type WriteResult =
  { id: number; ok: true; seqs: number[] } | { id: number; ok: false; error: string };

/**
 * The statements that write the update log, run by the writer thread. Each batch is one
 * transaction: one fsync for all of it.
 */
export function updateLogWriter(db: Database.Database): (request: WriteRequest) => number[] {
  const insert = db.prepare('INSERT INTO updates (doc_id, data, created_at) VALUES (?, ?, ?)');
  const claim = db.prepare(
    'INSERT OR IGNORE INTO client_ids (doc_id, client_id, person_id) VALUES (?, ?, ?)',
  );
  const snapshot = db.prepare(
    `INSERT INTO snapshots (doc_id, seq, state, created_at) VALUES (?, ?, ?, ?)
     ON CONFLICT(doc_id) DO UPDATE SET seq = excluded.seq, state = excluded.state, created_at = excluded.created_at
     WHERE excluded.seq >= snapshots.seq`,
  );
  const prune = db.prepare('DELETE FROM updates WHERE doc_id = ? AND seq <= ?');
  const append = db.transaction((items: AppendItem[], now: string) =>
    items.map((item) => {
      // The claim is stored with the update that first uses the id, atomically.
      for (const c of item.claims) claim.run(item.docId, c.clientId, c.personId);
      return Number(insert.run(item.docId, Buffer.from(item.update), now).lastInsertRowid);
    }),
  );
  const compact = db.transaction(
    (docId: string, state: Uint8Array, upToSeq: number, now: string) => {
      snapshot.run(docId, upToSeq, Buffer.from(state), now);
      prune.run(docId, upToSeq);
    },
  );
  return (request) => {
    const now = new Date().toISOString();
    if (request.kind === 'append') return append(request.items, now);
    compact(request.docId, request.state, request.upToSeq, now);
    return [];
  };
}
