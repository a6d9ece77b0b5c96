import type Database from 'better-sqlite3';

// Each record is kept whole as JSON (the schema in @accord/shared is its definition); the columns
// beside it are what queries filter, order and constrain on. `amendment_seq` has one row: the
// feed's counter, shared by every document so a seq says which of two writes came later.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS amendment_seq (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  value INTEGER NOT NULL
);
INSERT OR IGNORE INTO amendment_seq (id, value) VALUES (1, 0);
CREATE TABLE IF NOT EXISTS amendments (
  id TEXT PRIMARY KEY,
  document_id TEXT NOT NULL,
  number INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  record TEXT NOT NULL,
  UNIQUE (document_id, number)
);
CREATE INDEX IF NOT EXISTS amendments_document_seq ON amendments(document_id, seq);
CREATE TABLE IF NOT EXISTS amendment_revisions (
  amendment_id TEXT NOT NULL REFERENCES amendments(id),
  revision INTEGER NOT NULL,
  record TEXT NOT NULL,
  PRIMARY KEY (amendment_id, revision)
);
CREATE TABLE IF NOT EXISTS compromises (
  id TEXT PRIMARY KEY,
  document_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  record TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS compromises_document_seq ON compromises(document_id, seq);
`;

/** Creates the amendment tables (issue 7) if they are missing; nothing older needs migrating. */
export function ensureAmendmentSchema(db: Database.Database): void {
  db.exec(SCHEMA);
}
