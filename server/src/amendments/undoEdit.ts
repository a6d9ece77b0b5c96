import { derivedBlockId, wordEdits, type Amendment } from '@accord/shared';
import type { ServerEdit } from '../collab/Room.js';
import type { EditRefusal } from './decisionEdit.js';
import { applyBlockEdits, deleteBlock, findBlock, yBlockText } from './yjsBlocks.js';

/** The target's text before and after a decision went into the base (see `amendmentSchema`). */
export interface AppliedTexts {
  before: string | null;
  after: string | null;
}

/** The block a decision on `amendment` changes: its target, or the paragraph it added. */
export function decidedBlockId(amendment: Amendment): string {
  return amendment.kind === 'insert'
    ? derivedBlockId(`amendment ${amendment.id}`)
    : amendment.blockId!;
}

/**
 * Wraps a decision's edit so that it also reads the decided block's text just before and just
 * after it (AM15): what an undo puts back and what it checks is still there. The texts are read
 * on the copy the edit runs on, so they are exactly those of the stored change.
 */
export function recordingEdit(
  amendment: Amendment,
  edit: ServerEdit,
): { edit: ServerEdit; applied(): AppliedTexts | null } {
  let applied: AppliedTexts | null = null;
  const id = decidedBlockId(amendment);
  const textOf = (fragment: Parameters<ServerEdit>[0]) => {
    const block = findBlock(fragment, id);
    return block ? yBlockText(block) : null;
  };
  return {
    edit: (fragment, doc) => {
      // An insert's paragraph did not exist before (a retried decision finds it already there).
      const before = amendment.kind === 'insert' ? null : textOf(fragment);
      edit(fragment, doc);
      applied = { before, after: textOf(fragment) };
    },
    applied: () => applied,
  };
}

/**
 * The edit that takes an accepted amendment out of the base text again (AM15): the paragraph's
 * text as it was before the decision, restored with minimal word edits so other anchors and
 * comments in it survive; a paragraph the decision added is removed. Refused (409, nothing
 * changed) when the paragraph is not what the decision left any more: someone changed it since,
 * and undoing would silently lose their words. A deleted paragraph is not brought back.
 */
export function undoEdit(
  amendment: Amendment,
  applied: AppliedTexts,
): { edit: ServerEdit; refusal(): EditRefusal | null } {
  let refusal: EditRefusal | null = null;
  const refuse = (message: string) => {
    refusal = { status: 409, message };
  };
  const edit: ServerEdit = (fragment) => {
    const which = `amendment ${amendment.number} (${amendment.label})`;
    if (applied.after === null)
      return refuse(
        `${which} deleted its paragraph, which an undo cannot bring back; add the paragraph again in the text`,
      );
    const block = findBlock(fragment, decidedBlockId(amendment));
    if (!block) return refuse(`the paragraph ${which} changed is no longer in the text`);
    const now = yBlockText(block);
    if (now !== applied.after)
      return refuse(
        `${amendment.label} has changed since ${which} was decided; undoing it would lose those changes, so edit the text instead`,
      );
    if (applied.before === null) {
      deleteBlock(fragment, decidedBlockId(amendment));
      return;
    }
    try {
      const edits = wordEdits(now, applied.before);
      if (edits.length > 0) applyBlockEdits(block, edits);
    } catch (err) {
      // A footnote marker the decision removed cannot be made again from text.
      if (!(err instanceof RangeError)) throw err;
      refuse(`${which} removed a footnote, which an undo cannot bring back; edit the text instead`);
    }
  };
  return { edit, refusal: () => refusal };
}
