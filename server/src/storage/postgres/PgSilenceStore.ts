import { silenceProcedureSchema, type SilenceProcedure } from '@accord/shared';
import type { SilenceStore } from '../SilenceStore.js';
import { silenceOrder } from '../silenceOrder.js';
import type { PgDatabase } from './PgDatabase.js';
import { recordReader, type RecordRow } from './pgWorkflowRows.js';

const read = recordReader(silenceProcedureSchema);

/**
 * Silence procedures in PostgreSQL (opened by `openPostgresStorage`), each kept whole as JSON
 * text, as `SqliteSilenceStore` keeps them.
 */
export class PgSilenceStore implements SilenceStore {
  constructor(private readonly db: PgDatabase) {}

  async list(): Promise<SilenceProcedure[]> {
    const { rows } = await this.db.query<RecordRow>('SELECT record FROM silence_procedures');
    // Sorted as every store sorts, on the parsed instants, not on their text.
    return rows.map(read).sort(silenceOrder);
  }

  async get(id: string): Promise<SilenceProcedure | null> {
    const { rows } = await this.db.query<RecordRow>(
      'SELECT record FROM silence_procedures WHERE id = $1',
      [id],
    );
    return rows[0] ? read(rows[0]) : null;
  }

  async put(procedure: SilenceProcedure): Promise<SilenceProcedure> {
    const parsed = silenceProcedureSchema.parse(procedure);
    await this.db.query(
      `INSERT INTO silence_procedures (id, started_at, record) VALUES ($1, $2, $3)
       ON CONFLICT (id) DO UPDATE SET started_at = EXCLUDED.started_at, record = EXCLUDED.record`,
      [parsed.id, parsed.startedAt, JSON.stringify(parsed)],
    );
    return parsed;
  }
}
