import { z } from 'zod';

/** A block's label as delegates cite it: "OP4 bis" and its spoken form. */
export const blockLabelSchema = z.object({
  short: z.string().min(1).max(200),
  long: z.string().min(1).max(400),
});

/** Labels by block id. */
export const labelMapSchema = z.record(z.string().min(1).max(200), blockLabelSchema);

/** Labels by block id (see `labelMapSchema`). */
export type LabelMap = z.infer<typeof labelMapSchema>;

/**
 * `GET /api/documents/:documentId/labels`: the labels delegates cite right now (SPEC SL1–SL8).
 * Within a round, `start` holds the labels the round started from and `kept` those given to
 * blocks added during it, so a client recomputes `roundLabels(start, doc, kept)` on every local
 * change and shows "OP4 bis" at once; outside a round (or without a start version) `start` is
 * null and the labels are the text's own numbering.
 */
export const documentLabelsSchema = z.object({
  /** The round under way, or null. */
  roundId: z.string().nullable(),
  /** Every block's label in the text as the server holds it now. */
  labels: labelMapSchema,
  /** The labels the round started from, or null when labels are derived from the text. */
  start: labelMapSchema.nullable(),
  /** Labels given during the round to blocks added in it, which they keep (SL5, SL8). */
  kept: labelMapSchema,
});

/** The answer of `GET /api/documents/:documentId/labels`. */
export type DocumentLabels = z.infer<typeof documentLabelsSchema>;
