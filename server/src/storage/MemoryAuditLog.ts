import { isoAt, type Clock } from '../time/Clock.js';
import type { AuditEntry, AuditLog, NewAuditEntry } from './AuditLog.js';

/** The audit trail in memory: append-only, entries copied in and out as a database would. */
export class MemoryAuditLog implements AuditLog {
  private readonly entries: AuditEntry[] = [];

  constructor(private readonly clock: Clock) {}

  async append(entry: NewAuditEntry): Promise<AuditEntry> {
    const stored: AuditEntry = {
      ...entry,
      detail: JSON.parse(JSON.stringify(entry.detail)) as Record<string, unknown>,
      id: this.entries.length + 1,
      at: isoAt(this.clock.now()),
    };
    this.entries.push(stored);
    return { ...entry, id: stored.id, at: stored.at };
  }

  async list(options: { limit?: number; action?: string } = {}): Promise<AuditEntry[]> {
    const limit = Math.min(Math.max(options.limit ?? 200, 1), 5000);
    const { action } = options;
    return this.entries
      .filter((e) => !action || e.action === action)
      .slice(-limit)
      .reverse()
      .map((e) => ({ ...e, detail: structuredClone(e.detail) }));
  }
}
