import { z } from 'zod';
import { roundListSchema } from './api/roundApi.js';
import { silenceProcedureSchema } from './silence.js';
import { paragraphStatusSchema } from './paragraphStatus.js';

/**
 * What `GET /api/negotiation/events` streams (server-sent events) to every signed-in person: the
 * whole state of a negotiation-wide concern whenever it changes, so a client that missed events
 * is right again with the next one and needs no catch-up. `rounds` is the reader's own view of
 * `GET /api/rounds` (its submission window is the reader's delegation's), sent on connect, on
 * every round change and at every deadline. `silence` is one silence procedure, sent whenever it
 * changes (started, broken, decided at expiry, withdrawn; SI9). `status` is every paragraph
 * status of one document, sent whenever a pen-holder changes one (NS6); a client reads
 * `GET /api/documents/:id/status` again on (re)connect, since status events are not replayed.
 */
export const negotiationEventSchema = z.discriminatedUnion('type', [
  roundListSchema.extend({ type: z.literal('rounds') }),
  z.object({ type: z.literal('silence'), procedure: silenceProcedureSchema }),
  z.object({
    type: z.literal('status'),
    documentId: z.string(),
    statuses: z.array(paragraphStatusSchema),
  }),
]);

/** The SSE event name of every negotiation event (its `type` tells them apart). */
export const NEGOTIATION_EVENT = 'negotiation';

/** One negotiation event (see `negotiationEventSchema`). */
export type NegotiationEvent = z.infer<typeof negotiationEventSchema>;
