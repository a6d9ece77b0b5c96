import { z } from 'zod';

/**
 * `GET /api/health` (public, OP3): the server is up, its store answers a query and, when it runs
 * as one of several processes, its relay answers too. 200 with `ok: true` when all do; 503 with
 * `ok: false` and the part that is `"unavailable"` when one does not. `relay` is `"none"` for a
 * single process.
 */
export const healthSchema = z.object({
  ok: z.boolean(),
  store: z.enum(['ok', 'unavailable']),
  relay: z.enum(['ok', 'unavailable', 'none']),
});

/**
 * `GET /api/ready` (public, OP4), for load balancers: 200 with `ready: true` once the server
 * has started, 503 with `ready: false` from the moment it begins to shut down.
 */
export const readySchema = z.object({ ready: z.boolean() });
