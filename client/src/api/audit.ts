import { auditListSchema, type AuditEntry } from '@accord/shared';
import { requestJson } from './http.js';

/** `GET /api/admin/audit`: the most recent entries, newest first. */
export async function fetchAudit(limit = 200, signal?: AbortSignal): Promise<AuditEntry[]> {
  const entries = await requestJson(
    `/api/admin/audit?limit=${limit}`,
    auditListSchema,
    'audit trail',
    {
      signal,
    },
  );
  return entries.sort((a, b) => b.at.localeCompare(a.at));
}
