import type { PgDatabase } from './PgDatabase.js';
import { DOCUMENT_TABLES } from './pgDocumentSchema.js';
import { DIRECTORY_TABLES } from './pgDirectorySchema.js';
import { WORKFLOW_TABLES } from './pgWorkflowSchema.js';

/** One step of the PostgreSQL schema's history. Released steps are never edited, only added. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** The schema's history, oldest first. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'documents, participants, audit, tasks and the negotiation workflow',
    sql: [DOCUMENT_TABLES, DIRECTORY_TABLES, WORKFLOW_TABLES].join('\n'),
  },
];

/**
 * Brings the database's schema up to date: creates the schema if missing and runs, in order,
 * every migration not yet recorded in `schema_migrations`, each in its own transaction. An
 * advisory lock makes processes that start together run them once.
 */
export async function migrate(db: PgDatabase): Promise<number[]> {
  return db.transaction(async (client) => {
    // Held to the end of this transaction: a second process waits here, then finds all applied.
    // Taken before CREATE SCHEMA, which two processes starting at once would otherwise race on.
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
      `accord-migrations:${db.schema}`,
    ]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${db.schema}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         version INTEGER PRIMARY KEY,
         name TEXT NOT NULL,
         applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
       )`,
    );
    const done = new Set(
      (await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map(
        (r) => r.version,
      ),
    );
    const applied: number[] = [];
    for (const m of MIGRATIONS) {
      if (done.has(m.version)) continue;
      await client.query(m.sql);
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        m.version,
        m.name,
      ]);
      applied.push(m.version);
    }
    return applied;
  });
}
