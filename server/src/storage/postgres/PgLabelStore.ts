import type { BlockLabel } from '@accord/shared';
import type { LabelStore } from '../LabelStore.js';
import type { PgDatabase } from './PgDatabase.js';

interface LabelRow {
  block_id: string;
  short: string;
  long: string;
}

/**
 * Kept labels in PostgreSQL (opened by `openPostgresStorage`), as `SqliteLabelStore` keeps them:
 * one row per label, the unique (round, document, block) key making "first given wins" an
 * `ON CONFLICT DO NOTHING` that holds between processes too.
 */
export class PgLabelStore implements LabelStore {
  constructor(private readonly db: PgDatabase) {}

  async kept(roundId: string, documentId: string): Promise<Map<string, BlockLabel>> {
    const { rows } = await this.db.query<LabelRow>(
      'SELECT block_id, short, long FROM round_labels WHERE round_id = $1 AND document_id = $2 ORDER BY seq',
      [roundId, documentId],
    );
    return new Map(rows.map((r) => [r.block_id, { short: r.short, long: r.long }]));
  }

  async keep(
    roundId: string,
    documentId: string,
    labels: ReadonlyMap<string, BlockLabel>,
  ): Promise<void> {
    if (labels.size === 0) return;
    const entries = [...labels];
    // One statement (atomic on its own); rows are numbered in the order given.
    await this.db.query(
      `INSERT INTO round_labels (round_id, document_id, block_id, short, long)
       SELECT $1, $2, t.block_id, t.short, t.long
       FROM unnest($3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS t(block_id, short, long, n)
       ORDER BY t.n
       ON CONFLICT (round_id, document_id, block_id) DO NOTHING`,
      [
        roundId,
        documentId,
        entries.map(([id]) => id),
        entries.map(([, l]) => l.short),
        entries.map(([, l]) => l.long),
      ],
    );
  }
}
