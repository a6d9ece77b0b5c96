/**
 * The state of a document's writes: updates handed to the store and not yet confirmed (the
 * validator's shadow includes them), the last confirmed sequence number, and a promise that
 * settles after the most recent write (acknowledgements of no-op updates wait for it).
 */
export class WriteLog {
  /** Updates validated and handed to the store but not yet confirmed, in order. */
  readonly inflight: Uint8Array[] = [];
  /** Sequence number of the last confirmed update. */
  lastSeq: number;
  /** Confirmed updates not yet covered by a snapshot. */
  sinceSnapshot: number;
  private last: Promise<unknown> = Promise.resolve();

  constructor(lastSeq: number, sinceSnapshot: number) {
    this.lastSeq = lastSeq;
    this.sinceSnapshot = sinceSnapshot;
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
