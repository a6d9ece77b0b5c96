import type Database from 'better-sqlite3';
import { silenceProcedureSchema, type SilenceProcedure } from '@accord/shared';
import type { SilenceStore } from './SilenceStore.js';
import { silenceOrder } from './silenceOrder.js';

interface RecordRow {
  record: string;
}

// A procedure is kept whole as JSON (`silenceProcedureSchema` is its definition) and read back
// through the schema: a row that does not match is an error, not a procedure to act on.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS silence_procedures (
  id TEXT PRIMARY KEY,
  started_at TEXT NOT NULL,
  record TEXT NOT NULL
);
`;

const read = (r: RecordRow): SilenceProcedure => silenceProcedureSchema.parse(JSON.parse(r.record));

/** Silence procedures in the server's SQLite database (opened by `openSqliteStorage`). */
export class SqliteSilenceStore implements SilenceStore {
  constructor(private readonly db: Database.Database) {
    db.exec(SCHEMA);
  }

  async list(): Promise<SilenceProcedure[]> {
    const rows = this.db.prepare('SELECT record FROM silence_procedures').all() as RecordRow[];
    // Sorted as the memory store sorts, on the parsed instants, not on their text.
    return rows.map(read).sort(silenceOrder);
  }

  async get(id: string): Promise<SilenceProcedure | null> {
    const row = this.db.prepare('SELECT record FROM silence_procedures WHERE id = ?').get(id) as
      RecordRow | undefined;
    return row ? read(row) : null;
  }

  async put(procedure: SilenceProcedure): Promise<SilenceProcedure> {
    const parsed = silenceProcedureSchema.parse(procedure);
    this.db
      .prepare(
        `INSERT INTO silence_procedures (id, started_at, record) VALUES (?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET started_at = excluded.started_at, record = excluded.record`,
      )
      .run(parsed.id, parsed.startedAt, JSON.stringify(parsed));
    return parsed;
  }
}
