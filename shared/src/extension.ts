import { z } from 'zod';

const id = z.string().min(1).max(100);
const instant = z.iso.datetime({ offset: true });

/**
 * An extension of a round's feedback deadline (issue 9, DL6), as the Chair grants it: to one
 * delegation, or to all (`delegationId` null), until an instant that follows the deadline's
 * end-of-minute rule. Extensions are kept apart from the round, not folded into its deadline,
 * so the deadline every citation names stays what it was and who granted what, when, is kept.
 */
export const extensionSchema = z.object({
  /** The round whose deadline is extended. */
  roundId: id,
  /** The delegation it is granted to, or null for every delegation. */
  delegationId: id.nullable(),
  /** The new end (DL5's rule: it holds to the end of that minute). */
  until: instant,
  /** The person who granted it (a pen-holder). */
  grantedBy: id,
  /** When it was granted (server clock). */
  at: instant,
});

/** An extension of a round's deadline (see `extensionSchema`). */
export type Extension = z.infer<typeof extensionSchema>;
