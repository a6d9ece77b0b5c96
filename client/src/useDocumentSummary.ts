import { useEffect, useState } from 'react';
import type { DocumentSummary } from '@accord/shared';
import { fetchDocuments } from './api/documents.js';

/** A document's entry in the API: unknown while loading or when the API is unreachable. */
export type SummaryLookup =
  { state: 'unknown' } | { state: 'found'; summary: DocumentSummary } | { state: 'missing' };

/**
 * Looks the document up in `GET /api/documents`. A browser cannot see why a WebSocket upgrade
 * was refused, so this is how the editor learns that a document does not exist instead of
 * letting the provider retry for ever.
 */
export function useDocumentSummary(documentId: string): SummaryLookup {
  const [lookup, setLookup] = useState<SummaryLookup>({ state: 'unknown' });
  useEffect(() => {
    const controller = new AbortController();
    setLookup({ state: 'unknown' });
    fetchDocuments(controller.signal)
      .then((documents) => {
        const summary = documents.find((d) => d.id === documentId);
        setLookup(summary ? { state: 'found', summary } : { state: 'missing' });
      })
      .catch(() => {
        // Unreachable API: the connection indicator already tells the story.
      });
    return () => controller.abort();
  }, [documentId]);
  return lookup;
}
