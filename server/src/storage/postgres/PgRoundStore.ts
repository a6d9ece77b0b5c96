import { extensionSchema, roundSchema, type Extension, type Round } from '@accord/shared';
import type { RoundStore } from '../RoundStore.js';
import { parseRoundsWrite } from '../parseRoundsWrite.js';
import type { PgDatabase } from './PgDatabase.js';
import { recordReader, type RecordRow } from './pgWorkflowRows.js';

const readRound = recordReader(roundSchema);
const readExtension = recordReader(extensionSchema);

/**
 * Rounds and extensions in PostgreSQL (opened by `openPostgresStorage`), as `SqliteRoundStore`
 * keeps them. `replaceAll` deletes and inserts in one transaction, so a failure midway leaves the
 * previous list whole, and a reader in another process sees either list, never a mix.
 */
export class PgRoundStore implements RoundStore {
  constructor(private readonly db: PgDatabase) {}

  async list(): Promise<Round[]> {
    const { rows } = await this.db.query<RecordRow>('SELECT record FROM rounds ORDER BY position');
    return rows.map(readRound);
  }

  async get(id: string): Promise<Round | null> {
    const { rows } = await this.db.query<RecordRow>('SELECT record FROM rounds WHERE id = $1', [
      id,
    ]);
    return rows[0] ? readRound(rows[0]) : null;
  }

  async replaceAll(rounds: readonly Round[]): Promise<Round[]> {
    const parsed = parseRoundsWrite(rounds);
    await this.db.transaction(async (client) => {
      await client.query('DELETE FROM rounds');
      for (const r of parsed)
        await client.query('INSERT INTO rounds (id, position, record) VALUES ($1, $2, $3)', [
          r.id,
          r.position,
          JSON.stringify(r),
        ]);
    });
    return parsed;
  }

  async extensions(roundId: string): Promise<Extension[]> {
    const { rows } = await this.db.query<RecordRow>(
      'SELECT record FROM round_extensions WHERE round_id = $1 ORDER BY seq',
      [roundId],
    );
    return rows.map(readExtension);
  }

  async grantExtension(ext: Extension): Promise<void> {
    const parsed = extensionSchema.parse(ext);
    await this.db.query(
      'INSERT INTO round_extensions (round_id, delegation_id, until, record) VALUES ($1, $2, $3, $4)',
      [parsed.roundId, parsed.delegationId, parsed.until, JSON.stringify(parsed)],
    );
  }
}
