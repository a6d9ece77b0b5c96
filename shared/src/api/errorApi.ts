import { z } from 'zod';

/** Every refusal of the API, whatever its status: `{ "error": "<what was wrong>" }`. */
export const apiErrorSchema = z.object({ error: z.string() });

/** The body of every API error. */
export type ApiErrorBody = z.infer<typeof apiErrorSchema>;
