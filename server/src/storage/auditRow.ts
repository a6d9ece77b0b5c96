import type { AuditEntry } from './AuditLog.js';

/** An `audit_log` row as SQLite and PostgreSQL both keep it (detail as JSON text). */
export interface AuditRow {
  id: number;
  at: string;
  person_id: string | null;
  username: string | null;
  delegation_id: string | null;
  action: string;
  target: string | null;
  outcome: 'ok' | 'refused';
  detail: string;
}

/** The entry an `audit_log` row holds. */
export function auditEntryOf(r: AuditRow): AuditEntry {
  return {
    id: r.id,
    at: r.at,
    personId: r.person_id,
    username: r.username,
    delegationId: r.delegation_id,
    action: r.action,
    target: r.target,
    outcome: r.outcome,
    detail: JSON.parse(r.detail) as Record<string, unknown>,
  };
}
