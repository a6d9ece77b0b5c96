import { readBody, type ApiSchema, type Parsed } from '@accord/shared';
import { ApiError } from './errors.js';

/**
 * Reads a request body (or query) with its schema from shared/src/api, or refuses with 400 and
 * the message of the first problem, which names the field (SPEC AC12).
 */
export function parseBody<S extends ApiSchema>(schema: S, body: unknown): Parsed<S> {
  const reading = readBody(schema, body);
  if (!reading.ok) throw new ApiError(400, reading.message);
  return reading.value;
}

/** Reads a query string (`req.query`) with its schema, like `parseBody`. */
export const parseQuery = parseBody;
