import type Database from 'better-sqlite3';
import type { ChangeOrigin } from '@accord/shared';

/** The origin given to updates stored before origins were recorded. */
export const MIGRATED_ORIGIN: ChangeOrigin = { kind: 'system', reason: 'migration' };

const SCHEMA = `
CREATE TABLE IF NOT EXISTS documents (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  kind TEXT NOT NULL,
  position INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  parent_id TEXT REFERENCES documents(id),
  delegation_id TEXT
);
CREATE TABLE IF NOT EXISTS snapshots (
  doc_id TEXT PRIMARY KEY REFERENCES documents(id),
  seq INTEGER NOT NULL,
  state BLOB NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS updates (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  doc_id TEXT NOT NULL REFERENCES documents(id),
  data BLOB NOT NULL,
  arrived_at INTEGER NOT NULL,
  origin TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS updates_doc_seq ON updates(doc_id, seq);
CREATE TABLE IF NOT EXISTS client_ids (
  doc_id TEXT NOT NULL REFERENCES documents(id),
  client_id INTEGER NOT NULL,
  person_id TEXT NOT NULL,
  PRIMARY KEY (doc_id, client_id)
);
`;

/**
 * Creates the document tables, or brings an older database up to date: see `addWorkingCopyColumns`
 * and `migrateOrigins`.
 */
export function ensureDocumentSchema(db: Database.Database): void {
  db.exec(SCHEMA);
  addWorkingCopyColumns(db);
  migrateOrigins(db);
}

/**
 * A working copy (issue 7) is a `documents` row whose `parent_id` names its document and whose
 * `delegation_id` its delegation; a database from before has neither column. Both are nullable,
 * so adding them leaves every existing row a document.
 */
function addWorkingCopyColumns(db: Database.Database): void {
  const columns = (db.prepare('PRAGMA table_info(documents)').all() as { name: string }[]).map(
    (c) => c.name,
  );
  db.transaction(() => {
    if (!columns.includes('parent_id'))
      db.exec('ALTER TABLE documents ADD COLUMN parent_id TEXT REFERENCES documents(id)');
    if (!columns.includes('delegation_id'))
      db.exec('ALTER TABLE documents ADD COLUMN delegation_id TEXT');
  })();
}

/**
 * Brings a database from before origins were kept up to date:
 * `updates.created_at` (ISO text) becomes `arrived_at` (ms) and every old row gets the
 * migration origin. The table is altered in place, never rebuilt, so its AUTOINCREMENT counter
 * survives: old compactions deleted rows, and a new update must still get a seq above every
 * snapshot's.
 */
function migrateOrigins(db: Database.Database): void {
  const columns = (db.prepare('PRAGMA table_info(updates)').all() as { name: string }[]).map(
    (c) => c.name,
  );
  if (!columns.includes('created_at')) return;
  db.function('accord_iso_ms', { deterministic: true }, (iso: unknown) =>
    typeof iso === 'string' && !Number.isNaN(Date.parse(iso)) ? Date.parse(iso) : 0,
  );
  db.transaction(() => {
    if (!columns.includes('arrived_at'))
      db.exec('ALTER TABLE updates ADD COLUMN arrived_at INTEGER NOT NULL DEFAULT 0');
    if (!columns.includes('origin')) {
      db.prepare(`ALTER TABLE updates ADD COLUMN origin TEXT NOT NULL DEFAULT '{}'`).run();
      db.prepare('UPDATE updates SET origin = ?').run(JSON.stringify(MIGRATED_ORIGIN));
    }
    db.exec('UPDATE updates SET arrived_at = accord_iso_ms(created_at)');
    db.exec('ALTER TABLE updates DROP COLUMN created_at');
  })();
}
