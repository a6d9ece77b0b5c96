import { auditEntryOf, type AuditRow } from '../auditRow.js';
import { isoAt, type Clock } from '../../time/Clock.js';
import type { AuditEntry, AuditLog, NewAuditEntry } from '../AuditLog.js';
import type { PgDatabase } from './PgDatabase.js';

/**
 * The audit trail in PostgreSQL. The table's triggers refuse UPDATE, DELETE and TRUNCATE from
 * any client (PG3), so the trail stays append-only even for someone with a SQL prompt. Ids come
 * from an identity column: increasing in the order this process appends.
 */
export class PgAuditLog implements AuditLog {
  constructor(
    private readonly db: PgDatabase,
    private readonly clock: Clock,
  ) {}

  async append(entry: NewAuditEntry): Promise<AuditEntry> {
    const at = isoAt(this.clock.now());
    const { rows } = await this.db.query<{ id: number }>(
      `INSERT INTO audit_log (at, person_id, username, delegation_id, action, target, outcome, detail)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [
        at,
        entry.personId,
        entry.username,
        entry.delegationId,
        entry.action,
        entry.target,
        entry.outcome,
        JSON.stringify(entry.detail),
      ],
    );
    return { ...entry, id: rows[0]!.id, at };
  }

  async list(options: { limit?: number; action?: string } = {}): Promise<AuditEntry[]> {
    const limit = Math.min(Math.max(options.limit ?? 200, 1), 5000);
    const { rows } = options.action
      ? await this.db.query<AuditRow>(
          'SELECT * FROM audit_log WHERE action = $1 ORDER BY id DESC LIMIT $2',
          [options.action, limit],
        )
      : await this.db.query<AuditRow>('SELECT * FROM audit_log ORDER BY id DESC LIMIT $1', [limit]);
    return rows.map(auditEntryOf);
  }
}
