import type { Thread } from '@accord/shared';
import type { ThreadStore } from './ThreadStore.js';
import { SeqCounter } from './SeqCounter.js';
import { parseThreadWrite } from './parseThreadWrite.js';

/**
 * Comment threads in memory, with the semantics of `SqliteThreadStore`. Its seqs come from the
 * counter it shares with the storage's `MemoryAmendmentStore`, so the feed orders both together.
 * Records are copied in and out, as a database's are.
 */
export class MemoryThreadStore implements ThreadStore {
  // A Map keeps first-insertion order, which is the order `list` gives (oldest first).
  private readonly threads = new Map<string, Thread>();
  private readonly threadByComment = new Map<string, string>();

  constructor(private readonly seq: SeqCounter = new SeqCounter()) {}

  async list(documentId: string): Promise<Thread[]> {
    return this.ofDocument(documentId).map((t) => structuredClone(t));
  }

  async get(id: string): Promise<Thread | null> {
    const t = this.threads.get(id);
    return t ? structuredClone(t) : null;
  }

  async getByComment(commentId: string): Promise<Thread | null> {
    const threadId = this.threadByComment.get(commentId);
    return threadId === undefined ? null : this.get(threadId);
  }

  async save(thread: Thread): Promise<Thread> {
    const parsed = parseThreadWrite(thread);
    // Every check before the first change, so a rejected save stores nothing.
    const before = this.threads.get(parsed.id);
    if (before && before.documentId !== parsed.documentId)
      throw new Error(`thread ${parsed.id} keeps its document`);
    for (const c of parsed.comments) {
      const held = this.threadByComment.get(c.id);
      if (held !== undefined && held !== parsed.id)
        throw new Error(`comment ${c.id} belongs to thread ${held}`);
    }
    const stored: Thread = { ...parsed, seq: this.seq.next() };
    this.threads.set(parsed.id, stored);
    for (const c of before?.comments ?? []) this.threadByComment.delete(c.id);
    for (const c of parsed.comments) this.threadByComment.set(c.id, parsed.id);
    return structuredClone(stored);
  }

  async changesSince(documentId: string, seq: number): Promise<Thread[]> {
    return this.ofDocument(documentId)
      .filter((t) => t.seq > seq)
      .sort((a, b) => a.seq - b.seq)
      .map((t) => structuredClone(t));
  }

  async lastSeq(documentId: string): Promise<number> {
    return Math.max(0, ...this.ofDocument(documentId).map((t) => t.seq));
  }

  private ofDocument(documentId: string): Thread[] {
    return [...this.threads.values()].filter((t) => t.documentId === documentId);
  }
}
