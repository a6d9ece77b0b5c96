import { z } from 'zod';
import { PARAGRAPH_STATUSES, paragraphStatusSchema } from '../paragraphStatus.js';
import { statusSummarySchema } from '../statusSummary.js';

/**
 * `GET /api/documents/:documentId/status`: the status of every paragraph of the live text that
 * has one (NS1), and the counts per document and per part (NS8). Every participant reads it.
 */
export const documentStatusSchema = z.object({
  documentId: z.string(),
  statuses: z.array(paragraphStatusSchema),
  summary: statusSummarySchema,
});

/** A document's statuses and summary (see `documentStatusSchema`). */
export type DocumentStatus = z.infer<typeof documentStatusSchema>;

/**
 * `PUT /api/documents/:documentId/status/:blockId` (pen-holders): the paragraph's status from
 * now on, `null` to clear it; `waitingFor` names the delegation a pending paragraph waits for.
 */
export const setStatusRequestSchema = z.object({
  status: z
    .enum(PARAGRAPH_STATUSES, {
      error: `"status" must be one of ${PARAGRAPH_STATUSES.join(', ')}, or null to clear it`,
    })
    .nullable(),
  waitingFor: z
    .string({ error: '"waitingFor" must be a delegation id' })
    .min(1, { error: '"waitingFor" must be a delegation id' })
    .max(100, { error: '"waitingFor" must be a delegation id' })
    .nullable()
    .optional(),
});

/** The body of the PUT, as a client sends it. */
export type SetStatusRequest = z.input<typeof setStatusRequestSchema>;
