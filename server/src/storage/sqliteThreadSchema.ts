import type Database from 'better-sqlite3';

// A thread is kept whole as JSON (`threadSchema` in @accord/shared is its definition); the
// columns beside it are what queries filter and order on. `first_seq` is the seq of its first
// save and never changes: `list` orders by it (oldest first), since `seq` moves on every change
// and a rowid may be renumbered by VACUUM. `thread_comments` finds a thread by a comment and
// makes a comment id belong to one thread only. `amendment_seq` is the feed's counter, shared
// with the amendment store and created alike here, so either schema may be ensured first.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS amendment_seq (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  value INTEGER NOT NULL
);
INSERT OR IGNORE INTO amendment_seq (id, value) VALUES (1, 0);
CREATE TABLE IF NOT EXISTS threads (
  id TEXT PRIMARY KEY,
  document_id TEXT NOT NULL,
  first_seq INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  record TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS threads_document_seq ON threads(document_id, seq);
CREATE TABLE IF NOT EXISTS thread_comments (
  comment_id TEXT PRIMARY KEY,
  thread_id TEXT NOT NULL REFERENCES threads(id)
);
CREATE INDEX IF NOT EXISTS thread_comments_thread ON thread_comments(thread_id);
`;

/** Creates the thread tables (issue 8) if they are missing; nothing older needs migrating. */
export function ensureThreadSchema(db: Database.Database): void {
  db.exec(SCHEMA);
}
