import { z } from 'zod';
import { AMENDMENT_TEXT_MAX, JUSTIFICATION_MAX } from './amendment.js';

/**
 * One revision of an amendment as submitted: the first submission is revision 1, each revision
 * by the proposer adds one. The amendment record holds the latest; these keep the history.
 */
export const amendmentRevisionSchema = z.object({
  amendmentId: z.string(),
  revision: z.number().int().min(1),
  originalText: z.string().max(AMENDMENT_TEXT_MAX),
  proposedText: z.string().max(AMENDMENT_TEXT_MAX),
  justification: z.string().max(JUSTIFICATION_MAX),
  language: z.string(),
  /** The person who submitted this revision. */
  personId: z.string(),
  at: z.iso.datetime({ offset: true }),
});

/** One revision of an amendment (see `amendmentRevisionSchema`). */
export type AmendmentRevision = z.infer<typeof amendmentRevisionSchema>;
