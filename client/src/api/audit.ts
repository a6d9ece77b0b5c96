import type { AuditEntry } from '@accord/shared';
import { requestJson } from './http.js';
import { isRecord, isString, readList, stringOrNull } from './shape.js';

function readEntry(item: unknown): AuditEntry | null {
  if (!isRecord(item) || !isString(item.at) || !isString(item.action)) return null;
  if (item.outcome !== 'ok' && item.outcome !== 'refused') return null;
  return {
    id: Number(item.id),
    at: item.at,
    personId: stringOrNull(item.personId),
    username: stringOrNull(item.username),
    delegationId: stringOrNull(item.delegationId),
    action: item.action,
    target: stringOrNull(item.target),
    outcome: item.outcome,
    detail: isRecord(item.detail) ? item.detail : {},
  };
}

/** `GET /api/admin/audit`: the most recent entries, newest first. */
export async function fetchAudit(limit = 200, signal?: AbortSignal): Promise<AuditEntry[]> {
  const entries = readList(
    await requestJson(`/api/admin/audit?limit=${limit}`, { signal }),
    readEntry,
    'audit trail',
  );
  return entries.sort((a, b) => b.at.localeCompare(a.at));
}
