import { z } from 'zod';

/**
 * Who made a change to a document, carried by every update through the pipeline into the store
 * (versions and tracked-change exports attribute and date every change by it):
 * - `connection`: a person typing in an editor, over one WebSocket;
 * - `request`: the server acting on a person's request (an import, a reset);
 * - `amendment`: the server applying a delegation's amendment that a pen-holder accepted;
 * - `system`: the server on its own (seeding at start-up, repairing duplicate block ids).
 */
export const changeOriginSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('connection'),
    personId: z.string(),
    delegationId: z.string(),
  }),
  z.object({
    kind: z.literal('request'),
    personId: z.string(),
    delegationId: z.string(),
    /** What was asked, e.g. "import". */
    action: z.string(),
  }),
  z.object({
    kind: z.literal('amendment'),
    amendmentId: z.string(),
    /** The delegation that proposed the amendment. */
    delegationId: z.string(),
    /** The pen-holder who accepted it. */
    decidedBy: z.string(),
  }),
  z.object({
    kind: z.literal('system'),
    reason: z.enum(['seed', 'repair-block-ids', 'migration']),
  }),
]);

/** Who made a change (see `changeOriginSchema`). */
export type ChangeOrigin = z.infer<typeof changeOriginSchema>;

/** The person a change is attributed to, or null for the system. */
export function originPerson(origin: ChangeOrigin): string | null {
  return origin.kind === 'connection' || origin.kind === 'request'
    ? origin.personId
    : origin.kind === 'amendment'
      ? origin.decidedBy
      : null;
}
