import { z } from 'zod';

/** `GET /api/health` (public): the server is up. */
export const healthSchema = z.object({ ok: z.literal(true) });
