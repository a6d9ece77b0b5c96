import { z } from 'zod';

/**
 * What one Accord process tells the others over the relay (CL1–CL5). Updates and presence carry
 * their bytes (base64); everything else is a notice the receiver acts on by reading the store,
 * so a message lost in a relay outage costs time, never data.
 */
export const relayPayloadSchema = z.discriminatedUnion('type', [
  /** An update stored as `seq` of the log `room` (a document or a working copy). */
  z.object({
    type: z.literal('update'),
    room: z.string().min(1),
    seq: z.number().int().positive(),
    update: z.string(),
    /** Client ids the update was the first to use, and whose they are (ClientIds, AC7). */
    claims: z
      .array(z.object({ clientId: z.number().int().nonnegative(), personId: z.string().min(1) }))
      .default([]),
  }),
  /** A presence change of the sender's connections to `room`. */
  z.object({ type: z.literal('presence'), room: z.string().min(1), update: z.string() }),
  /** The amendments or comment threads of a document changed (the feed reads the store). */
  z.object({ type: z.literal('feed'), documentId: z.string().min(1) }),
  /** The rounds changed, or a deadline passed: every process re-reads them. */
  z.object({ type: z.literal('rounds') }),
  /** A negotiation event computed by the sender (silence, statuses), passed on as it is. */
  z.object({ type: z.literal('negotiation'), event: z.record(z.string(), z.unknown()) }),
  /** Somebody's rights changed: every process re-checks its sockets and feeds. */
  z.object({ type: z.literal('rights') }),
  /** A session ended (sign-out): its sockets and feeds close in every process. */
  z.object({ type: z.literal('session'), tokenHash: z.string().min(1) }),
]);

/** One message's content. */
export type RelayPayload = z.infer<typeof relayPayloadSchema>;

/** A message as it travels: the content, who sent it and when (for the lag metric). */
export const relayMessageSchema = z.object({
  from: z.string().min(1),
  /** The sender's clock when it sent it (ms since the epoch). */
  at: z.number(),
  payload: relayPayloadSchema,
});

/** A relay message as it travels. */
export type RelayMessage = z.infer<typeof relayMessageSchema>;
