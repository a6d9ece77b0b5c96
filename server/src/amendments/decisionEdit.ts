import type * as Y from 'yjs';
import {
  applyProposal,
  derivedBlockId,
  wordEdits,
  type Amendment,
  type TextEdit,
} from '@accord/shared';
import type { ServerEdit } from '../collab/Room.js';
import {
  applyBlockEdits,
  deleteBlock,
  findBlock,
  insertBlockAfter,
  yBlockText,
} from './yjsBlocks.js';

/** Why a decision could not be carried into the base text (nothing was changed then). */
export interface EditRefusal {
  status: 400 | 409;
  message: string;
}

/** A server edit of the base text and, once it has run, its outcome. */
export interface DecisionEdit {
  edit: ServerEdit;
  /** Null when the edit ran and changed the text as decided; else why nothing was changed. */
  refusal(): EditRefusal | null;
}

/**
 * The edit of the base text that carries out a decision on `amendment` (SPEC AM2, AM3, AM11):
 * its proposal (accept), or `text` (accept with changes, a compromise), applied as minimal word
 * edits to the target's text as it is at that moment, so concurrent edits elsewhere in the
 * paragraph, other amendments' anchors and comments survive. A proposal made against a text
 * that has changed since is merged three ways, or refused when both changed the same words; an
 * insert goes after the block it follows, a delete removes its target. A refusal leaves the
 * text untouched.
 */
export function decisionEdit(amendment: Amendment, text: string | null): DecisionEdit {
  let refusal: EditRefusal | null = null;
  const refuse = (status: 400 | 409, message: string) => {
    refusal = { status, message };
  };
  const edit: ServerEdit = (fragment) => {
    if (amendment.kind === 'insert') {
      const anchor = amendment.afterBlockId!;
      if (!findBlock(fragment, anchor))
        return refuse(
          409,
          `the paragraph that amendment ${amendment.number} (${amendment.label}) follows is not in the text; accept the amendment that adds it first, or accept with changes`,
        );
      // The new block's id comes from the amendment: a decision retried after its record could
      // not be saved (the text changed, the record did not) finds the block and adds no second.
      const id = derivedBlockId(`amendment ${amendment.id}`);
      if (findBlock(fragment, id)) return;
      insertBlockAfter(fragment, anchor, amendment.blockType, text ?? amendment.proposedText, id);
      return;
    }
    const block = findBlock(fragment, amendment.blockId!);
    if (amendment.kind === 'delete' && text === null) {
      deleteBlock(fragment, amendment.blockId!);
      return;
    }
    if (!block)
      return refuse(
        409,
        `${amendment.label}, the target of amendment ${amendment.number}, is no longer in the text`,
      );
    const current = yBlockText(block);
    let edits: TextEdit[];
    if (text !== null) edits = wordEdits(current, text);
    else {
      const merged = applyProposal(amendment.originalText, current, amendment.proposedText);
      if (!merged.ok) return refuse(409, merged.reason);
      edits = merged.edits;
    }
    applyEdits(block, edits, refuse);
  };
  return { edit, refusal: () => refusal };
}

function applyEdits(
  block: Y.XmlElement,
  edits: readonly TextEdit[],
  refuse: (status: 400, message: string) => void,
): void {
  try {
    applyBlockEdits(block, edits);
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    refuse(400, `the text cannot go in as it is: ${err.message}`);
  }
}

/**
 * The edit that brings a delegation's working copy of the decided block back to the base text
 * (SPEC WC6): the copy holds the proposal and the base now holds what was decided, and Yjs
 * would otherwise show both (an insertion made twice). An inserted block of the copy is
 * removed; a changed one gets the minimal word edits to the base's text.
 */
export function resetEdit(amendment: Amendment, baseText: string | null): ServerEdit {
  return (fragment) => {
    const block = amendment.blockId ? findBlock(fragment, amendment.blockId) : null;
    if (!block) return;
    if (amendment.kind === 'insert' || baseText === null) {
      if (amendment.kind === 'insert') deleteBlock(fragment, amendment.blockId!);
      return;
    }
    const edits = wordEdits(yBlockText(block), baseText);
    try {
      if (edits.length > 0) applyBlockEdits(block, edits);
    } catch (err) {
      // A footnote the copy removed cannot be put back as text: the delegation resets it itself.
      if (!(err instanceof RangeError)) throw err;
    }
  };
}
