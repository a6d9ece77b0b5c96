import type { ParagraphStatus } from '@accord/shared';
import type { StatusStore } from './StatusStore.js';

const copy = (s: ParagraphStatus): ParagraphStatus => ({ ...s, setBy: { ...s.setBy } });

/** Paragraph statuses in memory, with the semantics of `SqliteStatusStore` (copied in and out). */
export class MemoryStatusStore implements StatusStore {
  // Keyed by document id, then block id; re-inserting moves a block last, as SQLite's REPLACE.
  private readonly documents = new Map<string, Map<string, ParagraphStatus>>();

  async list(documentId: string): Promise<ParagraphStatus[]> {
    return [...(this.documents.get(documentId)?.values() ?? [])].map(copy);
  }

  async put(status: ParagraphStatus): Promise<void> {
    let blocks = this.documents.get(status.documentId);
    if (!blocks) this.documents.set(status.documentId, (blocks = new Map()));
    blocks.delete(status.blockId);
    blocks.set(status.blockId, copy(status));
  }

  async remove(documentId: string, blockId: string): Promise<void> {
    this.documents.get(documentId)?.delete(blockId);
  }
}
