import type { Node } from 'prosemirror-model';

/**
 * A delegation's working copy of a document (issue 7): its own Yjs document, composed of the
 * base text and the delegation's own updates, that only its members can open (SPEC WC1–WC6).
 * These pure functions read what a working copy changes against the base, by block, so the
 * server (submitting) and the editor (track changes, the submit panel) agree on it.
 */

/** The store's name for the log of a delegation's own updates to a document's working copy. */
export function workingCopyLogId(documentId: string, delegationId: string): string {
  return `${documentId}/draft/${delegationId}`;
}

/**
 * The character that stands for an inline atom (a footnote reference) in a block's text: the
 * Unicode object replacement character, so word offsets stay aligned with the text positions
 * and a footnote an amendment keeps stays where it was.
 */
export const OBJECT_MARK = '\uFFFC';

/** Block types an amendment can change or delete, with the text an amendment proposes. */
export const AMENDABLE_TYPES: ReadonlySet<string> = new Set([
  'chapeau',
  'preambular',
  'operative',
  'list_item',
  'goal',
  'action',
  'footnote',
]);

/** Block types a delegation may propose as new blocks (an `insert`) or delete. */
export const INSERTABLE_TYPES: ReadonlySet<string> = new Set([
  'preambular',
  'operative',
  'list_item',
  'action',
]);

/** One amendable block of a document, in document order. */
export interface TextBlock {
  blockId: string;
  type: string;
  /** Its running text; inline atoms are `OBJECT_MARK`. */
  text: string;
  /** The block before it at the same level (null for the first), for placing an insert. */
  previousId: string | null;
  /** The block it is inside (a list item's paragraph), or null. */
  parentId: string | null;
}

/** The text of an inline node's content: its text, each inline atom as `OBJECT_MARK`. */
export function inlineText(node: Node): string {
  let text = '';
  node.forEach((child) => {
    text += child.isText ? (child.text ?? '') : OBJECT_MARK;
  });
  return text;
}

/** The node whose inline content is a block's text: a paragraph's body, a goal's title. */
export function textNodeOf(block: Node): Node | null {
  if (block.type.name === 'goal' || ['preambular', 'operative', 'action'].includes(block.type.name))
    return block.firstChild;
  return block.inlineContent ? block : null;
}

/** A block's amendable text (see `TextBlock.text`). */
export function blockText(block: Node): string {
  const node = textNodeOf(block);
  return node ? inlineText(node) : '';
}

/** Every amendable block with an id, in document order. */
export function textBlocks(doc: Node): TextBlock[] {
  const out: TextBlock[] = [];
  const visit = (parent: Node, parentId: string | null) => {
    let previousId: string | null = null;
    parent.forEach((child) => {
      if (child.type.name === 'list') {
        visit(child, parentId);
        return;
      }
      const id = child.attrs.id as string | null | undefined;
      if (AMENDABLE_TYPES.has(child.type.name) && id) {
        out.push({
          blockId: id,
          type: child.type.name,
          text: blockText(child),
          previousId,
          parentId,
        });
        previousId = id;
        visit(child, id);
      } else if (child.type.name === 'footnotes') visit(child, null);
      else if (!child.isTextblock && child.type.name !== 'goal_title') visit(child, parentId);
    });
  };
  visit(doc, null);
  return out;
}

/** What a working copy changes in one block: becomes one amendment when submitted. */
export interface WorkingCopyChange {
  kind: 'modify' | 'insert' | 'delete';
  /** The changed or deleted block; for an insert, the new block's id in the working copy. */
  blockId: string;
  /** An insert's anchor: the block it follows (or, for a first list item, its paragraph). */
  afterBlockId: string | null;
  /** The new block's type (inserts), else the target's. */
  type: string;
  /** The base's text of the block ('' for an insert). */
  originalText: string;
  /** The working copy's text ('' for a delete). */
  proposedText: string;
}

/**
 * The working copy's changes against the base, block by block, in the working copy's order
 * (deletions where the block stood). A block whose text is equal is unchanged (formatting and
 * moves are the pen-holders' business); a block inside a deleted block is part of its deletion;
 * a new block of a type that cannot be inserted (a goal) is not proposed.
 */
export function workingCopyChanges(base: Node, draft: Node): WorkingCopyChange[] {
  const before = textBlocks(base);
  const after = textBlocks(draft);
  const baseById = new Map(before.map((b) => [b.blockId, b]));
  const draftIds = new Set(after.map((b) => b.blockId));
  const changes: WorkingCopyChange[] = [];
  const deletedAt = new Map<string | null, WorkingCopyChange[]>();
  for (const b of before) {
    if (draftIds.has(b.blockId) || !INSERTABLE_TYPES.has(b.type)) continue;
    if (b.parentId !== null && !draftIds.has(b.parentId)) continue; // inside a deleted paragraph
    const change: WorkingCopyChange = {
      kind: 'delete',
      blockId: b.blockId,
      afterBlockId: null,
      type: b.type,
      originalText: b.text,
      proposedText: '',
    };
    // Listed where the block stood: after the nearest earlier block the draft still has.
    let anchor: string | null = null;
    for (const earlier of before) {
      if (earlier.blockId === b.blockId) break;
      if (draftIds.has(earlier.blockId)) anchor = earlier.blockId;
    }
    deletedAt.set(anchor, [...(deletedAt.get(anchor) ?? []), change]);
  }
  changes.push(...(deletedAt.get(null) ?? []));
  for (const d of after) {
    const b = baseById.get(d.blockId);
    if (!b) {
      if (INSERTABLE_TYPES.has(d.type))
        changes.push({
          kind: 'insert',
          blockId: d.blockId,
          afterBlockId: d.previousId ?? d.parentId,
          type: d.type,
          originalText: '',
          proposedText: d.text,
        });
    } else if (b.text !== d.text) {
      changes.push({
        kind: 'modify',
        blockId: d.blockId,
        afterBlockId: null,
        type: d.type,
        originalText: b.text,
        proposedText: d.text,
      });
    }
    changes.push(...(deletedAt.get(d.blockId) ?? []));
  }
  return changes;
}
