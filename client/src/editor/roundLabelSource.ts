import type { Node } from 'prosemirror-model';
import {
  deriveLabels,
  roundLabels,
  type BlockLabel,
  type DocumentLabels,
  type LabelMap,
} from '@accord/shared';

/** How the editor labels a document; `deriveLabels` when no source is given. */
export interface LabelSource {
  /** The labels of `doc` now. */
  labelsOf(doc: Node): Map<string, BlockLabel>;
  /** Calls `listener` when the labels may have changed without the text changing. */
  subscribe(listener: () => void): () => void;
  /** The text's structure changed here (a block added, deleted, moved). */
  structureChanged(): void;
}

/** After a structural change, the server's kept labels are read again this much later. */
const REFETCH_AFTER_CHANGE_MS = 1_500;

const toMap = (labels: LabelMap): Map<string, BlockLabel> => new Map(Object.entries(labels));

/**
 * The round's labels in the browser (SPEC SL1–SL8): the server says what the round started from
 * and which labels it kept for new blocks; every local change is labelled at once by the same
 * `roundLabels`, so a paragraph just added reads "OP4 bis" before the server has seen it. A label
 * shown here for a new block is kept here too until the server's kept labels are read again, so
 * it does not move when another paragraph is added before it in the meantime; the server's
 * labels win where they differ (two pen-holders adding at once). Read again on focus, on
 * reconnect, after structural changes and when the rounds change. Until the first answer, or
 * when the server answers with no start, the labels are the text's own numbering.
 */
export class RoundLabelSource implements LabelSource {
  private start: Map<string, BlockLabel> | null = null;
  private kept = new Map<string, BlockLabel>();
  /** Labels given here to new blocks the server had not kept at the last read. */
  private provisional = new Map<string, BlockLabel>();
  private readonly listeners = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private reading: AbortController | null = null;
  private stopped = false;

  constructor(private readonly read: (signal: AbortSignal) => Promise<DocumentLabels>) {}

  labelsOf(doc: Node): Map<string, BlockLabel> {
    if (!this.start) return deriveLabels(doc);
    const kept = new Map([...this.kept, ...this.provisional]);
    const labels = roundLabels(this.start, doc, kept);
    for (const [id, label] of labels)
      if (!this.start.has(id) && !kept.has(id)) this.provisional.set(id, label);
    return labels;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  structureChanged(): void {
    if (this.stopped || !this.start) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), REFETCH_AFTER_CHANGE_MS);
  }

  /** Reads the server's labels again; a failure keeps what is shown (the next read retries). */
  async refresh(): Promise<void> {
    if (this.stopped) return;
    this.reading?.abort();
    const reading = new AbortController();
    this.reading = reading;
    let answer: DocumentLabels;
    try {
      answer = await this.read(reading.signal);
    } catch {
      return;
    }
    if (this.stopped || reading.signal.aborted) return;
    this.reading = null;
    this.apply(answer);
  }

  /** Takes the server's answer: its kept labels win; provisional ones that clash are dropped. */
  apply(answer: DocumentLabels): void {
    this.start = answer.start ? toMap(answer.start) : null;
    this.kept = toMap(answer.kept);
    const taken = new Set<string>();
    for (const l of [...(this.start?.values() ?? []), ...this.kept.values()]) taken.add(l.short);
    for (const [id, label] of this.provisional)
      if (!this.start || this.start.has(id) || this.kept.has(id) || taken.has(label.short))
        this.provisional.delete(id);
    for (const listener of this.listeners) listener();
  }

  /** Stops reading (the editor is gone). */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.reading?.abort();
    this.listeners.clear();
  }
}
