import { z } from 'zod';
import { amendmentSchema } from './amendment.js';
import { compromiseSchema } from './compromise.js';
import { threadSchema } from './thread.js';

/**
 * What the feed of a document pushes (SPEC AF1–AF3): amendments, compromises and comment
 * threads: the whole record as it is after
 * a change, never a delta, so a client that missed events needs only the latest state of what
 * changed since the last `seq` it saw. `seq` increases with every change.
 */
export const amendmentEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('amendment'), seq: z.number().int(), amendment: amendmentSchema }),
  z.object({ type: z.literal('compromise'), seq: z.number().int(), compromise: compromiseSchema }),
  /** A comment thread as it is now (issue 8); only to readers who may see it (CM1). */
  z.object({ type: z.literal('thread'), seq: z.number().int(), thread: threadSchema }),
]);

/** One event of the amendment feed (see `amendmentEventSchema`). */
export type AmendmentEvent = z.infer<typeof amendmentEventSchema>;

/** The SSE event name the feed uses for `AmendmentEvent`s (its data is the JSON). */
export const AMENDMENT_EVENT = 'amendment-feed';
