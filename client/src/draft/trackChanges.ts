import { wordDiff, type TextBlock } from '@accord/shared';

/**
 * Track changes of a working copy against its base, as plain data: block texts in, marks out.
 * Kept apart from ProseMirror so the rules (what is shown as inserted, what as deleted, where a
 * deleted block is shown) are tested on strings, and the plugin only places the marks.
 */

/** One mark in a block of the working copy, in offsets of the block's text (`blockText`). */
export type TrackMark =
  /** Text of the working copy that the base does not have: `[from, to)`, underlined. */
  | { kind: 'insert'; from: number; to: number }
  /** Text of the base the working copy no longer has, shown struck through before offset `at`. */
  | { kind: 'delete'; at: number; text: string };

/**
 * The marks of one block: its word-level difference from the base's text (AM1). `baseText` null
 * means the block is new in the working copy, so all its text is inserted.
 */
export function blockTrackMarks(baseText: string | null, draftText: string): TrackMark[] {
  if (baseText === null) {
    return draftText === '' ? [] : [{ kind: 'insert', from: 0, to: draftText.length }];
  }
  const marks: TrackMark[] = [];
  let pos = 0;
  for (const part of wordDiff(baseText, draftText)) {
    if (part.kind === 'equal') pos += part.text.length;
    else if (part.kind === 'insert') {
      marks.push({ kind: 'insert', from: pos, to: pos + part.text.length });
      pos += part.text.length;
    } else marks.push({ kind: 'delete', at: pos, text: part.text });
  }
  return marks;
}

/** A block of the base that the working copy no longer has, and where to show it. */
export interface DeletedBlock {
  blockId: string;
  type: string;
  text: string;
  /**
   * The nearest earlier block (in the base's reading order) that the working copy still has: the
   * deleted block is shown right after its text. Null when none is left: shown before the first.
   */
  anchorId: string | null;
}

/**
 * The base's blocks missing from the working copy, in the base's order, each anchored where it
 * stood (the same place `workingCopyChanges` lists a deletion).
 */
export function deletedBlocks(
  base: readonly TextBlock[],
  draftIds: ReadonlySet<string>,
): DeletedBlock[] {
  const out: DeletedBlock[] = [];
  let anchorId: string | null = null;
  for (const block of base) {
    if (draftIds.has(block.blockId)) anchorId = block.blockId;
    else out.push({ blockId: block.blockId, type: block.type, text: block.text, anchorId });
  }
  return out;
}

/** The base's block texts by id, and in order, as the plugin reads them. */
export interface BaseIndex {
  blocks: readonly TextBlock[];
  byId: ReadonlyMap<string, TextBlock>;
}

/** Indexes the base's blocks (from `textBlocks(baseDoc)`). */
export function baseIndex(blocks: readonly TextBlock[]): BaseIndex {
  return { blocks, byId: new Map(blocks.map((b) => [b.blockId, b])) };
}
