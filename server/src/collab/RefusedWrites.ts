import { CloseCode } from '@accord/shared';
import type { PipelineConnection } from './pipeline/Change.js';

/**
 * Counts the writes a read-only connection attempted (AC3): the first is audited, and past the
 * limit the socket is closed with 4403. Stock clients of readers do send writes (a drafter who
 * types before noticing the text is read-only), so a few are tolerated rather than punished.
 */
export class RefusedWrites {
  private readonly counts = new WeakMap<PipelineConnection, number>();

  constructor(
    private readonly limit: number,
    private readonly audit: (conn: PipelineConnection, reason: string) => void,
  ) {}

  /** Counts one refused write of `conn`, auditing the first and closing past the limit. */
  count(conn: PipelineConnection): void {
    const refused = (this.counts.get(conn) ?? 0) + 1;
    this.counts.set(conn, refused);
    if (refused === 1) this.audit(conn, 'the text is read-only for this delegation');
    if (refused > this.limit) conn.close(CloseCode.Forbidden, 'this document is read-only for you');
  }

  /** How many writes `conn` has had refused. */
  of(conn: PipelineConnection): number {
    return this.counts.get(conn) ?? 0;
  }
}
