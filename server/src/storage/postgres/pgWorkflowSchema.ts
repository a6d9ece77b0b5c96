// The negotiation workflow's tables (issues 7–10), as the SQLite ones: each record is kept whole
// as JSON text (its schema in @accord/shared is the definition, and text round-trips it exactly,
// key order included); the columns beside it are what queries filter, order and constrain on.
// Counters are BIGINT (read as numbers by PgDatabase), instants ISO text, Yjs states BYTEA.
//
// `feed_counter` has one row: the feed's seq, shared by amendments, compromises and threads of
// every document. It is a row and not a SEQUENCE on purpose: a save updates it inside its own
// transaction, so the row lock serializes saves from every process and seq order is commit order
// (see pgWorkflowRows.ts, allocateFeedSeqs).
//
// Ordering columns that SQLite gets from AUTOINCREMENT are identity columns here; only their
// order matters. No foreign key points at `documents`: the workflow's records name documents
// the way the SQLite tables do, by id, and the contract suites store them without one.

/** SQL creating every workflow table (run by migration 1, after the document and directory tables). */
export const WORKFLOW_TABLES = `
CREATE TABLE feed_counter (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq BIGINT NOT NULL
);
INSERT INTO feed_counter (id, seq) VALUES (1, 0);

CREATE TABLE amendments (
  id TEXT PRIMARY KEY,
  document_id TEXT NOT NULL,
  number INTEGER NOT NULL,
  seq BIGINT NOT NULL,
  record TEXT NOT NULL
);
CREATE UNIQUE INDEX amendments_document_number ON amendments (document_id, number);
CREATE INDEX amendments_document_seq ON amendments (document_id, seq);
CREATE TABLE amendment_revisions (
  amendment_id TEXT NOT NULL REFERENCES amendments (id),
  revision INTEGER NOT NULL,
  record TEXT NOT NULL,
  PRIMARY KEY (amendment_id, revision)
);
CREATE TABLE compromises (
  id TEXT PRIMARY KEY,
  document_id TEXT NOT NULL,
  seq BIGINT NOT NULL,
  record TEXT NOT NULL
);
CREATE INDEX compromises_document_seq ON compromises (document_id, seq);

CREATE TABLE threads (
  id TEXT PRIMARY KEY,
  document_id TEXT NOT NULL,
  first_seq BIGINT NOT NULL,
  seq BIGINT NOT NULL,
  record TEXT NOT NULL
);
CREATE INDEX threads_document_seq ON threads (document_id, seq);
CREATE TABLE thread_comments (
  comment_id TEXT PRIMARY KEY,
  thread_id TEXT NOT NULL REFERENCES threads (id)
);
CREATE INDEX thread_comments_thread ON thread_comments (thread_id);

CREATE TABLE rounds (
  id TEXT PRIMARY KEY,
  position INTEGER NOT NULL UNIQUE,
  record TEXT NOT NULL
);
CREATE TABLE round_extensions (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  round_id TEXT NOT NULL,
  delegation_id TEXT NULL,
  until TEXT NOT NULL,
  record TEXT NOT NULL
);
CREATE INDEX round_extensions_round ON round_extensions (round_id, seq);

CREATE TABLE silence_procedures (
  id TEXT PRIMARY KEY,
  started_at TEXT NOT NULL,
  record TEXT NOT NULL
);

CREATE TABLE versions (
  stored BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  document_id TEXT NOT NULL,
  id TEXT NOT NULL,
  summary TEXT NOT NULL,
  record TEXT NOT NULL,
  state BYTEA NOT NULL,
  UNIQUE (document_id, id)
);
CREATE FUNCTION versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'versions are immutable';
END
$$;
CREATE TRIGGER versions_no_change BEFORE UPDATE OR DELETE ON versions
  FOR EACH ROW EXECUTE FUNCTION versions_immutable();
CREATE TRIGGER versions_no_truncate BEFORE TRUNCATE ON versions
  FOR EACH STATEMENT EXECUTE FUNCTION versions_immutable();

CREATE TABLE round_labels (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  round_id TEXT NOT NULL,
  document_id TEXT NOT NULL,
  block_id TEXT NOT NULL,
  short TEXT NOT NULL,
  long TEXT NOT NULL,
  UNIQUE (round_id, document_id, block_id)
);

CREATE TABLE paragraph_statuses (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  document_id TEXT NOT NULL,
  block_id TEXT NOT NULL,
  status TEXT NOT NULL,
  waiting_for TEXT,
  set_by TEXT NOT NULL,
  set_at TEXT NOT NULL,
  UNIQUE (document_id, block_id)
);
`;
