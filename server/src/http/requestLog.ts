import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../logger.js';

/** A request id a proxy may hand on: short, and safe to echo in a header and a log line. */
const FORWARDED_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** Event streams stay open for hours: their opening is logged, not their whole duration. */
const EVENT_STREAM = /\/events$/;

/**
 * The request id of a request (OP1): the one the caller (a proxy) sent in `X-Request-Id` when
 * it looks like an id, or a new one.
 */
export function requestIdOf(header: string | string[] | undefined): string {
  const sent = Array.isArray(header) ? header[0] : header;
  return sent !== undefined && FORWARDED_ID.test(sent) ? sent : randomUUID();
}

/**
 * Gives every request an id, answered in `X-Request-Id`, and logs one line per request when it
 * ends (method, path, status, duration in ms), or when an event stream opens (OP1).
 */
export function requestLog(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const requestId = requestIdOf(req.headers['x-request-id']);
    res.setHeader('X-Request-Id', requestId);
    // The path without the query: invitation tokens and cursors travel in query strings.
    const path = req.originalUrl.split('?')[0] ?? req.originalUrl;
    const fields = { requestId, method: req.method, path };
    if (req.method === 'GET' && EVENT_STREAM.test(path)) {
      logger.info('event stream opened', fields);
      return next();
    }
    const started = performance.now();
    res.on('finish', () => {
      const durationMs = Math.round((performance.now() - started) * 10) / 10;
      logger.info('request', { ...fields, status: res.statusCode, durationMs });
    });
    next();
  };
}
