import { z } from 'zod';
import type { AuditEntry } from '../auditEntry.js';
import { integerField, type SameType } from './fields.js';

/** One entry of the audit trail. */
export const auditEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  personId: z.string().nullable(),
  username: z.string().nullable(),
  delegationId: z.string().nullable(),
  action: z.string(),
  target: z.string().nullable(),
  outcome: z.enum(['ok', 'refused']),
  detail: z.record(z.string(), z.unknown()),
});

/** `GET /api/admin/audit` (Secretariat, Chair, Co-Chair): the latest entries. */
export const auditListSchema = z.array(auditEntrySchema);

/** The query of `GET /api/admin/audit`: `?limit=` 1 to 5000 entries, 200 by default. */
export const auditQuerySchema = z.object({ limit: integerField('limit', 1, 5000).default(200) });

const _entryMatches: SameType<z.infer<typeof auditEntrySchema>, AuditEntry> = true;
