import type { DocumentSummary } from '@accord/shared';

/** Keeps only well-formed entries: the list is rendered as links, so it is not trusted blindly. */
function readSummaries(body: unknown): DocumentSummary[] {
  if (!Array.isArray(body)) throw new Error('the server sent something other than a list');
  return body.filter(
    (d): d is DocumentSummary =>
      typeof d === 'object' &&
      d !== null &&
      typeof (d as DocumentSummary).id === 'string' &&
      typeof (d as DocumentSummary).title === 'string',
  );
}

/** `GET /api/documents`: the negotiation's documents. Rejects with a readable message. */
export async function fetchDocuments(signal?: AbortSignal): Promise<DocumentSummary[]> {
  const response = await fetch('/api/documents', {
    signal,
    headers: { accept: 'application/json' },
  });
  if (!response.ok)
    throw new Error(`the server answered ${response.status} ${response.statusText}`.trim());
  return readSummaries(await response.json());
}
