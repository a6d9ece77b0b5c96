import type Database from 'better-sqlite3';

// A round and an extension are kept whole as JSON (`roundSchema` and `extensionSchema` in
// @accord/shared are their definitions); the columns beside them are what queries filter and
// order on. `round_extensions` has no foreign key to `rounds`: `replaceAll` rewrites the rounds
// and must not drop the grants on a round it keeps. `seq` orders the grants, oldest first,
// and AUTOINCREMENT keeps it from being reused.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS rounds (
  id TEXT PRIMARY KEY,
  position INTEGER NOT NULL UNIQUE,
  record TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS round_extensions (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  round_id TEXT NOT NULL,
  delegation_id TEXT NULL,
  until TEXT NOT NULL,
  record TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS round_extensions_round ON round_extensions(round_id, seq);
`;

/** Creates the round tables (issue 9) if they are missing; nothing older needs migrating. */
export function ensureRoundSchema(db: Database.Database): void {
  db.exec(SCHEMA);
}
