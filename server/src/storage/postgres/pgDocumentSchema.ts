/**
 * The PostgreSQL tables of documents, their update logs, client-id claims, the audit trail and
 * scheduled tasks (part of migration 1). Times keep the SQLite store's formats so records
 * round-trip identically: ISO text where SQLite keeps text, ms since the epoch (BIGINT) where it
 * keeps integers. JSON values are TEXT, kept byte for byte as written.
 */
export const DOCUMENT_TABLES = `
CREATE SEQUENCE document_position;
CREATE TABLE documents (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  kind TEXT NOT NULL,
  position BIGINT NOT NULL,
  created_at TEXT NOT NULL,
  parent_id TEXT REFERENCES documents(id),
  delegation_id TEXT,
  -- The last update's seq: appends allocate the next one under this row's lock (PG1).
  last_seq BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE snapshots (
  doc_id TEXT PRIMARY KEY REFERENCES documents(id),
  seq BIGINT NOT NULL,
  state BYTEA NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE updates (
  doc_id TEXT NOT NULL REFERENCES documents(id),
  seq BIGINT NOT NULL,
  data BYTEA NOT NULL,
  arrived_at BIGINT NOT NULL,
  origin TEXT NOT NULL,
  PRIMARY KEY (doc_id, seq)
);
CREATE TABLE client_ids (
  doc_id TEXT NOT NULL REFERENCES documents(id),
  client_id BIGINT NOT NULL,
  person_id TEXT NOT NULL,
  PRIMARY KEY (doc_id, client_id)
);

CREATE TABLE audit_log (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at TEXT NOT NULL,
  person_id TEXT,
  username TEXT,
  delegation_id TEXT,
  action TEXT NOT NULL,
  target TEXT,
  outcome TEXT NOT NULL,
  detail TEXT NOT NULL
);
CREATE INDEX audit_log_action ON audit_log (action, id);
-- PG3: append-only for every writer, not only for PgAuditLog. Statement triggers fire even when
-- no row matches, so any attempt is refused.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only';
END
$$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

CREATE TABLE scheduled_tasks (
  id TEXT PRIMARY KEY,
  -- The order tasks were scheduled in, for ties between equal due instants.
  created BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
  kind TEXT NOT NULL,
  at BIGINT NOT NULL,
  due_at BIGINT NOT NULL,
  payload TEXT NOT NULL,
  "key" TEXT UNIQUE,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  revision INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX scheduled_tasks_pending ON scheduled_tasks (status, due_at, created);
`;
