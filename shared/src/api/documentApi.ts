import { z } from 'zod';
import type { DocumentKind, DocumentSummary } from '../document.js';
import type { SameType } from './fields.js';

/** The kinds of document, as the API names them. */
export const DOCUMENT_KINDS = ['declaration', 'call-for-action'] as const;

/** A document as `GET /api/documents` and `GET /api/documents/:id` answer it. */
export const documentSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  kind: z.enum(DOCUMENT_KINDS),
});

/** `GET /api/documents`: the negotiation's documents, in negotiation order. */
export const documentListSchema = z.array(documentSummarySchema);

const _kindsComplete: SameType<(typeof DOCUMENT_KINDS)[number], DocumentKind> = true;
const _summaryMatches: SameType<z.infer<typeof documentSummarySchema>, DocumentSummary> = true;
