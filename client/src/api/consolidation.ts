import { amendmentResponseSchema, type Amendment } from '@accord/shared';
import { requestJson } from './http.js';

/**
 * `POST /api/amendments/:id/undo` (pen-holders, SPEC AM15): takes a decision back; an accepted
 * amendment's paragraph is put back as it was. Refused (409) outside consolidation or when the
 * paragraph changed since.
 */
export function undoDecision(id: string, reason: string | null = null): Promise<Amendment> {
  return requestJson(
    `/api/amendments/${encodeURIComponent(id)}/undo`,
    amendmentResponseSchema,
    'amendment',
    { method: 'POST', body: { reason } },
  );
}
