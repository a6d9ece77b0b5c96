import type { DocumentStore } from '../storage/DocumentStore.js';
import type { Logger } from '../logger.js';
import type { WriteLog } from './WriteLog.js';

/**
 * Folds a document's update log into a snapshot every `every` updates (ST2), off the
 * acknowledgement path, and once more when the room unloads. History is kept: the durable
 * document has no garbage collection, and the store keeps every update's origin and time.
 */
export class Compactor {
  private running = false;

  constructor(
    private readonly documentId: string,
    /** What a snapshot holds: the whole document, or (a working copy) only its own updates. */
    private readonly state: () => Uint8Array,
    private readonly log: WriteLog,
    private readonly store: DocumentStore,
    private readonly logger: Logger,
    private readonly every: number,
  ) {}

  /** Compacts on the next turn of the event loop if enough updates have gathered. */
  maybe(): void {
    if (this.running || this.log.sinceSnapshot < this.every) return;
    this.running = true;
    setImmediate(() => {
      this.now()
        .catch((err: unknown) =>
          this.logger.error('compaction failed', { room: this.documentId, error: String(err) }),
        )
        .finally(() => {
          this.running = false;
        });
    });
  }

  /** Writes a snapshot of everything confirmed so far. */
  async now(): Promise<void> {
    const upTo = this.log.lastSeq;
    const count = this.log.sinceSnapshot;
    if (count === 0) return;
    await this.store.compact(this.documentId, this.state(), upTo);
    this.log.sinceSnapshot -= count;
  }
}
