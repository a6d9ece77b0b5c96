import type Database from 'better-sqlite3';
import type { DocumentKind, DocumentSummary } from '@accord/shared';
import type { ClientClaim, DocumentStore, NewDocument, StoredDocument } from './DocumentStore.js';

interface PendingAppend {
  docId: string;
  update: Uint8Array;
  claims: readonly ClientClaim[];
  resolve: (seq: number) => void;
  reject: (err: unknown) => void;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS documents (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  kind TEXT NOT NULL,
  position INTEGER NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS snapshots (
  doc_id TEXT PRIMARY KEY REFERENCES documents(id),
  seq INTEGER NOT NULL,
  state BLOB NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS updates (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  doc_id TEXT NOT NULL REFERENCES documents(id),
  data BLOB NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS updates_doc_seq ON updates(doc_id, seq);
CREATE TABLE IF NOT EXISTS client_ids (
  doc_id TEXT NOT NULL REFERENCES documents(id),
  client_id INTEGER NOT NULL,
  person_id TEXT NOT NULL,
  PRIMARY KEY (doc_id, client_id)
);
`;

/**
 * Documents and their update logs in the server's SQLite database (opened by
 * `openSqliteStorage`). Appends that arrive in the same tick are written in one transaction
 * (group commit): one fsync for a burst of keystrokes from many delegations instead of one each.
 */
export class SqliteStore implements DocumentStore {
  private queue: PendingAppend[] = [];
  private flushScheduled = false;
  private closed = false;

  constructor(private readonly db: Database.Database) {
    db.exec(SCHEMA);
  }

  async listDocuments(): Promise<DocumentSummary[]> {
    const rows = this.db
      .prepare('SELECT id, title, kind FROM documents ORDER BY position, id')
      .all() as { id: string; title: string; kind: DocumentKind }[];
    return rows.map((r) => ({ id: r.id, title: r.title, kind: r.kind }));
  }

  async getDocument(id: string): Promise<DocumentSummary | null> {
    const row = this.db.prepare('SELECT id, title, kind FROM documents WHERE id = ?').get(id) as
      { id: string; title: string; kind: DocumentKind } | undefined;
    return row ? { id: row.id, title: row.title, kind: row.kind } : null;
  }

  async isEmpty(): Promise<boolean> {
    return this.db.prepare('SELECT 1 FROM documents LIMIT 1').get() === undefined;
  }

  async createDocuments(docs: NewDocument[]): Promise<void> {
    const now = new Date().toISOString();
    const insertDoc = this.db.prepare(
      'INSERT INTO documents (id, title, kind, position, created_at) VALUES (?, ?, ?, (SELECT COALESCE(MAX(position), 0) + 1 FROM documents), ?)',
    );
    const insertSnapshot = this.db.prepare(
      'INSERT INTO snapshots (doc_id, seq, state, created_at) VALUES (?, 0, ?, ?)',
    );
    this.db.transaction(() => {
      for (const { summary, initialState } of docs) {
        insertDoc.run(summary.id, summary.title, summary.kind, now);
        insertSnapshot.run(summary.id, Buffer.from(initialState), now);
      }
    })();
  }

  async loadDocument(id: string): Promise<StoredDocument> {
    const read = this.db.transaction(() => {
      if (!this.db.prepare('SELECT 1 FROM documents WHERE id = ?').get(id)) {
        throw new Error(`no document ${id}`);
      }
      const snap = this.db.prepare('SELECT seq, state FROM snapshots WHERE doc_id = ?').get(id) as
        { seq: number; state: Buffer } | undefined;
      const snapshotSeq = snap?.seq ?? 0;
      const rows = this.db
        .prepare('SELECT seq, data FROM updates WHERE doc_id = ? AND seq > ? ORDER BY seq')
        .all(id, snapshotSeq) as { seq: number; data: Buffer }[];
      const owners = this.db
        .prepare('SELECT client_id, person_id FROM client_ids WHERE doc_id = ?')
        .all(id) as {
        client_id: number;
        person_id: string;
      }[];
      return {
        clientOwners: new Map(owners.map((o) => [o.client_id, o.person_id])),
        snapshot: snap ? new Uint8Array(snap.state) : null,
        snapshotSeq,
        updates: rows.map((r) => new Uint8Array(r.data)),
        lastSeq: rows.length > 0 ? (rows[rows.length - 1]?.seq ?? snapshotSeq) : snapshotSeq,
      };
    });
    return read();
  }

  appendUpdate(
    docId: string,
    update: Uint8Array,
    claims: readonly ClientClaim[] = [],
  ): Promise<number> {
    if (this.closed) return Promise.reject(new Error('store is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ docId, update, claims, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Writes every queued append in one transaction, then resolves them in arrival order. */
  private flush(): void {
    this.flushScheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    const insert = this.db.prepare(
      'INSERT INTO updates (doc_id, data, created_at) VALUES (?, ?, ?)',
    );
    const claim = this.db.prepare(
      'INSERT OR IGNORE INTO client_ids (doc_id, client_id, person_id) VALUES (?, ?, ?)',
    );
    const now = new Date().toISOString();
    let seqs: number[];
    try {
      seqs = this.db.transaction(() =>
        batch.map((p) => {
          // The claim is stored with the update that first uses the id, atomically.
          for (const c of p.claims) claim.run(p.docId, c.clientId, c.personId);
          return Number(insert.run(p.docId, Buffer.from(p.update), now).lastInsertRowid);
        }),
      )();
    } catch (err) {
      for (const p of batch) p.reject(err);
      return;
    }
    batch.forEach((p, i) => p.resolve(seqs[i] ?? 0));
  }

  async compact(id: string, state: Uint8Array, upToSeq: number): Promise<void> {
    const now = new Date().toISOString();
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO snapshots (doc_id, seq, state, created_at) VALUES (?, ?, ?, ?)
           ON CONFLICT(doc_id) DO UPDATE SET seq = excluded.seq, state = excluded.state, created_at = excluded.created_at
           WHERE excluded.seq >= snapshots.seq`,
        )
        .run(id, upToSeq, Buffer.from(state), now);
      this.db.prepare('DELETE FROM updates WHERE doc_id = ? AND seq <= ?').run(id, upToSeq);
    })();
  }

  /** Writes what is queued; the database itself is closed by its owner. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.flush();
    this.closed = true;
  }
}
