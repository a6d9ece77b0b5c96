import type pg from 'pg';
import {
  changeOriginSchema,
  workingCopyLogId,
  type DocumentKind,
  type DocumentSummary,
} from '@accord/shared';
import { isoAt, type Clock } from '../../time/Clock.js';
import type { DocumentStore, StoredDocument, StoredUpdate, UpdateMeta } from '../DocumentStore.js';
import type { PgDatabase } from './PgDatabase.js';
import { bytes } from './pgRows.js';
import { writeBatch, type AppendOutcome, type PendingAppend } from './pgAppendBatch.js';

interface SummaryRow {
  id: string;
  title: string;
  kind: DocumentKind;
}

interface UpdateRow {
  seq: number;
  data: Buffer;
  arrived_at: number;
  origin: string;
}

const summary = (r: SummaryRow): DocumentSummary => ({ id: r.id, title: r.title, kind: r.kind });

/**
 * Documents and their update logs in PostgreSQL (opened by `openPostgresStorage`), shared by
 * every server process that opens the same schema.
 *
 * Sequence numbers (PG1) are allocated by the database, per document: `documents.last_seq` is
 * incremented inside the append's transaction, so the row lock serializes appenders of one
 * document across processes, a rolled-back append leaves no hole, and seq order is commit order
 * (whoever sees seq N knows every seq below N of that document is committed). Seqs of different
 * documents are independent: each document's log counts 1, 2, 3, …
 *
 * Appends queued in one tick are written in one transaction (group commit, `writeBatch`), one
 * batch at a time per store so this process's appends keep their arrival order and settle in
 * it. An unknown document's append is refused alone; the batch locks its documents' rows in id
 * order first, so two processes' batches never deadlock. A resolved append is committed.
 */
export class PgDocumentStore implements DocumentStore {
  /** Each log counts 1, 2, 3… with no holes, in commit order (PG1). */
  readonly gaplessSeqs = true;
  private queue: PendingAppend[] = [];
  private writing = false;
  private idle: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly db: PgDatabase,
    private readonly clock: Clock,
  ) {}

  async listDocuments(): Promise<DocumentSummary[]> {
    const { rows } = await this.db.query<SummaryRow>(
      'SELECT id, title, kind FROM documents WHERE parent_id IS NULL ORDER BY position, id COLLATE "C"',
    );
    return rows.map(summary);
  }

  async getDocument(id: string): Promise<DocumentSummary | null> {
    const { rows } = await this.db.query<SummaryRow>(
      'SELECT id, title, kind FROM documents WHERE id = $1 AND parent_id IS NULL',
      [id],
    );
    return rows[0] ? summary(rows[0]) : null;
  }

  async isEmpty(): Promise<boolean> {
    const { rowCount } = await this.db.query(
      'SELECT 1 FROM documents WHERE parent_id IS NULL LIMIT 1',
    );
    return rowCount === 0;
  }

  async createDocuments(docs: readonly DocumentSummary[]): Promise<void> {
    const now = isoAt(this.clock.now());
    // Positions come from a sequence, so processes creating documents at once need no lock.
    await this.db.transaction(async (client) => {
      for (const doc of docs)
        await client.query(
          `INSERT INTO documents (id, title, kind, position, created_at)
           VALUES ($1, $2, $3, nextval('document_position'), $4)`,
          [doc.id, doc.title, doc.kind, now],
        );
    });
  }

  /**
   * The working copy is a `documents` row with `parent_id` set (copying the document's title and
   * kind), so the update log, snapshots and claims work on its id unchanged. Two processes may
   * open it at once: the insert does nothing when the row exists, and the row is then checked.
   */
  async openWorkingCopy(documentId: string, delegationId: string): Promise<string> {
    const id = workingCopyLogId(documentId, delegationId);
    await this.db.query(
      `INSERT INTO documents (id, title, kind, position, created_at, parent_id, delegation_id)
       SELECT $1, title, kind, 0, $2, id, $3 FROM documents WHERE id = $4 AND parent_id IS NULL
       ON CONFLICT (id) DO NOTHING`,
      [id, isoAt(this.clock.now()), delegationId, documentId],
    );
    const { rows } = await this.db.query<{
      parent_id: string | null;
      delegation_id: string | null;
    }>('SELECT parent_id, delegation_id FROM documents WHERE id = $1', [id]);
    const row = rows[0];
    if (!row) throw new Error(`no document ${documentId}`);
    if (row.parent_id !== documentId || row.delegation_id !== delegationId)
      throw new Error(`${id} exists and is not a working copy of ${documentId}`);
    return id;
  }

  async loadDocument(id: string): Promise<StoredDocument> {
    // One snapshot of the database for the three reads, so the claims match the updates.
    return this.db.transaction(async (client) => {
      await client.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      await requireDocument(client, id);
      const snap = (
        await client.query<{ seq: number; state: Buffer }>(
          'SELECT seq, state FROM snapshots WHERE doc_id = $1',
          [id],
        )
      ).rows[0];
      const snapshotSeq = snap?.seq ?? 0;
      const { rows } = await client.query<{ seq: number; data: Buffer }>(
        'SELECT seq, data FROM updates WHERE doc_id = $1 AND seq > $2 ORDER BY seq',
        [id, snapshotSeq],
      );
      const owners = await client.query<{ client_id: number; person_id: string }>(
        'SELECT client_id, person_id FROM client_ids WHERE doc_id = $1',
        [id],
      );
      return {
        clientOwners: new Map(owners.rows.map((o) => [o.client_id, o.person_id])),
        snapshot: snap ? bytes(snap.state) : null,
        snapshotSeq,
        updates: rows.map((r) => bytes(r.data)),
        lastSeq: rows.at(-1)?.seq ?? snapshotSeq,
      };
    });
  }

  appendUpdate(docId: string, update: Uint8Array, meta: UpdateMeta): Promise<number> {
    if (this.closed) return Promise.reject(new Error('store is closed'));
    // Copied now: the caller may reuse its bytes before the batch is written.
    const copy = Buffer.from(update);
    return new Promise((resolve, reject) => {
      this.queue.push({ docId, update: copy, meta, resolve, reject });
      this.startWriting();
    });
  }

  /** Writes on the next tick, unless a batch is being written: its loop takes the new appends. */
  private startWriting(): void {
    if (this.writing) return;
    this.writing = true;
    this.idle = new Promise<void>((resolve) => {
      setImmediate(() => void this.drain().then(resolve));
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      await this.write(batch);
    }
    this.writing = false;
  }

  /** Writes one batch in one transaction, then settles its appends in arrival order. */
  private async write(batch: PendingAppend[]): Promise<void> {
    let outcomes: AppendOutcome[];
    try {
      // The arrival time is read once the transaction holds its connection, near the commit.
      outcomes = await this.db.transaction((client) => writeBatch(client, batch, this.clock.now()));
    } catch (error) {
      for (const p of batch) p.reject(error);
      return;
    }
    batch.forEach((p, i) => {
      const outcome = outcomes[i];
      if (outcome && 'seq' in outcome) p.resolve(outcome.seq);
      else p.reject(outcome?.error ?? new Error('append lost'));
    });
  }

  async compact(id: string, state: Uint8Array, upToSeq: number): Promise<void> {
    await this.db.query(
      `INSERT INTO snapshots (doc_id, seq, state, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (doc_id) DO UPDATE
         SET seq = excluded.seq, state = excluded.state, created_at = excluded.created_at
         WHERE excluded.seq >= snapshots.seq`,
      [id, upToSeq, Buffer.from(state), isoAt(this.clock.now())],
    );
  }

  async history(
    id: string,
    options: { afterSeq?: number; limit?: number } = {},
  ): Promise<StoredUpdate[]> {
    const known = await this.db.query('SELECT 1 FROM documents WHERE id = $1', [id]);
    if (known.rowCount === 0) throw new Error(`no document ${id}`);
    const { rows } = await this.db.query<UpdateRow>(
      `SELECT seq, data, arrived_at, origin FROM updates
       WHERE doc_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
      [id, options.afterSeq ?? 0, options.limit ?? null],
    );
    return rows.map((r) => ({
      seq: r.seq,
      arrivedAt: r.arrived_at,
      origin: changeOriginSchema.parse(JSON.parse(r.origin)),
      update: bytes(r.data),
    }));
  }

  /** Refuses new appends and waits until what is queued is written; the pool is its owner's. */
  async close(): Promise<void> {
    this.closed = true;
    await this.idle;
  }
}

async function requireDocument(client: pg.PoolClient, id: string): Promise<void> {
  const { rowCount } = await client.query('SELECT 1 FROM documents WHERE id = $1', [id]);
  if (rowCount === 0) throw new Error(`no document ${id}`);
}
