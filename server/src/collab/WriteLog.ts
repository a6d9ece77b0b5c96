/**
 * The state of a document's writes: updates handed to the store and not yet confirmed (the
 * validator's shadow includes them), the sequence numbers the durable document holds, and a
 * promise that settles after the most recent write (acknowledgements of no-op updates wait for it).
 *
 * With a store whose sequence numbers are per document and gapless (PostgreSQL, where several
 * processes append to one log), `lastSeq` is the watermark below which the durable document holds
 * every update: another process's update N-1 may arrive after this process's own N, and a
 * snapshot must never claim an update it lacks. With a store whose numbers are shared by all
 * documents (SQLite, one process), holes are other documents' and `lastSeq` is the highest.
 */
export class WriteLog {
  /** Updates validated and handed to the store but not yet confirmed, in order. */
  readonly inflight: Uint8Array[] = [];
  /** Confirmed updates not yet covered by a snapshot. */
  sinceSnapshot: number;
  private last: Promise<unknown> = Promise.resolve();
  /** Every seq ≤ this is in the durable document (gapless logs), or the highest confirmed. */
  private watermark: number;
  /** Confirmed seqs above the watermark (gapless logs only). */
  private readonly above = new Set<number>();

  constructor(
    lastSeq: number,
    sinceSnapshot: number,
    /** True when the store numbers this log's updates 1, 2, 3… with no holes. */
    private readonly gapless = false,
  ) {
    this.watermark = lastSeq;
    this.sinceSnapshot = sinceSnapshot;
  }

  /** Sequence number up to which the durable document holds every confirmed update. */
  get lastSeq(): number {
    return this.watermark;
  }

  /** True when the update numbered `seq` is confirmed here already. */
  has(seq: number): boolean {
    return seq <= this.watermark || this.above.has(seq);
  }

  /** Records that the update numbered `seq` is confirmed (and about to be in the document). */
  confirm(seq: number): void {
    this.sinceSnapshot++;
    if (!this.gapless) {
      this.watermark = Math.max(this.watermark, seq);
      return;
    }
    if (seq <= this.watermark) return;
    this.above.add(seq);
    while (this.above.delete(this.watermark + 1)) this.watermark++;
  }

  /** Records a write under way; `settled` waits for it. */
  track(write: Promise<unknown>): void {
    this.last = write;
  }

  /** Resolves once every write handed to the store so far has settled (never rejects). */
  settled(): Promise<void> {
    return this.last.then(
      () => undefined,
      () => undefined,
    );
  }
}
