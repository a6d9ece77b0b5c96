import { carryOver, type Amendment, type Round } from '@accord/shared';
import type { AmendmentContext } from './amendmentContext.js';

/** What the audit keeps of a carry-over: which amendments went on, which were superseded. */
export function carryOverDetail(
  round: Round,
  next: Round | null,
  saved: readonly Amendment[],
): Record<string, unknown> {
  return {
    roundId: round.id,
    nextRoundId: next?.id ?? null,
    carried: saved.filter((a) => a.status === 'submitted').map((a) => a.number),
    superseded: saved.filter((a) => a.status === 'superseded').map((a) => a.number),
  };
}

/**
 * RD14 for one document, run in its queue after `round` was published: its pending amendments
 * are carried into `next` or marked superseded (shared carryOver), stored, told and audited as
 * the server's own change; none is dropped.
 */
export async function carryOverDocument(
  ctx: Pick<AmendmentContext, 'amendments' | 'records'>,
  documentId: string,
  round: Round,
  next: Round | null,
  at: string,
): Promise<void> {
  const changed = carryOver(await ctx.amendments.list(documentId), round, next, at);
  if (changed.length === 0) return;
  const saved = (await ctx.records.save(documentId, { amendments: changed })).amendments;
  await ctx.records.auditSystem(
    'amendment.carry-over',
    documentId,
    carryOverDetail(round, next, saved),
  );
}
