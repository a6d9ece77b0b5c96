import { timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Metrics } from './Metrics.js';

/** True when `header` is `Bearer <token>`; compared in constant time. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const sent = Buffer.from(/^Bearer (.+)$/.exec(header ?? '')?.[1] ?? '');
  const wanted = Buffer.from(token);
  return sent.length === wanted.length && timingSafeEqual(sent, wanted);
}

/**
 * `GET /metrics` (OP5): the instance's metrics in the Prometheus text format. Open when no
 * token is configured (a server bound to loopback, or behind a firewall); otherwise the scraper
 * sends `Authorization: Bearer <ACCORD_METRICS_TOKEN>` and anything else is refused with 401.
 */
export function metricsRoute(metrics: Metrics, token: string | null) {
  return async (req: Request, res: Response): Promise<void> => {
    if (token !== null && !bearerMatches(req.headers.authorization, token)) {
      res
        .status(401)
        .set('WWW-Authenticate', 'Bearer')
        .json({ error: 'metrics need the bearer token of ACCORD_METRICS_TOKEN' });
      return;
    }
    res.set('Content-Type', metrics.contentType).send(await metrics.render());
  };
}
