import { auditEntryOf, type AuditRow } from './auditRow.js';
import type Database from 'better-sqlite3';
import { isoAt, type Clock } from '../time/Clock.js';
import type { AuditEntry, AuditLog, NewAuditEntry } from './AuditLog.js';

// The triggers make the table append-only for every writer, not only for this class.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  person_id TEXT,
  username TEXT,
  delegation_id TEXT,
  action TEXT NOT NULL,
  target TEXT,
  outcome TEXT NOT NULL,
  detail TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
`;

/** The audit trail in the server's SQLite database. */
export class SqliteAuditLog implements AuditLog {
  constructor(
    private readonly db: Database.Database,
    private readonly clock: Clock,
  ) {
    db.exec(SCHEMA);
  }

  async append(entry: NewAuditEntry): Promise<AuditEntry> {
    const at = isoAt(this.clock.now());
    const result = this.db
      .prepare(
        'INSERT INTO audit_log (at, person_id, username, delegation_id, action, target, outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        at,
        entry.personId,
        entry.username,
        entry.delegationId,
        entry.action,
        entry.target,
        entry.outcome,
        JSON.stringify(entry.detail),
      );
    return { ...entry, id: Number(result.lastInsertRowid), at };
  }

  async list(options: { limit?: number; action?: string } = {}): Promise<AuditEntry[]> {
    const limit = Math.min(Math.max(options.limit ?? 200, 1), 5000);
    const rows = (
      options.action
        ? this.db
            .prepare('SELECT * FROM audit_log WHERE action = ? ORDER BY id DESC LIMIT ?')
            .all(options.action, limit)
        : this.db.prepare('SELECT * FROM audit_log ORDER BY id DESC LIMIT ?').all(limit)
    ) as AuditRow[];
    return rows.map(auditEntryOf);
  }
}
