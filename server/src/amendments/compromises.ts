import { randomUUID } from 'node:crypto';
import {
  amendmentTransition,
  isAmendmentRefusal,
  type Amendment,
  type Compromise,
} from '@accord/shared';
import type { Principal } from '../auth/Principal.js';
import { refusal as refuse, type Refusal } from '../auth/Refusal.js';
import { isoAt } from '../time/Clock.js';
import { actorOf, type AmendmentContext } from './amendmentContext.js';
import { applyToBase } from './amendmentDecisions.js';
import { resetWorkingCopy } from './workingCopyReset.js';

/**
 * Why `amendments` cannot be merged into one compromise, or null: they must all amend one and
 * the same paragraph (the same target, or inserts after the same block), since the compromise
 * text replaces that paragraph.
 */
export function compromiseTargetRefusal(amendments: readonly Amendment[]): Refusal | null {
  const targets = new Set(
    amendments.map((a) => (a.kind === 'insert' ? `after:${a.afterBlockId}` : a.blockId)),
  );
  if (
    targets.size > 1 ||
    (amendments.some((a) => a.kind === 'insert') && amendments.some((a) => a.kind !== 'insert'))
  )
    return refuse(400, 'a compromise merges amendments to one and the same paragraph');
  return null;
}

/**
 * Merges open amendments `amendmentIds` of `documentId` into a compromise `text` (AM12), run in
 * the document's queue: every amendment must be in the document, target one paragraph and be
 * mergeable by the pure rules; then the text goes into the base, the compromise is stored with
 * the amendments it came from, each of them becomes `merged`, naming it, and the proposers'
 * working copies are brought back to the base (WC6).
 */
export async function mergeIntoCompromise(
  ctx: AmendmentContext,
  who: Principal,
  documentId: string,
  amendmentIds: readonly string[],
  text: string,
  reason: string | null,
): Promise<Refusal | { compromise: Compromise; amendments: Amendment[] }> {
  const found = await Promise.all(amendmentIds.map((id) => ctx.amendments.get(id)));
  const absent = amendmentIds.filter((_, i) => found[i]?.documentId !== documentId);
  if (absent.length > 0)
    return refuse(404, `no amendment ${absent.map((a) => `"${a}"`).join(', ')} in this document`);
  const amendments = found as Amendment[];
  const mixed = compromiseTargetRefusal(amendments);
  if (mixed) return mixed;
  const at = isoAt(ctx.clock.now());
  const id = randomUUID();
  const merged: Amendment[] = [];
  for (const a of amendments) {
    const next = amendmentTransition(
      a,
      { type: 'merge', reason, compromiseId: id, text },
      actorOf(who),
      at,
    );
    if (isAmendmentRefusal(next)) return refuse(next.status, next.message);
    merged.push(next);
  }
  const first = amendments[0]!;
  const applied = await applyToBase(ctx, who, first, text, {
    kind: 'request',
    personId: who.id,
    delegationId: who.delegation.id,
    action: `compromise ${id}`,
  });
  if (applied) return applied;
  const compromise: Compromise = {
    id,
    documentId,
    blockId: first.kind === 'insert' ? first.afterBlockId! : first.blockId!,
    amendmentIds: amendments.map((a) => a.id),
    text,
    reason,
    by: who.delegation.id,
    personId: who.id,
    at,
    seq: 0,
  };
  const saved = await ctx.records.save(documentId, {
    amendments: merged,
    compromises: [compromise],
  });
  await ctx.records.auditEntry(who, 'amendment.compromise', documentId, {
    compromiseId: id,
    amendments: amendments.map((a) => a.number),
    reason,
  });
  for (const a of saved.amendments) await resetWorkingCopy(ctx, who, a);
  return { compromise: saved.compromises[0]!, amendments: saved.amendments };
}
