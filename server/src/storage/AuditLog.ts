import type { AuditEntry, NewAuditEntry } from '@accord/shared';

export type { AuditEntry, NewAuditEntry } from '@accord/shared';

/**
 * The append-only audit trail. No method changes or removes an entry, and the SQLite
 * implementation refuses UPDATE and DELETE at the database level too.
 */
export interface AuditLog {
  append(entry: NewAuditEntry): Promise<AuditEntry>;
  /** The most recent entries first. */
  list(options?: { limit?: number; action?: string }): Promise<AuditEntry[]>;
}
