import { randomUUID } from 'node:crypto';
import type { Node } from 'prosemirror-model';
import {
  FRAGMENT_NAME,
  schema,
  workingCopyChanges,
  yFragmentToDoc,
  type Amendment,
  type BlockLabel,
  type WorkingCopyChange,
} from '@accord/shared';
import type { Principal } from '../auth/Principal.js';
import { isRefusal, refusal as refuse, type Refusal } from '../auth/Refusal.js';
import type { Room } from '../collab/Room.js';
import { isoAt } from '../time/Clock.js';
import type { AmendmentContext } from './amendmentContext.js';
import { planSubmission } from './submission.js';

/** What a delegation submits: the changed blocks named (all without), why, and in which round. */
export interface SubmissionAsk {
  blockIds?: readonly string[];
  justification: string;
  language: string;
  /** The round under way when the request arrived (null without rounds, RD14). */
  roundId: string | null;
}

/** The base text as a ProseMirror document. */
function docOf(room: Room): Node {
  return yFragmentToDoc(room.doc.getXmlFragment(FRAGMENT_NAME), schema);
}

/**
 * The changes a submission takes from the working copy: those of the blocks named, or all; a
 * refusal naming the blocks asked for that the copy did not change, or when nothing is left.
 */
export function chooseChanges(
  changes: readonly WorkingCopyChange[],
  blockIds: readonly string[] | undefined,
  labels: ReadonlyMap<string, BlockLabel>,
): WorkingCopyChange[] | Refusal {
  let chosen = [...changes];
  if (blockIds) {
    const unknown = blockIds.filter((id) => !changes.some((c) => c.blockId === id));
    if (unknown.length > 0)
      return refuse(
        400,
        `your working copy has no change to ${unknown.map((id) => labels.get(id)?.short ?? `block "${id}"`).join(', ')}`,
      );
    chosen = changes.filter((c) => blockIds.includes(c.blockId));
  }
  if (chosen.length === 0) return refuse(400, 'your working copy has no changes to submit');
  return chosen;
}

/**
 * Submits changes of `who`'s working copy as amendments (AM9, AM10), run in the document's
 * queue: the copy is compared with the base text as both are now, the plan is stored in one
 * save, told and audited (a submission, or a revision of the delegation's open amendment).
 * Returns every amendment the chosen changes map to, revised or unchanged, as stored.
 */
export async function submitFromWorkingCopy(
  ctx: AmendmentContext,
  who: Principal,
  documentId: string,
  ask: SubmissionAsk,
  /** How the base text is labelled now (the round's labels, SL). */
  labelsOf: (doc: Node) => Map<string, BlockLabel>,
): Promise<Amendment[] | Refusal> {
  const delegationId = who.delegation.id;
  const { changes, labels } = await ctx.rooms.readWorkingCopy(
    documentId,
    delegationId,
    (copy, base) => {
      const baseDoc = docOf(base);
      return {
        changes: workingCopyChanges(baseDoc, docOf(copy)),
        labels: labelsOf(baseDoc),
      };
    },
  );
  const chosen = chooseChanges(changes, ask.blockIds, labels);
  if (isRefusal(chosen)) return chosen;
  const existing = await ctx.amendments.list(documentId);
  const at = isoAt(ctx.clock.now());
  const plan = planSubmission({
    documentId,
    roundId: ask.roundId,
    delegationId,
    personId: who.id,
    at,
    justification: ask.justification,
    language: ask.language,
    changes: chosen,
    existing,
    labelOf: (id) => labels.get(id)?.short,
    labelsInText: new Set([...labels.values()].map((l) => l.short)),
    nextNumber: await ctx.amendments.nextNumber(documentId),
    newId: randomUUID,
  });
  if (!plan.ok) return refuse(plan.status, plan.message);
  // An unchanged resubmission writes nothing: only amendments with a new revision are saved.
  const changed = plan.amendments.filter((a) => plan.revisions.some((r) => r.amendmentId === a.id));
  const saved = await ctx.records.save(documentId, {
    amendments: changed,
    revisions: plan.revisions,
  });
  for (const a of saved.amendments)
    await ctx.records.audit(who, a.revision === 1 ? 'amendment.submit' : 'amendment.revise', a);
  const byId = new Map(saved.amendments.map((a) => [a.id, a]));
  return plan.amendments.map((a) => byId.get(a.id) ?? a);
}
