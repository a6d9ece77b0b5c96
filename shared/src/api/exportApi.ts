import { z } from 'zod';
import { amendmentSchema } from '../amendment.js';
import { compareQuerySchema } from './versionApi.js';

/**
 * The exports of issue 10 (README "Interfaces", SPEC EX and EC): the query strings their
 * download routes read, and the JSON files they write.
 */

/** How a compilation of amendments is laid out: one under the other, or text | amendment. */
export const COMPILATION_LAYOUTS = ['list', 'two-column'] as const;

/** A compilation's layout (see `COMPILATION_LAYOUTS`). */
export type CompilationLayout = (typeof COMPILATION_LAYOUTS)[number];

/**
 * `GET /api/documents/:documentId/exports/compilation.docx|compilation.html?layout=…`:
 * `list` (default) or `two-column` ("Current text | Amendment, justification, Or. xx").
 */
export const compilationQuerySchema = z.object({
  layout: z
    .enum(COMPILATION_LAYOUTS, { error: '"layout" must be list or two-column' })
    .default('list'),
});

/** `GET /api/documents/:documentId/exports/amendments.json`: the records, with what they are. */
export const amendmentsExportSchema = z.object({
  /** Always "LIMITE": the file is restricted to the negotiation. */
  classification: z.literal('LIMITE'),
  documentId: z.string().min(1),
  title: z.string(),
  /** The text the amendments are to ("Live text, Round 2: Revised draft"). */
  version: z.string().min(1),
  /** When the file was made. */
  date: z.iso.datetime({ offset: true }),
  /** The amendments of the round, in document order. */
  amendments: z.array(amendmentSchema),
});

/** The amendments.json file (see `amendmentsExportSchema`). */
export type AmendmentsExport = z.infer<typeof amendmentsExportSchema>;

/**
 * `GET /api/documents/:documentId/exports/revision.docx|revision-clean.docx|revision.html|
 * revision.pdf?from=<versionId>&to=<versionId|live>`: the same two texts as the comparison
 * (CP5), so a bad `from` or `to` is named the same way.
 */
export const revisionExportQuerySchema = compareQuerySchema;
