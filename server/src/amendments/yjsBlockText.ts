import * as Y from 'yjs';
import { AMENDABLE_TYPES, OBJECT_MARK, schema } from '@accord/shared';

/**
 * Reading a document's blocks straight from its Yjs text (issue 7), so the server can apply an
 * amendment to the live Y.Doc instead of rewriting it from a ProseMirror copy: a rewrite would
 * give every character a new Yjs item and break concurrent edits, anchors and comments.
 */

/** The block with this id, at any depth (a list item, an action point), or null. */
export function findBlock(fragment: Y.XmlFragment, blockId: string): Y.XmlElement | null {
  for (const child of fragment.toArray()) {
    if (!(child instanceof Y.XmlElement)) continue;
    if (child.getAttribute('id') === blockId) return child;
    const inner = findBlock(child, blockId);
    if (inner) return inner;
  }
  return null;
}

// Blocks whose amendable text is in their first child (a paragraph's body, a goal's title).
const TEXT_IN_FIRST_CHILD: ReadonlySet<string> = new Set([
  'preambular',
  'operative',
  'action',
  'goal',
]);

/**
 * The element whose inline children are a block's text, as `textNodeOf` picks it in the
 * ProseMirror document: a paragraph's body, a goal's title, else the block itself when its
 * content is inline (a list item, the chapeau, a footnote). Null for a block without text.
 */
export function yTextNodeOf(block: Y.XmlElement): Y.XmlElement | null {
  if (TEXT_IN_FIRST_CHILD.has(block.nodeName)) {
    const first = block.get(0);
    return first instanceof Y.XmlElement ? first : null;
  }
  return schema.nodes[block.nodeName]?.inlineContent ? block : null;
}

/** The plain string of an XmlText, without the formatting tags its `toString` would add. */
export function yPlainText(text: Y.XmlText): string {
  let out = '';
  for (const op of text.toDelta() as { insert: unknown }[]) {
    out += typeof op.insert === 'string' ? op.insert : OBJECT_MARK;
  }
  return out;
}

/**
 * A block's amendable text, the same string `blockText` gives for its ProseMirror node (an
 * inline atom, a footnote marker, is one `OBJECT_MARK`), so offsets computed on the record's
 * texts address the same characters in the Y.Doc.
 */
export function yBlockText(block: Y.XmlElement): string {
  const node = yTextNodeOf(block);
  if (!node) return '';
  let out = '';
  for (const child of node.toArray()) {
    out += child instanceof Y.XmlText ? yPlainText(child) : OBJECT_MARK;
  }
  return out;
}

/** The length of one inline child in the block's text: an atom is one character. */
export function inlineLength(child: Y.XmlElement | Y.XmlText | Y.XmlHook): number {
  return child instanceof Y.XmlText ? child.length : 1;
}

/**
 * The text of each block named in `ids` that the fragment holds, read straight from Yjs: the
 * outdated check runs after every burst of the Chair's typing, and converting 30 pages to a
 * ProseMirror document each time would cost far more than reading the few blocks it needs.
 */
export function blockTextsById(
  fragment: Y.XmlFragment,
  ids: ReadonlySet<string>,
): Map<string, string> {
  const found = new Map<string, string>();
  const visit = (parent: Y.XmlFragment | Y.XmlElement) => {
    for (const child of parent.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue;
      const id = child.getAttribute('id');
      if (typeof id === 'string' && ids.has(id)) found.set(id, yBlockText(child));
      visit(child);
    }
  };
  visit(fragment);
  return found;
}

/** The ids of the fragment's amendable blocks in document order (as `textBlocks` lists them). */
export function amendableBlockIds(fragment: Y.XmlFragment): string[] {
  const ids: string[] = [];
  const visit = (parent: Y.XmlFragment | Y.XmlElement) => {
    for (const child of parent.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue;
      const id = child.getAttribute('id');
      if (typeof id === 'string' && AMENDABLE_TYPES.has(child.nodeName)) ids.push(id);
      visit(child);
    }
  };
  visit(fragment);
  return ids;
}
