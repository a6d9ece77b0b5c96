import * as Y from 'yjs';
import { OBJECT_MARK, type TextEdit } from '@accord/shared';
import { inlineLength, yBlockText, yTextNodeOf } from './yjsBlockText.js';

type Inline = Y.XmlElement | Y.XmlText | Y.XmlHook;

// y-prosemirror stores overlapping marks as "name--hash"; a link is a link either way.
const isLinkAttribute = (key: string): boolean => key === 'link' || key.startsWith('link--');
// Brackets (NS7) are not inclusive either: words added right after a bracketed passage are not
// bracketed, while words replacing bracketed words stay bracketed.
const isBracketAttribute = (key: string): boolean =>
  key === 'bracket' || key.startsWith('bracket--');

/**
 * Applies word edits (offsets into `yBlockText(block)`) to the block's text with the fewest
 * Yjs operations (AM2): only the edited ranges are deleted and only the inserted strings are
 * inserted, so every other character keeps its Yjs item, and with it concurrent edits, other
 * amendments' anchors and comments elsewhere in the paragraph. A footnote marker is one
 * character: a range covering it deletes it. Inserted text is formatted as ProseMirror formats
 * typed text (see `formatFor`): like the text it replaces or the character before it, a link
 * never extended at its end, nothing at the very start. Throws a RangeError, before changing anything, for edits that are out of order or out
 * of range, for an insert containing `OBJECT_MARK` (a marker cannot be created from text), and
 * for a block without text.
 */
export function applyBlockEdits(block: Y.XmlElement, edits: readonly TextEdit[]): void {
  const node = yTextNodeOf(block);
  if (!node) throw new RangeError(`block ${block.nodeName} has no text to edit`);
  checkEdits(edits, yBlockText(block).length);
  for (let i = edits.length - 1; i >= 0; i--) {
    const edit = edits[i]!;
    // Read before deleting: a replacement is formatted like the text it replaces.
    const format = edit.insert ? formatFor(node, edit) : {};
    if (edit.to > edit.from) deleteRange(node, edit.from, edit.to);
    if (edit.insert) insertAt(node, edit.from, edit.insert, format);
  }
}

function checkEdits(edits: readonly TextEdit[], length: number): void {
  let end = 0;
  for (const edit of edits) {
    if (edit.insert.includes(OBJECT_MARK)) {
      throw new RangeError('an edit cannot insert a footnote marker (U+FFFC)');
    }
    if (!Number.isInteger(edit.from) || !Number.isInteger(edit.to)) {
      throw new RangeError(`edit offsets must be integers: ${edit.from}–${edit.to}`);
    }
    if (edit.from < end || edit.to < edit.from || edit.to > length) {
      throw new RangeError(
        `edit ${edit.from}–${edit.to} is out of order or outside the text (length ${length})`,
      );
    }
    end = edit.to;
  }
}

/** Deletes the characters `[from, to)` of the text node's inline children. */
function deleteRange(node: Y.XmlElement, from: number, to: number): void {
  const atoms: number[] = [];
  let pos = 0;
  node.toArray().forEach((child, index) => {
    const start = pos;
    pos += inlineLength(child);
    if (child instanceof Y.XmlText) {
      const a = Math.max(from, start);
      const b = Math.min(to, pos);
      if (a < b) child.delete(a - start, b - a);
    } else if (start >= from && start < to) atoms.push(index);
  });
  // Emptied XmlTexts stay: a concurrent editor may be typing into one.
  for (let i = atoms.length - 1; i >= 0; i--) node.delete(atoms[i]!, 1);
}

/**
 * Inserts `text` at offset `at` with exactly `format`: into the XmlText holding the character
 * before it, else the one that follows (at the start, after a marker), else a new one.
 */
function insertAt(node: Y.XmlElement, at: number, text: string, format: Attributes): void {
  const children: Inline[] = node.toArray();
  let pos = 0;
  let index = 0;
  for (; index < children.length; index++) {
    const child = children[index]!;
    const start = pos;
    pos += inlineLength(child);
    if (child instanceof Y.XmlText && start < at && at <= pos) {
      child.insert(at - start, text, { ...format });
      return;
    }
    if (pos >= at && start >= at) break; // first child starting at `at`
    if (pos >= at) {
      index++;
      break;
    }
  }
  const next = children[index];
  if (next instanceof Y.XmlText) {
    next.insert(0, text, { ...format });
    return;
  }
  const created = new Y.XmlText();
  node.insert(index, [created]);
  created.insert(0, text, { ...format });
}

type Attributes = Record<string, unknown>;

/** The formatting of the character at `offset` of the text node; null for a marker or none. */
function formatAt(node: Y.XmlElement, offset: number): Attributes | null {
  let pos = 0;
  for (const child of node.toArray()) {
    const start = pos;
    pos += inlineLength(child);
    if (offset >= pos) continue;
    if (!(child instanceof Y.XmlText)) return null;
    let at = start;
    for (const op of child.toDelta() as { insert: unknown; attributes?: Attributes }[]) {
      at += typeof op.insert === 'string' ? op.insert.length : 1;
      if (offset < at) return op.attributes ?? {};
    }
    return null;
  }
  return null;
}

/**
 * The formatting an edit's inserted text gets, as ProseMirror gives typed text: a replacement
 * takes the formatting of the first character it replaces, an insertion that of the character
 * before it (none at the very start or after a marker). A link only continues when the character
 * after the edit has the same link: links are not inclusive, so text added at their end is not
 * linked. A bracket (NS7) is not extended by text added at its end either, but keeps the words
 * that replace its own.
 */
function formatFor(node: Y.XmlElement, edit: TextEdit): Attributes {
  const from = edit.to > edit.from ? edit.from : edit.from - 1;
  const base = from >= 0 ? (formatAt(node, from) ?? {}) : {};
  const after = formatAt(node, edit.to) ?? {};
  const out: Attributes = {};
  for (const [key, value] of Object.entries(base)) {
    const ends = JSON.stringify(after[key]) !== JSON.stringify(value);
    if (isLinkAttribute(key) && ends) continue;
    if (isBracketAttribute(key) && ends && edit.to === edit.from) continue;
    out[key] = value;
  }
  return out;
}
