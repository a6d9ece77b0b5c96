import type Database from 'better-sqlite3';
import type { BlockLabel } from '@accord/shared';
import type { LabelStore } from './LabelStore.js';

// One row per kept label; the primary key makes "first given wins" an INSERT OR IGNORE. `seq`
// keeps the order they were given in, which `kept` returns.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS round_labels (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  round_id TEXT NOT NULL,
  document_id TEXT NOT NULL,
  block_id TEXT NOT NULL,
  short TEXT NOT NULL,
  long TEXT NOT NULL,
  UNIQUE (round_id, document_id, block_id)
);
`;

interface LabelRow {
  block_id: string;
  short: string;
  long: string;
}

/** Kept labels in the server's SQLite database (opened by `openSqliteStorage`). */
export class SqliteLabelStore implements LabelStore {
  constructor(private readonly db: Database.Database) {
    db.exec(SCHEMA);
  }

  async kept(roundId: string, documentId: string): Promise<Map<string, BlockLabel>> {
    const rows = this.db
      .prepare(
        'SELECT block_id, short, long FROM round_labels WHERE round_id = ? AND document_id = ? ORDER BY seq',
      )
      .all(roundId, documentId) as LabelRow[];
    return new Map(rows.map((r) => [r.block_id, { short: r.short, long: r.long }]));
  }

  async keep(
    roundId: string,
    documentId: string,
    labels: ReadonlyMap<string, BlockLabel>,
  ): Promise<void> {
    const insert = this.db.prepare(
      'INSERT OR IGNORE INTO round_labels (round_id, document_id, block_id, short, long) VALUES (?, ?, ?, ?, ?)',
    );
    this.db.transaction(() => {
      for (const [id, label] of labels)
        insert.run(roundId, documentId, id, label.short, label.long);
    })();
  }
}
