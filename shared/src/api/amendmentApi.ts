import { z } from 'zod';
import {
  AMENDMENT_TEXT_MAX,
  JUSTIFICATION_MAX,
  LANGUAGE_CODE,
  REASON_MAX,
  amendmentSchema,
} from '../amendment.js';
import { amendmentRevisionSchema } from '../amendmentRevision.js';
import { compromiseSchema } from '../compromise.js';
import { choiceField } from './fields.js';
import { CONTROL_CHARACTER, CONTROL_OR_LINE_BREAK } from '../controlCharacters.js';

const idList = (name: string, max: number) =>
  z
    .array(
      z
        .string({ error: `"${name}" must be a list of ids` })
        .min(1)
        .max(100),
      {
        error: `"${name}" must be a list of ids`,
      },
    )
    .min(1, { error: `"${name}" must name at least one` })
    .max(max, { error: `"${name}" may name at most ${max}` })
    .transform((list) => [...new Set(list)]);

const justification = z
  .string({ error: '"justification" must be a string' })
  .trim()
  .max(JUSTIFICATION_MAX, {
    error: `"justification" must be at most ${JUSTIFICATION_MAX} characters long`,
  })
  .refine((s) => !CONTROL_CHARACTER.test(s), {
    error: '"justification" must not contain control characters',
  });

const language = z
  .string({ error: '"language" must be a string' })
  .trim()
  .regex(LANGUAGE_CODE, { error: '"language" must be a language code such as "en"' });

const optionalReason = z
  .string({ error: '"reason" must be a string' })
  .trim()
  .max(REASON_MAX, { error: `"reason" must be at most ${REASON_MAX} characters long` })
  .refine((s) => !CONTROL_CHARACTER.test(s), {
    error: '"reason" must not contain control characters',
  })
  .nullish()
  .transform((s) => (s === undefined || s === null || s === '' ? null : s));

const blockText = (name: string) =>
  z
    .string({ error: `"${name}" must be a string` })
    .max(AMENDMENT_TEXT_MAX, {
      error: `"${name}" must be at most ${AMENDMENT_TEXT_MAX} characters long`,
    })
    .refine((s) => !CONTROL_OR_LINE_BREAK.test(s), {
      error: `"${name}" must not contain control characters or line breaks`,
    });

/**
 * `POST /api/documents/:documentId/amendments`: submit changes of the caller's working copy,
 * the blocks named or all of them (SPEC AM9). A block already submitted and still open is a
 * revision of that amendment.
 */
export const submitAmendmentsRequestSchema = z
  .object({
    blockIds: idList('blockIds', 500).optional(),
    all: z.literal(true, { error: '"all" must be true' }).optional(),
    justification: justification.default(''),
    language: language.default('en'),
  })
  .refine((b) => (b.blockIds === undefined) !== (b.all === undefined), {
    error: 'give either "blockIds" or "all": true',
    path: ['blockIds'],
  });

/** The answer to a submission: the amendments created or revised, in document order. */
export const submitAmendmentsResponseSchema = z.object({ amendments: z.array(amendmentSchema) });

/** `GET /api/documents/:documentId/amendments`: every submitted amendment, in document order. */
export const amendmentListSchema = z.array(amendmentSchema);

/** `GET /api/amendments/:id`: one amendment with its revisions, oldest first. */
export const amendmentDetailSchema = z.object({
  amendment: amendmentSchema,
  revisions: z.array(amendmentRevisionSchema),
});

/** `POST /api/amendments/:id/withdraw`: the proposer withdraws, optionally saying why. */
export const withdrawRequestSchema = z.object({ reason: optionalReason });

/** `POST /api/amendments/:id/undo`: a pen-holder takes a decision back, optionally saying why (AM15). */
export const undoRequestSchema = z.object({ reason: optionalReason });

/** `POST /api/amendments/:id/position`: co-sponsor, support, object (with a reason) or none. */
export const positionRequestSchema = z.object({
  position: choiceField('position', ['cosponsor', 'support', 'object', 'none'] as const),
  reason: optionalReason,
});

/** `POST /api/amendments/:id/decision`: a pen-holder accepts, accepts with changes or rejects. */
export const decisionRequestSchema = z.object({
  decision: choiceField('decision', ['accept', 'accept-with-changes', 'reject'] as const),
  reason: optionalReason,
  /** The text that goes in, for accept-with-changes. */
  text: blockText('text').nullish(),
});

/** `POST /api/documents/:documentId/compromises`: merge amendments into one text. */
export const compromiseRequestSchema = z.object({
  amendmentIds: idList('amendmentIds', 100),
  text: blockText('text'),
  reason: optionalReason,
});

/** The answer to a compromise: the record and the merged amendments. */
export const compromiseResponseSchema = z.object({
  compromise: compromiseSchema,
  amendments: z.array(amendmentSchema),
});

/** `GET /api/documents/:documentId/compromises`. */
export const compromiseListSchema = z.array(compromiseSchema);

/** One amendment as answered by withdraw, position and decision. */
export const amendmentResponseSchema = amendmentSchema;

/** The query of the feed: resume after `after` (or the SSE `Last-Event-ID` header). */
export const amendmentFeedQuerySchema = z.object({
  after: z.coerce
    .number({ error: '"after" must be a whole number' })
    .int({ error: '"after" must be a whole number' })
    .min(0, { error: '"after" must be a whole number' })
    .optional(),
});
