import { z } from 'zod';
import { SILENCE_BLOCKS_MAX, silenceProcedureSchema } from '../silence.js';
import { deadlineInputSchema } from './roundApi.js';

const id = (name: string) =>
  z
    .string({ error: `"${name}" must be an id` })
    .min(1, { error: `"${name}" must be an id` })
    .max(100, { error: `"${name}" must be an id` });

const idList = (name: string, max: number) =>
  z
    .array(id(name), { error: `"${name}" must be a list of ids` })
    .min(1, { error: `"${name}" must name at least one` })
    .max(max, { error: `"${name}" must name at most ${max}` });

/**
 * `GET /api/silence`: every silence procedure, oldest first, and the server's clock, so a
 * client counts down to the expiry against the server rather than its own clock (DL2).
 */
export const silenceListSchema = z.object({
  now: z.iso.datetime({ offset: true }),
  procedures: z.array(silenceProcedureSchema),
});

/** The procedures as listed (see `silenceListSchema`). */
export type SilenceList = z.infer<typeof silenceListSchema>;

/**
 * `POST /api/silence`: the Chair circulates the texts (every document when `documentIds` is
 * left out) under silence in the round `roundId` until `expiry` (SI1–SI3).
 */
export const startSilenceRequestSchema = z.object({
  roundId: id('roundId'),
  documentIds: idList('documentIds', 100).optional(),
  expiry: deadlineInputSchema,
});

/** `POST /api/silence/:id/breaks`: a delegation breaks silence on paragraphs, with a reason (SI4, SI5). */
export const breakSilenceRequestSchema = z.object({
  documentId: id('documentId'),
  blockIds: idList('blockIds', SILENCE_BLOCKS_MAX),
  // Trimmed and checked by the pure rule (`breakSilence`), whose refusals say what is wrong.
  reason: z.string({ error: '"reason" must be a string: why silence is broken' }),
});

/** `POST /api/silence/:id/withdraw`: the Chair withdraws the procedure before expiry (SI8). */
export const withdrawSilenceRequestSchema = z.object({});

/** Any answer that is one procedure. */
export const silenceResponseSchema = silenceProcedureSchema;
