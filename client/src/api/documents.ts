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

/**
 * `POST /api/admin/import` (Secretariat, empty negotiation only): turns a declaration's plain
 * text into its two documents. A text the server cannot read is refused with the line.
 */
export async function importDeclarationText(text: string): Promise<DocumentSummary[]> {
  return readList(
    await requestJson('/api/admin/import', { method: 'POST', body: { text } }),
    readSummary,
    'imported documents',
  );
}
