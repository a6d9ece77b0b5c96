import {
  amendmentTransition,
  isAmendmentRefusal,
  type Amendment,
  type AmendmentAction,
} from '@accord/shared';
import type { Principal } from '../auth/Principal.js';
import { refusal as refuse, type RefusalOr } from '../auth/Refusal.js';
import { isoAt } from '../time/Clock.js';
import { actorOf, type AmendmentContext } from './amendmentContext.js';

/**
 * The audit action of a delegation's feedback: a position is recorded with which one it took
 * (`amendment.position.object`), so the trail reads without the record.
 */
export function feedbackAuditAction(action: AmendmentAction, auditAction: string): string {
  return action.type === 'position' ? `${auditAction}.${action.position}` : auditAction;
}

/**
 * A delegation's feedback on amendment `id` (AM4, AM5): withdrawing its own, or co-sponsoring,
 * supporting, objecting to or taking back its position on another's. Run in the document's
 * queue; the pure rules judge it, and a change is stored, told and audited with its reason (a
 * position's own, else `why`). Feedback that changes nothing writes nothing.
 */
export async function applyFeedback(
  ctx: Pick<AmendmentContext, 'amendments' | 'records' | 'clock'>,
  who: Principal,
  id: string,
  action: AmendmentAction,
  auditAction: string,
  why: string | null,
): Promise<RefusalOr<Amendment>> {
  const amendment = (await ctx.amendments.get(id))!;
  const next = amendmentTransition(amendment, action, actorOf(who), isoAt(ctx.clock.now()));
  if (isAmendmentRefusal(next)) return refuse(next.status, next.message);
  if (next === amendment) return amendment;
  const [saved] = (await ctx.records.save(amendment.documentId, { amendments: [next] })).amendments;
  const reason = action.type === 'position' ? (action.reason ?? null) : why;
  await ctx.records.audit(who, feedbackAuditAction(action, auditAction), saved!, reason);
  return saved!;
}
