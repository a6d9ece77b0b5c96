/**
 * The PostgreSQL tables of the participants directory (part of migration 1), as SQLite keeps
 * them: roles as JSON text, session expiry in ms, invitation instants as ISO text. User names are
 * unique whatever the case of their ASCII letters, as SQLite's NOCASE makes them.
 */
export const DIRECTORY_TABLES = `
CREATE SEQUENCE delegation_position;
CREATE TABLE delegations (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  roles TEXT NOT NULL DEFAULT '[]',
  position BIGINT NOT NULL
);
CREATE TABLE people (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL,
  display_name TEXT NOT NULL,
  delegation_id TEXT NOT NULL REFERENCES delegations(id),
  password_hash TEXT NOT NULL,
  disabled BOOLEAN NOT NULL DEFAULT false
);
-- "C": lower() folds ASCII letters only, as SQLite's NOCASE does.
CREATE UNIQUE INDEX people_username ON people (lower(username COLLATE "C"));
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  person_id TEXT NOT NULL REFERENCES people(id),
  expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expires_at);
CREATE INDEX sessions_person ON sessions (person_id);
CREATE TABLE invitations (
  id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  delegation_id TEXT NOT NULL REFERENCES delegations(id),
  display_name TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT,
  used_by TEXT
);
`;
