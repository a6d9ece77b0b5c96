import type { z } from 'zod';

/** Any schema of shared/src/api. */
export type ApiSchema = z.ZodType;

/** What a schema gives when it accepts a body (after trimming, defaults). */
export type Parsed<S extends ApiSchema> = z.output<S>;

/** A body read with its schema: the value, or the first problem and the field it is about. */
export type BodyReading<T> =
  { ok: true; value: T } | { ok: false; field: string | null; message: string };

/**
 * Reads a request body (or a query) with its schema. A body that is not a JSON object (none, a
 * list, another content type) lacks every field, so the problem names the first field the
 * route needs (SPEC AC12) rather than saying something vaguer. The first problem only: a
 * person fixes one thing at a time, and the API answers with one message.
 */
export function readBody<S extends ApiSchema>(schema: S, body: unknown): BodyReading<Parsed<S>> {
  const input = typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {};
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  const field = issue?.path[0];
  return {
    ok: false,
    field: typeof field === 'string' ? field : null,
    message: issue?.message ?? 'the request is malformed',
  };
}
