import { z } from 'zod';

/**
 * `GET /api/health` (public, OP3): the server is up and its store answers a query. 200 with
 * `ok: true` when it does; 503 with `ok: false` and `store: "unavailable"` when it does not.
 */
export const healthSchema = z.object({
  ok: z.boolean(),
  store: z.enum(['ok', 'unavailable']),
});

/**
 * `GET /api/ready` (public, OP4), for load balancers: 200 with `ready: true` once the server
 * has started, 503 with `ready: false` from the moment it begins to shut down.
 */
export const readySchema = z.object({ ready: z.boolean() });
