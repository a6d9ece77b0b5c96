import { workingCopyLogId, type DocumentSummary } from '@accord/shared';
import type { Clock } from '../time/Clock.js';
import type { DocumentStore, StoredDocument, StoredUpdate, UpdateMeta } from './DocumentStore.js';

interface MemoryDocument {
  summary: DocumentSummary;
  snapshot: { seq: number; state: Uint8Array } | null;
  updates: StoredUpdate[];
  owners: Map<number, string>;
  /** For a working copy: its document and delegation; null for a document. */
  workingCopyOf: { documentId: string; delegationId: string } | null;
}

// Stored and returned bytes and origins are copies, as a database's are: a caller that reuses
// its buffer cannot change the history.
const copyUpdate = (u: StoredUpdate): StoredUpdate => ({
  ...u,
  origin: structuredClone(u.origin),
  update: u.update.slice(),
});

/**
 * Documents and their logs in memory, with the semantics of `SqliteStore` (one sequence for all
 * documents, history kept through compaction, arrival times from the clock), for tests and
 * for trying the server without a disk. Nothing survives the process.
 */
export class MemoryDocumentStore implements DocumentStore {
  private readonly docs = new Map<string, MemoryDocument>();
  private lastSeq = 0;
  private closed = false;

  constructor(private readonly clock: Clock) {}

  async listDocuments(): Promise<DocumentSummary[]> {
    return [...this.docs.values()]
      .filter((d) => d.workingCopyOf === null)
      .map((d) => ({ ...d.summary }));
  }

  async getDocument(id: string): Promise<DocumentSummary | null> {
    const doc = this.docs.get(id);
    return doc && doc.workingCopyOf === null ? { ...doc.summary } : null;
  }

  async isEmpty(): Promise<boolean> {
    return ![...this.docs.values()].some((d) => d.workingCopyOf === null);
  }

  async createDocuments(docs: readonly DocumentSummary[]): Promise<void> {
    const ids = docs.map((d) => d.id);
    const clash = ids.find((id, i) => this.docs.has(id) || ids.indexOf(id) !== i);
    if (clash !== undefined) throw new Error(`document ${clash} exists`);
    for (const d of docs) {
      this.docs.set(d.id, {
        summary: { id: d.id, title: d.title, kind: d.kind },
        snapshot: null,
        updates: [],
        owners: new Map(),
        workingCopyOf: null,
      });
    }
  }

  /** The working copy's log sits in the same map, marked, so ids cannot clash with documents'. */
  async openWorkingCopy(documentId: string, delegationId: string): Promise<string> {
    const id = workingCopyLogId(documentId, delegationId);
    const existing = this.docs.get(id);
    if (existing) {
      const of = existing.workingCopyOf;
      if (of?.documentId !== documentId || of.delegationId !== delegationId)
        throw new Error(`${id} exists and is not a working copy of ${documentId}`);
      return id;
    }
    const doc = this.docs.get(documentId);
    if (!doc || doc.workingCopyOf !== null) throw new Error(`no document ${documentId}`);
    this.docs.set(id, {
      summary: { ...doc.summary, id },
      snapshot: null,
      updates: [],
      owners: new Map(),
      workingCopyOf: { documentId, delegationId },
    });
    return id;
  }

  async loadDocument(id: string): Promise<StoredDocument> {
    const doc = this.require(id);
    const snapshotSeq = doc.snapshot?.seq ?? 0;
    const after = doc.updates.filter((u) => u.seq > snapshotSeq);
    return {
      snapshot: doc.snapshot ? doc.snapshot.state.slice() : null,
      snapshotSeq,
      updates: after.map((u) => u.update.slice()),
      lastSeq: after.at(-1)?.seq ?? snapshotSeq,
      clientOwners: new Map(doc.owners),
    };
  }

  async appendUpdate(id: string, update: Uint8Array, meta: UpdateMeta): Promise<number> {
    if (this.closed) throw new Error('store is closed');
    const doc = this.require(id);
    for (const c of meta.claims ?? []) {
      if (!doc.owners.has(c.clientId)) doc.owners.set(c.clientId, c.personId);
    }
    const seq = ++this.lastSeq;
    doc.updates.push(copyUpdate({ seq, arrivedAt: this.clock.now(), origin: meta.origin, update }));
    return seq;
  }

  async compact(id: string, state: Uint8Array, upToSeq: number): Promise<void> {
    const doc = this.require(id);
    if (doc.snapshot && doc.snapshot.seq > upToSeq) return;
    doc.snapshot = { seq: upToSeq, state: state.slice() };
  }

  async history(
    id: string,
    options: { afterSeq?: number; limit?: number } = {},
  ): Promise<StoredUpdate[]> {
    const after = this.require(id).updates.filter((u) => u.seq > (options.afterSeq ?? 0));
    return (options.limit === undefined ? after : after.slice(0, Math.max(options.limit, 0))).map(
      copyUpdate,
    );
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private require(id: string): MemoryDocument {
    const doc = this.docs.get(id);
    if (!doc) throw new Error(`no document ${id}`);
    return doc;
  }
}
