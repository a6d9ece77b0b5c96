/** The kinds of document a negotiation holds. */
export type DocumentKind = 'declaration' | 'call-for-action';

/** A document as the API lists it (`GET /api/documents`). */
export interface DocumentSummary {
  /** Stable id, used in `/collab/<id>` and in URLs. */
  id: string;
  title: string;
  kind: DocumentKind;
}

/** Document ids are short, URL-safe slugs. */
export const DOCUMENT_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** True when `id` has the shape of a document id. */
export function isDocumentId(id: string): boolean {
  return DOCUMENT_ID_PATTERN.test(id);
}
