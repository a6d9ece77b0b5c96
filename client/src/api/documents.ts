import type { DocumentSummary } from '@accord/shared';
import { requestJson } from './http.js';
import { isRecord, isString, readList } from './shape.js';

function readSummary(item: unknown): DocumentSummary | null {
  // The list is rendered as links, so it is not trusted blindly.
  if (!isRecord(item) || !isString(item.id) || !isString(item.title)) return null;
  return item as unknown as DocumentSummary;
}

/** `GET /api/documents`: the negotiation's documents. Rejects with a readable message. */
export async function fetchDocuments(signal?: AbortSignal): Promise<DocumentSummary[]> {
  return readList(await requestJson('/api/documents', { signal }), readSummary, 'document list');
}
