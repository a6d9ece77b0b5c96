import { z } from 'zod';
import { comparedBlockSchema } from '../compare.js';
import { VERSION_KINDS, versionSchema, versionSummarySchema } from '../version.js';

/** `GET /api/documents/:documentId/versions`: the document's versions, oldest first. */
export const versionListSchema = z.array(versionSummarySchema);

/** `GET /api/documents/:documentId/versions/:versionId`: one whole version. */
export const versionResponseSchema = versionSchema;

/** What `to=` names for the document's text as it is now. */
export const LIVE_TEXT = 'live';

const versionRef = (name: 'from' | 'to') =>
  z
    .string({ error: `"${name}" must name a version` })
    .trim()
    .min(1, { error: `"${name}" must name a version` })
    .max(120, { error: `"${name}" is too long to be a version id` });

/**
 * `GET /api/documents/:documentId/compare?from=<versionId>&to=<versionId|live>`: `from` is a
 * version, `to` a version or `live` (the text now).
 */
export const compareQuerySchema = z.object({ from: versionRef('from'), to: versionRef('to') });

/** One side of a comparison: a version, or the live text (`id` "live", `kind` "live"). */
export const comparedTextSchema = z.object({
  id: z.string().min(1).max(120),
  kind: z.enum([...VERSION_KINDS, 'live']),
  /** The round's name ("Zero draft"), or "Live text". */
  name: z.string().min(1).max(200),
  /** The last update of the document the text includes. */
  seq: z.number().int().min(0),
  /** When it was frozen; for the live text, when it was read. */
  at: z.iso.datetime({ offset: true }),
});

/** One side of a comparison (see `comparedTextSchema`). */
export type ComparedText = z.infer<typeof comparedTextSchema>;

/** The comparison's answer: the two texts and the redline, block by block (SPEC CP). */
export const comparisonSchema = z.object({
  documentId: z.string().min(1).max(120),
  from: comparedTextSchema,
  to: comparedTextSchema,
  blocks: z.array(comparedBlockSchema),
});

/** A comparison (see `comparisonSchema`). */
export type Comparison = z.infer<typeof comparisonSchema>;
