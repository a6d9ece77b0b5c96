import { FRAGMENT_NAME, type Amendment } from '@accord/shared';
import type { Principal } from '../auth/Principal.js';
import type { AmendmentContext } from './amendmentContext.js';
import { resetEdit } from './decisionEdit.js';
import { blockTextsById } from './yjsBlocks.js';

/**
 * Brings the proposer's working copy of a decided block back to the base (WC6), attributed to
 * the decision. Best effort: the decision is stored already, so a failure is logged, not
 * returned; the delegation can still reset its copy itself.
 */
export async function resetWorkingCopy(
  ctx: Pick<AmendmentContext, 'rooms' | 'logger'>,
  who: Principal,
  amendment: Amendment,
): Promise<void> {
  try {
    const blockId = amendment.kind === 'insert' ? null : amendment.blockId;
    const baseText = blockId
      ? ((await ctx.rooms.readDocument(amendment.documentId, (room) =>
          blockTextsById(room.doc.getXmlFragment(FRAGMENT_NAME), new Set([blockId])).get(blockId),
        )) ?? null)
      : null;
    await ctx.rooms.changeWorkingCopy(
      amendment.documentId,
      amendment.delegationId,
      {
        kind: 'amendment',
        amendmentId: amendment.id,
        delegationId: amendment.delegationId,
        decidedBy: who.id,
      },
      resetEdit(amendment, baseText),
    );
  } catch (err) {
    ctx.logger.error('working copy reset failed', {
      amendment: amendment.id,
      error: String(err),
    });
  }
}
