import { z } from 'zod';
import { AMENDMENT_TEXT_MAX, REASON_MAX } from './amendment.js';

/**
 * A compromise text: a pen-holder merged several amendments to one block into one text, which
 * went into the base. Each merged amendment names it (`compromiseId`), and it names them.
 */
export const compromiseSchema = z.object({
  id: z.string().min(1).max(100),
  documentId: z.string().min(1).max(100),
  /** The block the merged amendments target (their common target). */
  blockId: z.string().min(1).max(100),
  /** The amendments it came from, in the order given. */
  amendmentIds: z.array(z.string().min(1).max(100)).min(1),
  text: z.string().max(AMENDMENT_TEXT_MAX),
  reason: z.string().max(REASON_MAX).nullable(),
  /** The deciding delegation and person. */
  by: z.string(),
  personId: z.string(),
  at: z.iso.datetime({ offset: true }),
  /** Its place in the document's amendment feed. */
  seq: z.number().int().min(0),
});

/** A compromise record (see `compromiseSchema`). */
export type Compromise = z.infer<typeof compromiseSchema>;
