import type { Amendment, AmendmentEvent, AmendmentRevision, Compromise } from '@accord/shared';
import type { AmendmentStore, AmendmentWrite, AmendmentWriteResult } from './AmendmentStore.js';
import { parseAmendmentWrite } from './parseAmendmentWrite.js';
import { SeqCounter } from './SeqCounter.js';

/**
 * Amendments, revisions and compromises in memory, with the semantics of `SqliteAmendmentStore`
 * (one seq counter for all documents, a save all or nothing). The counter is given so the
 * storage's `MemoryThreadStore` shares it, as both SQLite stores share one row. Records are copied
 * in and out, as a database's are, so a caller that changes an object it gave or got changes
 * nothing stored.
 */
export class MemoryAmendmentStore implements AmendmentStore {
  private readonly amendments = new Map<string, Amendment>();
  private readonly revisionsById = new Map<string, AmendmentRevision[]>();
  private readonly compromisesById = new Map<string, Compromise>();

  constructor(private readonly seq: SeqCounter = new SeqCounter()) {}

  async list(documentId: string): Promise<Amendment[]> {
    return this.ofDocument(this.amendments, documentId)
      .sort((a, b) => a.number - b.number)
      .map((a) => structuredClone(a));
  }

  async get(id: string): Promise<Amendment | null> {
    const a = this.amendments.get(id);
    return a ? structuredClone(a) : null;
  }

  async save(write: AmendmentWrite): Promise<AmendmentWriteResult> {
    const parsed = parseAmendmentWrite(write);
    // Every check before the first change, so a rejected save stores nothing.
    const saved = new Set(parsed.amendments.map((a) => a.id));
    for (const a of parsed.amendments) {
      const before = this.amendments.get(a.id);
      if (before && (before.documentId !== a.documentId || before.number !== a.number))
        throw new Error(`amendment ${a.id} keeps its document and number`);
      const holder = [...this.amendments.values()].find(
        (o) => o.documentId === a.documentId && o.number === a.number && o.id !== a.id,
      );
      if (holder) throw new Error(`amendment number ${a.number} is taken in ${a.documentId}`);
    }
    for (const r of parsed.revisions) {
      if (!this.amendments.has(r.amendmentId) && !saved.has(r.amendmentId))
        throw new Error(`no amendment ${r.amendmentId}`);
      if (this.revisionsById.get(r.amendmentId)?.some((o) => o.revision === r.revision))
        throw new Error(`amendment ${r.amendmentId} has a revision ${r.revision}`);
    }
    for (const c of parsed.compromises)
      if (this.compromisesById.has(c.id)) throw new Error(`compromise ${c.id} exists`);

    const amendments = parsed.amendments.map((a) => {
      const stored = { ...a, seq: this.seq.next() };
      this.amendments.set(a.id, stored);
      return structuredClone(stored);
    });
    for (const r of parsed.revisions)
      this.revisionsById.set(r.amendmentId, [...(this.revisionsById.get(r.amendmentId) ?? []), r]);
    const compromises = parsed.compromises.map((c) => {
      const stored = { ...c, seq: this.seq.next() };
      this.compromisesById.set(c.id, stored);
      return structuredClone(stored);
    });
    return { amendments, compromises };
  }

  async nextNumber(documentId: string): Promise<number> {
    return Math.max(0, ...this.ofDocument(this.amendments, documentId).map((a) => a.number)) + 1;
  }

  async changesSince(documentId: string, seq: number): Promise<AmendmentEvent[]> {
    const events: AmendmentEvent[] = [
      ...this.ofDocument(this.amendments, documentId).map((a): AmendmentEvent => ({
        type: 'amendment',
        seq: a.seq,
        amendment: structuredClone(a),
      })),
      ...this.ofDocument(this.compromisesById, documentId).map((c): AmendmentEvent => ({
        type: 'compromise',
        seq: c.seq,
        compromise: structuredClone(c),
      })),
    ];
    return events.filter((e) => e.seq > seq).sort((a, b) => a.seq - b.seq);
  }

  async lastSeq(documentId: string): Promise<number> {
    return Math.max(
      0,
      ...this.ofDocument(this.amendments, documentId).map((a) => a.seq),
      ...this.ofDocument(this.compromisesById, documentId).map((c) => c.seq),
    );
  }

  async revisions(amendmentId: string): Promise<AmendmentRevision[]> {
    return (this.revisionsById.get(amendmentId) ?? [])
      .map((r) => structuredClone(r))
      .sort((a, b) => a.revision - b.revision);
  }

  async compromises(documentId: string): Promise<Compromise[]> {
    return this.ofDocument(this.compromisesById, documentId)
      .sort((a, b) => a.seq - b.seq)
      .map((c) => structuredClone(c));
  }

  async getCompromise(id: string): Promise<Compromise | null> {
    const c = this.compromisesById.get(id);
    return c ? structuredClone(c) : null;
  }

  private ofDocument<T extends { documentId: string }>(
    records: Map<string, T>,
    documentId: string,
  ): T[] {
    return [...records.values()].filter((r) => r.documentId === documentId);
  }
}
