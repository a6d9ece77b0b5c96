import { z } from 'zod';
import { wordDiff, wordTokens } from './wordDiff.js';

/**
 * The redline between two texts of a document (issue 9, SPEC CP): paragraph by paragraph, word
 * by word, each change with who made it. Pure: who inserted or deleted each character comes in
 * through `authorOf`, which the server reads from the Yjs history (server/versions/authorship.ts).
 */

const id = z.string().min(1).max(120);

/**
 * When the change was made: the arrival of the stored update that made it (the latest one of a
 * run), for tracked-change exports (issue 10). Absent when the history does not say.
 */
const at = z.iso.datetime({ offset: true }).optional();

/**
 * Who made a change: an accepted amendment (and the delegation that proposed it), a pen-holder
 * typing or acting through the server, or the server on its own (seeding, repairs); with the
 * change's date (`at`).
 */
export const changeAuthorSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('amendment'),
    amendmentId: id,
    /** The amendment's number in its document ("A12"), when the record is known. */
    number: z.number().int().min(1).optional(),
    /** The delegation that proposed it. */
    delegationId: id,
    at,
  }),
  z.object({
    kind: z.literal('pen-holder'),
    personId: id,
    delegationId: id,
    /** The person's display name, when known. */
    name: z.string().max(200).optional(),
    at,
  }),
  z.object({ kind: z.literal('system'), at }),
]);

/** Who made a change (see `changeAuthorSchema`). */
export type ChangeAuthor = z.infer<typeof changeAuthorSchema>;

/** One run of a paragraph's redline: kept, inserted or deleted text, with its author. */
export const comparedPartSchema = z.object({
  kind: z.enum(['equal', 'insert', 'delete']),
  text: z.string(),
  /** Who inserted or deleted it; absent on kept text and when no change explains it. */
  author: changeAuthorSchema.optional(),
});

/** One run of a redline (see `comparedPartSchema`). */
export type ComparedPart = z.infer<typeof comparedPartSchema>;

/** What became of a block between the two texts. */
export const COMPARED_STATUSES = ['unchanged', 'changed', 'inserted', 'deleted'] as const;

/** One block of the redline: its label and its parts in reading order. */
export const comparedBlockSchema = z.object({
  id,
  type: z.string().min(1).max(40),
  /** Its label in the newer text, or in the older one for a deleted block. */
  label: z.string().max(80),
  status: z.enum(COMPARED_STATUSES),
  parts: z.array(comparedPartSchema),
});

/** One block of the redline (see `comparedBlockSchema`). */
export type ComparedBlock = z.infer<typeof comparedBlockSchema>;

/** A block of one of the two texts compared (a version's blocks fit). */
export interface CompareBlock {
  id: string;
  type: string;
  label: string;
  text: string;
}

/** One of the two texts compared: its blocks in document order. */
export interface CompareText {
  blocks: readonly CompareBlock[];
}

/**
 * Who made the change to one character: inserted into block `blockId` of the newer text at
 * `offset`, or deleted from the older text's block at `offset`. Null when no change between the
 * two texts inserted (or deleted) that very character, e.g. a word the diff replaced whole of
 * which only a letter changed.
 */
export type AuthorOf = (change: {
  kind: 'insert' | 'delete';
  blockId: string;
  offset: number;
}) => ChangeAuthor | null;

/** An author without the date of the change: who, not when. */
function who(a: ChangeAuthor | undefined): string {
  if (!a) return 'null';
  const { at: _at, ...rest } = a;
  return JSON.stringify(rest);
}

/** The same author (or both none), whenever each change was made. */
function sameAuthor(a: ChangeAuthor | undefined, b: ChangeAuthor | undefined): boolean {
  return who(a) === who(b);
}

/** The later of two changes' dates: a run of one author is dated by its last change. */
function later(a: ChangeAuthor, b: ChangeAuthor | undefined): ChangeAuthor {
  if (b?.at === undefined || (a.at !== undefined && a.at >= b.at)) return a;
  return { ...a, at: b.at };
}

/**
 * The parts of one inserted or deleted run, at `start` in its side's text, split where its
 * author changes. A word takes the author of its first changed character, so a redline never
 * splits a word; words (and spaces) no change explains take their neighbours' author (CP3).
 * Runs are split by who made the change, not when: a run is dated by its latest change.
 */
function authoredRuns(
  kind: 'insert' | 'delete',
  text: string,
  blockId: string,
  start: number,
  authorOf: AuthorOf,
): { text: string; author: ChangeAuthor | undefined }[] {
  const tokens = wordTokens(text);
  const authors: (ChangeAuthor | undefined)[] = [];
  let offset = start;
  for (const token of tokens) {
    let found: ChangeAuthor | undefined;
    for (let i = 0; i < token.length && !found; i++)
      found = authorOf({ kind, blockId, offset: offset + i }) ?? undefined;
    authors.push(found);
    offset += token.length;
  }
  // Fill the gaps forward, then the leading ones backward.
  for (let i = 1; i < authors.length; i++) authors[i] ??= authors[i - 1];
  for (let i = authors.length - 2; i >= 0; i--) authors[i] ??= authors[i + 1];
  const runs: { text: string; author: ChangeAuthor | undefined }[] = [];
  tokens.forEach((token, i) => {
    const last = runs[runs.length - 1];
    if (last && sameAuthor(last.author, authors[i])) {
      last.text += token;
      if (last.author) last.author = later(last.author, authors[i]);
    } else runs.push({ text: token, author: authors[i] });
  });
  return runs;
}

/** A part, with its author only when it has one (the schema's optional field). */
function part(
  kind: ComparedPart['kind'],
  text: string,
  author: ChangeAuthor | undefined,
): ComparedPart {
  return author ? { kind, text, author } : { kind, text };
}

/**
 * The redline of one block whose text changed (CP2): the word difference, each inserted or
 * deleted run split by author. A run no character change explains takes the author of the
 * other half of its replacement ("cat" → "cats": the deletion of "cat" is the insertion's).
 */
function changedParts(
  blockId: string,
  before: string,
  after: string,
  authorOf: AuthorOf,
): ComparedPart[] {
  const diff = wordDiff(before, after);
  const out: ComparedPart[] = [];
  let inBefore = 0;
  let inAfter = 0;
  // Runs of one change stretch (a deletion and the insertion after it) share a fallback.
  let stretch: ComparedPart[] = [];
  const closeStretch = () => {
    const known = stretch.find((p) => p.author)?.author;
    for (const p of stretch) out.push(p.author || !known ? p : { ...p, author: known });
    stretch = [];
  };
  for (const change of diff) {
    if (change.kind === 'equal') {
      closeStretch();
      out.push(part('equal', change.text, undefined));
      inBefore += change.text.length;
      inAfter += change.text.length;
      continue;
    }
    const start = change.kind === 'delete' ? inBefore : inAfter;
    for (const run of authoredRuns(change.kind, change.text, blockId, start, authorOf))
      stretch.push(part(change.kind, run.text, run.author));
    if (change.kind === 'delete') inBefore += change.text.length;
    else inAfter += change.text.length;
  }
  closeStretch();
  return out;
}

/**
 * The redline from `from` to `to` (SPEC CP1–CP4): every block of `to` in its order, each block
 * of `from` that `to` no longer has right after the nearest block before it that `to` still
 * has; blocks are matched by id. A block is unchanged (one kept part), changed (its word
 * difference), inserted or deleted (its whole text, inserted or deleted), and every inserted or
 * deleted run carries the author `authorOf` gives its characters. Concatenating a block's kept
 * and deleted parts gives its text in `from`, its kept and inserted parts its text in `to`.
 */
export function compareTexts(
  from: CompareText,
  to: CompareText,
  authorOf: AuthorOf,
): ComparedBlock[] {
  const before = new Map(from.blocks.map((b) => [b.id, b]));
  const after = new Set(to.blocks.map((b) => b.id));
  // Deleted blocks, by the id of the surviving block they follow (null: before every block).
  const deletedAfter = new Map<string | null, CompareBlock[]>();
  let anchor: string | null = null;
  for (const b of from.blocks) {
    if (after.has(b.id)) {
      anchor = b.id;
      continue;
    }
    const list = deletedAfter.get(anchor) ?? [];
    list.push(b);
    deletedAfter.set(anchor, list);
  }
  const deleted = (b: CompareBlock): ComparedBlock => ({
    id: b.id,
    type: b.type,
    label: b.label,
    status: 'deleted',
    parts: authoredRuns('delete', b.text, b.id, 0, authorOf).map((r) =>
      part('delete', r.text, r.author),
    ),
  });
  const out: ComparedBlock[] = (deletedAfter.get(null) ?? []).map(deleted);
  const emitted = new Set<string>();
  for (const b of to.blocks) {
    if (emitted.has(b.id)) continue;
    emitted.add(b.id);
    const old = before.get(b.id);
    const head = { id: b.id, type: b.type, label: b.label };
    if (!old)
      out.push({
        ...head,
        status: 'inserted',
        parts: authoredRuns('insert', b.text, b.id, 0, authorOf).map((r) =>
          part('insert', r.text, r.author),
        ),
      });
    else if (old.text === b.text)
      out.push({
        ...head,
        status: 'unchanged',
        parts: b.text === '' ? [] : [part('equal', b.text, undefined)],
      });
    else
      out.push({
        ...head,
        status: 'changed',
        parts: changedParts(b.id, old.text, b.text, authorOf),
      });
    for (const d of deletedAfter.get(b.id) ?? []) out.push(deleted(d));
  }
  return out;
}
