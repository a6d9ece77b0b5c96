import type { Response } from 'express';
import type { ApiSchema, Parsed } from '@accord/shared';

/**
 * Sends a JSON answer whose type is its response schema in shared/src/api, so the server cannot
 * drift from what the client reads. The value is not re-checked at run time: it is the
 * server's own, and the type checker already holds it to the schema.
 */
export function reply<S extends ApiSchema>(
  res: Response,
  _schema: S,
  body: Parsed<S>,
  status = 200,
): void {
  res.status(status).json(body);
}
