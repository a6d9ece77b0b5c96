import {
  documentListSchema,
  importResponseSchema,
  type DocumentSummary,
  type ImportRequest,
} from '@accord/shared';
import { requestJson } from './http.js';

/** `GET /api/documents`: the negotiation's documents. Rejects with a readable message. */
export async function fetchDocuments(signal?: AbortSignal): Promise<DocumentSummary[]> {
  return requestJson('/api/documents', documentListSchema, 'document list', { signal });
}

/**
 * `POST /api/admin/import` (Secretariat, empty negotiation only): turns a declaration's plain
 * text into its two documents. A text the server cannot read is refused with the line.
 */
export async function importDeclarationText(text: string): Promise<DocumentSummary[]> {
  const body: ImportRequest = { text };
  return requestJson('/api/admin/import', importResponseSchema, 'imported documents', {
    method: 'POST',
    body,
  });
}
