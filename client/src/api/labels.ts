import { documentLabelsSchema, type DocumentLabels } from '@accord/shared';
import { requestJson } from './http.js';

/** `GET /api/documents/:documentId/labels`: the labels now and what the round's follow from. */
export function fetchLabels(documentId: string, signal?: AbortSignal): Promise<DocumentLabels> {
  return requestJson(
    `/api/documents/${encodeURIComponent(documentId)}/labels`,
    documentLabelsSchema,
    'set of labels',
    { signal },
  );
}
