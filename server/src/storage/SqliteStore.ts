import type Database from 'better-sqlite3';
import {
  changeOriginSchema,
  workingCopyLogId,
  type DocumentKind,
  type DocumentSummary,
} from '@accord/shared';
import { isoAt, type Clock } from '../time/Clock.js';
import type { DocumentStore, StoredDocument, StoredUpdate, UpdateMeta } from './DocumentStore.js';
import { ensureDocumentSchema } from './sqliteDocumentSchema.js';

interface PendingAppend {
  docId: string;
  update: Uint8Array;
  meta: UpdateMeta;
  resolve: (seq: number) => void;
  reject: (err: unknown) => void;
}

interface UpdateRow {
  seq: number;
  data: Buffer;
  arrived_at: number;
  origin: string;
}

/**
 * Documents and their update logs in the server's SQLite database (opened by
 * `openSqliteStorage`). Appends that arrive in the same tick are written in one transaction
 * (group commit): one fsync for a burst of keystrokes from many delegations instead of one each.
 * Update rows are never deleted: a snapshot only shortens loading, the history stays whole
 * (except in a database migrated from before, whose old compactions deleted rows).
 */
export class SqliteStore implements DocumentStore {
  private queue: PendingAppend[] = [];
  private flushScheduled = false;
  private closed = false;

  constructor(
    private readonly db: Database.Database,
    private readonly clock: Clock,
  ) {
    ensureDocumentSchema(db);
  }

  async listDocuments(): Promise<DocumentSummary[]> {
    const rows = this.db
      .prepare(
        'SELECT id, title, kind FROM documents WHERE parent_id IS NULL ORDER BY position, id',
      )
      .all() as { id: string; title: string; kind: DocumentKind }[];
    return rows.map((r) => ({ id: r.id, title: r.title, kind: r.kind }));
  }

  async getDocument(id: string): Promise<DocumentSummary | null> {
    const row = this.db
      .prepare('SELECT id, title, kind FROM documents WHERE id = ? AND parent_id IS NULL')
      .get(id) as { id: string; title: string; kind: DocumentKind } | undefined;
    return row ? { id: row.id, title: row.title, kind: row.kind } : null;
  }

  async isEmpty(): Promise<boolean> {
    return (
      this.db.prepare('SELECT 1 FROM documents WHERE parent_id IS NULL LIMIT 1').get() === undefined
    );
  }

  async createDocuments(docs: readonly DocumentSummary[]): Promise<void> {
    const now = isoAt(this.clock.now());
    const insertDoc = this.db.prepare(
      'INSERT INTO documents (id, title, kind, position, created_at) VALUES (?, ?, ?, (SELECT COALESCE(MAX(position), 0) + 1 FROM documents), ?)',
    );
    this.db.transaction(() => {
      for (const doc of docs) insertDoc.run(doc.id, doc.title, doc.kind, now);
    })();
  }

  /**
   * The working copy is a `documents` row with `parent_id` set (copying the document's title and
   * kind), so the update log, snapshots and claims work on its id unchanged.
   */
  async openWorkingCopy(documentId: string, delegationId: string): Promise<string> {
    const id = workingCopyLogId(documentId, delegationId);
    this.db.transaction(() => {
      const existing = this.db
        .prepare('SELECT parent_id, delegation_id FROM documents WHERE id = ?')
        .get(id) as { parent_id: string | null; delegation_id: string | null } | undefined;
      if (existing) {
        if (existing.parent_id !== documentId || existing.delegation_id !== delegationId)
          throw new Error(`${id} exists and is not a working copy of ${documentId}`);
        return;
      }
      const inserted = this.db
        .prepare(
          `INSERT INTO documents (id, title, kind, position, created_at, parent_id, delegation_id)
           SELECT ?, title, kind, 0, ?, id, ? FROM documents WHERE id = ? AND parent_id IS NULL`,
        )
        .run(id, isoAt(this.clock.now()), delegationId, documentId);
      if (inserted.changes === 0) throw new Error(`no document ${documentId}`);
    })();
    return id;
  }

  async loadDocument(id: string): Promise<StoredDocument> {
    const read = this.db.transaction(() => {
      this.requireDocument(id);
      const snap = this.db.prepare('SELECT seq, state FROM snapshots WHERE doc_id = ?').get(id) as
        { seq: number; state: Buffer } | undefined;
      const snapshotSeq = snap?.seq ?? 0;
      const rows = this.db
        .prepare('SELECT seq, data FROM updates WHERE doc_id = ? AND seq > ? ORDER BY seq')
        .all(id, snapshotSeq) as { seq: number; data: Buffer }[];
      const owners = this.db
        .prepare('SELECT client_id, person_id FROM client_ids WHERE doc_id = ?')
        .all(id) as { client_id: number; person_id: string }[];
      return {
        clientOwners: new Map(owners.map((o) => [o.client_id, o.person_id])),
        snapshot: snap ? new Uint8Array(snap.state) : null,
        snapshotSeq,
        updates: rows.map((r) => new Uint8Array(r.data)),
        lastSeq: rows.at(-1)?.seq ?? snapshotSeq,
      };
    });
    return read();
  }

  appendUpdate(docId: string, update: Uint8Array, meta: UpdateMeta): Promise<number> {
    if (this.closed) return Promise.reject(new Error('store is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ docId, update, meta, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /**
   * Writes every queued append in one transaction, then settles them in arrival order. Each
   * append is a savepoint of its own, so one that fails (an unknown document) is refused alone.
   */
  private flush(): void {
    this.flushScheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    const insert = this.db.prepare(
      'INSERT INTO updates (doc_id, data, arrived_at, origin) VALUES (?, ?, ?, ?)',
    );
    const claim = this.db.prepare(
      'INSERT OR IGNORE INTO client_ids (doc_id, client_id, person_id) VALUES (?, ?, ?)',
    );
    const one = this.db.transaction((p: PendingAppend, now: number): number => {
      // The claim is stored with the update that first uses the id, atomically.
      for (const c of p.meta.claims ?? []) claim.run(p.docId, c.clientId, c.personId);
      const origin = JSON.stringify(p.meta.origin);
      return Number(insert.run(p.docId, Buffer.from(p.update), now, origin).lastInsertRowid);
    });
    const now = this.clock.now();
    let outcomes: ({ seq: number } | { error: unknown })[];
    try {
      outcomes = this.db.transaction(() =>
        batch.map((p) => {
          try {
            return { seq: one(p, now) };
          } catch (error) {
            return { error };
          }
        }),
      )();
    } catch (err) {
      for (const p of batch) p.reject(err);
      return;
    }
    batch.forEach((p, i) => {
      const outcome = outcomes[i];
      if (outcome && 'seq' in outcome) p.resolve(outcome.seq);
      else p.reject(outcome?.error ?? new Error('append lost'));
    });
  }

  async compact(id: string, state: Uint8Array, upToSeq: number): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO snapshots (doc_id, seq, state, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(doc_id) DO UPDATE SET seq = excluded.seq, state = excluded.state, created_at = excluded.created_at
         WHERE excluded.seq >= snapshots.seq`,
      )
      .run(id, upToSeq, Buffer.from(state), isoAt(this.clock.now()));
  }

  async history(
    id: string,
    options: { afterSeq?: number; limit?: number } = {},
  ): Promise<StoredUpdate[]> {
    const read = this.db.transaction(() => {
      this.requireDocument(id);
      return this.db
        .prepare(
          'SELECT seq, data, arrived_at, origin FROM updates WHERE doc_id = ? AND seq > ? ORDER BY seq LIMIT ?',
        )
        .all(id, options.afterSeq ?? 0, options.limit ?? -1) as UpdateRow[];
    });
    return read().map((r) => ({
      seq: r.seq,
      arrivedAt: r.arrived_at,
      origin: changeOriginSchema.parse(JSON.parse(r.origin)),
      update: new Uint8Array(r.data),
    }));
  }

  /** Writes what is queued; the database itself is closed by its owner. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.flush();
    this.closed = true;
  }

  private requireDocument(id: string): void {
    if (!this.db.prepare('SELECT 1 FROM documents WHERE id = ?').get(id)) {
      throw new Error(`no document ${id}`);
    }
  }
}
