import {
  amendmentTransition,
  isAmendmentRefusal,
  type Amendment,
  type AmendmentAction,
  type ChangeOrigin,
} from '@accord/shared';
import type { Principal } from '../auth/Principal.js';
import { refusal as refuse, type Refusal, type RefusalOr } from '../auth/Refusal.js';
import type { ServerEdit } from '../collab/Room.js';
import { isoAt } from '../time/Clock.js';
import { actorOf, type AmendmentContext } from './amendmentContext.js';
import { decisionEdit } from './decisionEdit.js';
import { recordingEdit, undoEdit, type AppliedTexts } from './undoEdit.js';
import { resetWorkingCopy } from './workingCopyReset.js';

/** What a pen-holder decides on an amendment (AM6). */
export type Decision = 'accept' | 'accept-with-changes' | 'reject';

/**
 * Changes the base text as decided on `amendment` (its proposal, or `text`), through the
 * pipeline as `origin`; a refusal when it could not be done faithfully (nothing changed then).
 * `wrap` lets the caller watch the edit run (what an undo needs to know).
 */
export async function applyToBase(
  ctx: Pick<AmendmentContext, 'rooms' | 'logger'>,
  who: Principal,
  amendment: Amendment,
  text: string | null,
  origin: ChangeOrigin,
  wrap: (edit: ServerEdit) => ServerEdit = (edit) => edit,
): Promise<Refusal | null> {
  const edit = decisionEdit(amendment, text);
  const result = await ctx.rooms.change(amendment.documentId, origin, wrap(edit.edit));
  const refusal = edit.refusal();
  if (refusal) return refuse(refusal.status, refusal.message);
  if (!result.ok) {
    ctx.logger.warn('decision refused by the pipeline', {
      amendment: amendment.id,
      reason: result.reason,
      by: who.id,
    });
    return refuse(409, `the text could not be changed: ${result.reason}`);
  }
  return null;
}

/**
 * A pen-holder's decision on amendment `id` (AM6, AM11), run in the document's queue: a
 * rejection only records it; an acceptance first changes the base text, attributed to the
 * amendment, keeping the paragraph's texts before and after with the decision (AM15), then
 * brings the proposer's working copy back to the base (WC6).
 */
export async function decideAmendment(
  ctx: AmendmentContext,
  who: Principal,
  id: string,
  decision: Decision,
  reason: string | null,
  text: string | null,
): Promise<RefusalOr<Amendment>> {
  const amendment = (await ctx.amendments.get(id))!;
  const at = isoAt(ctx.clock.now());
  const action: AmendmentAction = {
    type: 'decide',
    decision,
    reason,
    text: decision === 'accept-with-changes' ? text : null,
  };
  let next = amendmentTransition(amendment, action, actorOf(who), at);
  if (isAmendmentRefusal(next)) return refuse(next.status, next.message);
  if (decision !== 'reject') {
    const recorded: { applied?: () => AppliedTexts | null } = {};
    const refused = await applyToBase(
      ctx,
      who,
      amendment,
      action.text ?? null,
      {
        kind: 'amendment',
        amendmentId: amendment.id,
        delegationId: amendment.delegationId,
        decidedBy: who.id,
      },
      (edit) => {
        const recording = recordingEdit(amendment, edit);
        recorded.applied = recording.applied;
        return recording.edit;
      },
    );
    if (refused) return refused;
    // Kept with the decision, so that it can be undone (AM15).
    const applied = recorded.applied?.() ?? null;
    if (applied && next.decision) next = { ...next, decision: { ...next.decision, applied } };
  }
  const [saved] = (await ctx.records.save(amendment.documentId, { amendments: [next] })).amendments;
  await ctx.records.audit(who, `amendment.${decision}`, saved!, reason);
  if (decision !== 'reject') await resetWorkingCopy(ctx, who, saved!);
  return saved!;
}

/**
 * Takes back the decision on amendment `id` (AM15), run in the document's queue: a rejection
 * only reopens the amendment; an acceptance first puts the paragraph back as it was before it
 * (refused, nothing changed, if the paragraph changed since or the decision kept no texts).
 */
export async function undoDecision(
  ctx: Pick<AmendmentContext, 'amendments' | 'records' | 'rooms' | 'clock'>,
  who: Principal,
  id: string,
  reason: string | null,
): Promise<RefusalOr<Amendment>> {
  const amendment = (await ctx.amendments.get(id))!;
  const next = amendmentTransition(
    amendment,
    { type: 'undo' },
    actorOf(who),
    isoAt(ctx.clock.now()),
  );
  if (isAmendmentRefusal(next)) return refuse(next.status, next.message);
  const previous = amendment.status;
  if (previous !== 'rejected') {
    const applied = amendment.decision?.applied;
    if (!applied)
      return refuse(
        409,
        `amendment ${amendment.number} was decided before decisions could be undone; edit the text instead`,
      );
    const edit = undoEdit(amendment, applied);
    const result = await ctx.rooms.change(
      amendment.documentId,
      {
        kind: 'request',
        personId: who.id,
        delegationId: who.delegation.id,
        action: `undo amendment ${amendment.number}`,
      },
      edit.edit,
    );
    const refusal = edit.refusal();
    if (refusal) return refuse(refusal.status, refusal.message);
    if (!result.ok) return refuse(409, `the text could not be changed: ${result.reason}`);
  }
  const [saved] = (await ctx.records.save(amendment.documentId, { amendments: [next] })).amendments;
  await ctx.records.auditEntry(who, 'amendment.undo', saved!.id, {
    documentId: saved!.documentId,
    number: saved!.number,
    label: saved!.label,
    undone: previous,
    ...(reason ? { reason } : {}),
  });
  return saved!;
}
