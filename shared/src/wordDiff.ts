import { diffArrays } from 'diff';

/** One run of a word-level difference (AM1): text kept, inserted or deleted, in reading order. */
export interface WordChange {
  kind: 'equal' | 'insert' | 'delete';
  text: string;
}

/**
 * One replacement in a text (AM2): the characters `[from, to)` of the text it applies to are
 * replaced by `insert`. `from === to` is a pure insertion, an empty `insert` a pure deletion.
 */
export interface TextEdit {
  from: number;
  to: number;
  insert: string;
}

// A token is a word (letters with their combining marks, digits), one Han/kana character (those
// scripts write no spaces, so a whole sentence would otherwise be one "word"), a run of
// whitespace, or any other single character (punctuation). Written with Unicode classes rather
// than `diffWordsWithSpace`, whose word characters are Latin only: a Cyrillic or Arabic word
// would otherwise be diffed letter by letter, and the six UN languages are all ours.
const TOKEN =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|(?:(?![\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}])[\p{L}\p{M}\p{N}_])+|\s+|./gsu;

/** Splits a text into the tokens the word difference compares; they concatenate to the text. */
export function wordTokens(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

const WHITESPACE_ONLY = /^\s+$/u;

/**
 * The word-level difference between two texts (AM1): runs of kept, deleted and inserted text in
 * order; adjacent runs never share a kind, and within one changed stretch the deletion comes
 * before the insertion. Concatenating the `equal` and `delete` runs gives `before`, the `equal`
 * and `insert` runs give `after`, exactly (whitespace included).
 */
export function wordDiff(before: string, after: string): WordChange[] {
  if (before === after) return before === '' ? [] : [{ kind: 'equal', text: before }];
  const raw: WordChange[] = [];
  for (const change of diffArrays(wordTokens(before), wordTokens(after))) {
    const kind = change.added ? 'insert' : change.removed ? 'delete' : 'equal';
    raw.push({ kind, text: change.value.join('') });
  }
  // Myers' diff happily keeps the single spaces between replaced words ("a b c" → "x y z"
  // becomes five changes around two kept spaces). A space kept between two changes anchors
  // nothing a reader or a concurrent editor cares about, so it joins the change on both sides:
  // one readable replacement, and one edit instead of several (AM2).
  const out: WordChange[] = [];
  const keep = (text: string): void => {
    if (!text) return;
    const last = out[out.length - 1];
    if (last?.kind === 'equal') last.text += text;
    else out.push({ kind: 'equal', text });
  };
  let deleted = '';
  let inserted = '';
  const flush = (): void => {
    // Whitespace that both sides of a replacement start or end with is kept, not replaced:
    // "the role of " → "a key part for " is really "the role of" → "a key part for".
    let head = '';
    let tail = '';
    if (deleted && inserted) {
      head = commonWhitespace(deleted, inserted, 'start');
      deleted = deleted.slice(head.length);
      inserted = inserted.slice(head.length);
      tail = commonWhitespace(deleted, inserted, 'end');
      deleted = deleted.slice(0, deleted.length - tail.length);
      inserted = inserted.slice(0, inserted.length - tail.length);
    }
    keep(head);
    if (deleted) out.push({ kind: 'delete', text: deleted });
    if (inserted) out.push({ kind: 'insert', text: inserted });
    keep(tail);
    deleted = '';
    inserted = '';
  };
  raw.forEach((part, i) => {
    if (part.kind === 'delete') deleted += part.text;
    else if (part.kind === 'insert') inserted += part.text;
    else {
      const between = i > 0 && i < raw.length - 1 && (deleted || inserted);
      if (between && WHITESPACE_ONLY.test(part.text)) {
        deleted += part.text;
        inserted += part.text;
        return;
      }
      flush();
      keep(part.text);
    }
  });
  flush();
  return out;
}

/** The whitespace both texts start (or end) with, never all of either. */
function commonWhitespace(a: string, b: string, side: 'start' | 'end'): string {
  const max = Math.min(a.length, b.length) - 1;
  let n = 0;
  while (n < max) {
    const x = side === 'start' ? a[n]! : a[a.length - 1 - n]!;
    const y = side === 'start' ? b[n]! : b[b.length - 1 - n]!;
    if (x !== y || !/\s/u.test(x)) break;
    n++;
  }
  return side === 'start' ? a.slice(0, n) : a.slice(a.length - n);
}

/**
 * The minimal word-level edits that turn `before` into `after` (AM2): offsets into `before`,
 * ascending, each separated from the next by kept text that is not only whitespace. Applying
 * them (`applyTextEdits`) gives `after` exactly. Accepting an amendment applies these, not the
 * whole paragraph, so concurrent edits and anchors elsewhere in the paragraph survive.
 */
export function wordEdits(before: string, after: string): TextEdit[] {
  return editsFromChanges(wordDiff(before, after));
}

/** The edits a word difference describes, as offsets into its `before` text. */
export function editsFromChanges(changes: readonly WordChange[]): TextEdit[] {
  const edits: TextEdit[] = [];
  let pos = 0;
  let open: TextEdit | null = null;
  for (const part of changes) {
    if (part.kind === 'equal') {
      if (open) edits.push(open);
      open = null;
      pos += part.text.length;
      continue;
    }
    open ??= { from: pos, to: pos, insert: '' };
    if (part.kind === 'delete') {
      pos += part.text.length;
      open.to = pos;
    } else open.insert += part.text;
  }
  if (open) edits.push(open);
  return edits;
}

/**
 * Applies edits given as offsets into `text` (ascending, non-overlapping) and returns the result.
 * Works from the end so earlier offsets stay valid, as a Yjs transaction applying them would.
 */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (let i = edits.length - 1; i >= 0; i--) {
    const edit = edits[i]!;
    out = out.slice(0, edit.from) + edit.insert + out.slice(edit.to);
  }
  return out;
}
