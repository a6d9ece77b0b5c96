import { documentStatusSchema, type DocumentStatus, type SetStatusRequest } from '@accord/shared';
import { requestJson } from './http.js';

const statusPath = (documentId: string) =>
  `/api/documents/${encodeURIComponent(documentId)}/status`;

/** `GET /api/documents/:documentId/status`: the paragraphs' statuses and the counts (NS1, NS8). */
export function fetchStatus(documentId: string, signal?: AbortSignal): Promise<DocumentStatus> {
  return requestJson(statusPath(documentId), documentStatusSchema, 'set of statuses', { signal });
}

/** `PUT /api/documents/:documentId/status/:blockId` (pen-holders): sets or clears a status. */
export function setStatus(
  documentId: string,
  blockId: string,
  body: SetStatusRequest,
): Promise<DocumentStatus> {
  return requestJson(
    `${statusPath(documentId)}/${encodeURIComponent(blockId)}`,
    documentStatusSchema,
    'set of statuses',
    { method: 'PUT', body },
  );
}
