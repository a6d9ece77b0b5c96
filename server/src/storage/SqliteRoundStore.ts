import type Database from 'better-sqlite3';
import { extensionSchema, roundSchema, type Extension, type Round } from '@accord/shared';
import type { RoundStore } from './RoundStore.js';
import { parseRoundsWrite } from './parseRoundsWrite.js';
import { ensureRoundSchema } from './sqliteRoundSchema.js';

interface RecordRow {
  record: string;
}

// Read back through the schemas, as amendments and threads are: a row that does not match is
// an error, not a round the server would act on.
const readRound = (r: RecordRow): Round => roundSchema.parse(JSON.parse(r.record));
const readExtension = (r: RecordRow): Extension => extensionSchema.parse(JSON.parse(r.record));

/**
 * Rounds and extensions in the server's SQLite database (opened by `openSqliteStorage`).
 * `replaceAll` deletes and inserts in one transaction, so a failure midway leaves the previous
 * list whole.
 */
export class SqliteRoundStore implements RoundStore {
  constructor(private readonly db: Database.Database) {
    ensureRoundSchema(db);
  }

  async list(): Promise<Round[]> {
    const rows = this.db
      .prepare('SELECT record FROM rounds ORDER BY position')
      .all() as RecordRow[];
    return rows.map(readRound);
  }

  async get(id: string): Promise<Round | null> {
    const row = this.db.prepare('SELECT record FROM rounds WHERE id = ?').get(id) as
      RecordRow | undefined;
    return row ? readRound(row) : null;
  }

  async replaceAll(rounds: readonly Round[]): Promise<Round[]> {
    const parsed = parseRoundsWrite(rounds);
    const clear = this.db.prepare('DELETE FROM rounds');
    const insert = this.db.prepare('INSERT INTO rounds (id, position, record) VALUES (?, ?, ?)');
    this.db.transaction(() => {
      clear.run();
      for (const r of parsed) insert.run(r.id, r.position, JSON.stringify(r));
    })();
    return parsed;
  }

  async extensions(roundId: string): Promise<Extension[]> {
    const rows = this.db
      .prepare('SELECT record FROM round_extensions WHERE round_id = ? ORDER BY seq')
      .all(roundId) as RecordRow[];
    return rows.map(readExtension);
  }

  async grantExtension(ext: Extension): Promise<void> {
    const parsed = extensionSchema.parse(ext);
    this.db
      .prepare(
        'INSERT INTO round_extensions (round_id, delegation_id, until, record) VALUES (?, ?, ?, ?)',
      )
      .run(parsed.roundId, parsed.delegationId, parsed.until, JSON.stringify(parsed));
  }
}
