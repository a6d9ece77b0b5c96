import Database from 'better-sqlite3';

/**
 * Opens the server's SQLite file with the settings every connection to it uses: WAL (readers
 * never wait for the writer), full fsync (a committed write survives a power cut), foreign keys.
 */
export function openDatabase(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  return db;
}
