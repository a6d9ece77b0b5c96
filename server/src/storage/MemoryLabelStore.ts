import type { BlockLabel } from '@accord/shared';
import type { LabelStore } from './LabelStore.js';

/** Kept labels in memory, with the semantics of `SqliteLabelStore` (copied in and out). */
export class MemoryLabelStore implements LabelStore {
  // Keyed by round id, then document id, then block id; Maps keep insertion order.
  private readonly rounds = new Map<string, Map<string, Map<string, BlockLabel>>>();

  async kept(roundId: string, documentId: string): Promise<Map<string, BlockLabel>> {
    const labels = this.rounds.get(roundId)?.get(documentId);
    return new Map([...(labels ?? [])].map(([id, l]) => [id, { ...l }]));
  }

  async keep(
    roundId: string,
    documentId: string,
    labels: ReadonlyMap<string, BlockLabel>,
  ): Promise<void> {
    let documents = this.rounds.get(roundId);
    if (!documents) this.rounds.set(roundId, (documents = new Map()));
    let kept = documents.get(documentId);
    if (!kept) documents.set(documentId, (kept = new Map()));
    for (const [id, label] of labels)
      if (!kept.has(id)) kept.set(id, { short: label.short, long: label.long });
  }
}
