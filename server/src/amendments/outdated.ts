import type { Amendment } from '@accord/shared';

/**
 * Whether an open amendment is outdated or has lost its target (SPEC AM13), from the base
 * text's block texts by id: a modify or delete is outdated when its target's text differs from
 * the text it was proposed against, and its target is deleted when the block is gone; an
 * insert's target is the block it follows.
 */
export function outdatedState(
  amendment: Amendment,
  texts: ReadonlyMap<string, string>,
): { outdated: boolean; targetDeleted: boolean } {
  if (amendment.kind === 'insert') {
    const anchor = amendment.afterBlockId;
    // An insert after a proposed paragraph waits for it; only a base anchor can be lost.
    return {
      outdated: false,
      targetDeleted: anchor !== null && !texts.has(anchor) && amendment.targetDeleted,
    };
  }
  const now = texts.get(amendment.blockId!);
  if (now === undefined) return { outdated: true, targetDeleted: true };
  return { outdated: now !== amendment.originalText, targetDeleted: false };
}
