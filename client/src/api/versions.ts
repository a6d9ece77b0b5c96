import {
  comparisonSchema,
  versionListSchema,
  type Comparison,
  type VersionSummary,
} from '@accord/shared';
import { requestJson } from './http.js';

const docPath = (documentId: string) => `/api/documents/${encodeURIComponent(documentId)}`;

/** `GET /api/documents/:documentId/versions`: the document's versions, oldest first. */
export function fetchVersions(documentId: string, signal?: AbortSignal): Promise<VersionSummary[]> {
  return requestJson(`${docPath(documentId)}/versions`, versionListSchema, 'version list', {
    signal,
  });
}

/**
 * `GET /api/documents/:documentId/compare`: the redline from version `from` to version `to` or
 * the live text (`live`), each change with its author.
 */
export function fetchComparison(
  documentId: string,
  from: string,
  to: string,
  signal?: AbortSignal,
): Promise<Comparison> {
  const query = new URLSearchParams({ from, to });
  return requestJson(`${docPath(documentId)}/compare?${query}`, comparisonSchema, 'comparison', {
    signal,
  });
}
