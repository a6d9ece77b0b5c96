import type { Node } from 'prosemirror-model';
import {
  groupIdentical,
  textBlocks,
  type Amendment,
  type AmendmentStatus,
  type BlockLabel,
} from '@accord/shared';

/**
 * The compilation a consolidation workspace shows (SPEC CW1): the round's amendments paragraph
 * by paragraph in document order, each paragraph's current text first, identical amendments
 * shown once with all their delegations (AM8). Pure, and built once per change of the text or
 * the amendments, so filters only read what is prepared here.
 */

/** Where a paragraph sits: the preamble, the operative part, a priority goal, the footnotes. */
export interface Part {
  /** "preamble", "operative", "goal-3", "footnotes", "other". */
  id: string;
  /** How the filter names it: "Preamble", "Goal 3". */
  name: string;
}

/** Identical amendments shown as one card (one or more amendments). */
export interface CompilationEntry {
  /** The first amendment's id: the card's key and the one focused by the keyboard. */
  key: string;
  /** The amendments, earliest first (AM8). */
  amendments: readonly Amendment[];
  /** The first: what the card shows (the others propose the same words). */
  first: Amendment;
  /** Every proposing delegation, earliest first. */
  delegationIds: readonly string[];
  /** Co-sponsors of any of them, once each. */
  cosponsors: readonly string[];
  supports: readonly string[];
  objections: readonly { delegationId: string; reason: string }[];
  status: AmendmentStatus;
  /** The label of the paragraph it is listed under ("OP3"; an insert's, the one it follows). */
  paragraph: string;
  part: Part;
  /** Lower-case, accent-free text to search: the proposal, justification, label, number. */
  haystack: string;
}

/** A paragraph of the text with the amendments to it (and the new ones proposed after it). */
export interface CompilationParagraph {
  blockId: string;
  /** "OP3", "2.4", or "" when the text has no label for it. */
  label: string;
  part: Part;
  /** Its text now, live. */
  text: string;
  entries: readonly CompilationEntry[];
}

/** The whole compilation: paragraphs in document order, then amendments whose target is gone. */
export interface Compilation {
  paragraphs: readonly CompilationParagraph[];
  /** Amendments to paragraphs no longer in the text (shown last). */
  orphans: readonly CompilationEntry[];
  /** Every entry in the order shown. */
  entries: readonly CompilationEntry[];
  /** The parts present, in document order (for the filter). */
  parts: readonly Part[];
}

/** Text folded for searching: lower case, without accents, so "resume" finds "résumé". */
export function foldForSearch(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The part a label belongs to: "PP2 bis" → preamble, "3.4" and "Goal 3" → goal 3. */
export function partOfLabel(label: string): Part {
  if (/^PP\d/.test(label)) return { id: 'preamble', name: 'Preamble' };
  if (/^OP\d/.test(label)) return { id: 'operative', name: 'Operative part' };
  const goal = /^Goal (\d+)/.exec(label) ?? /^(\d+)\.\d/.exec(label);
  if (goal) return { id: `goal-${goal[1]}`, name: `Goal ${goal[1]}` };
  if (/^fn /.test(label)) return { id: 'footnotes', name: 'Footnotes' };
  return { id: 'other', name: 'Other' };
}

/**
 * Entries of the previous build by their amendments' ids: an entry whose amendments are the very
 * same records (the feed keeps unchanged ones) and paragraph is reused, so a card whose
 * amendments did not change is not drawn again after a decision elsewhere.
 */
export type EntryCache = Map<string, CompilationEntry>;

function entryOf(
  members: readonly Amendment[],
  paragraph: string,
  cache: EntryCache | undefined,
): CompilationEntry {
  const key = members.map((a) => a.id).join(' ');
  const cached = cache?.get(key);
  if (
    cached &&
    cached.paragraph === paragraph &&
    cached.amendments.every((a, i) => a === members[i])
  )
    return cached;
  const entry = makeEntry(members, paragraph);
  cache?.set(key, entry);
  return entry;
}

function makeEntry(members: readonly Amendment[], paragraph: string): CompilationEntry {
  const first = members[0]!;
  const once = (ids: readonly string[]) => [...new Set(ids)];
  return {
    key: first.id,
    amendments: members,
    first,
    delegationIds: [...new Set(members.map((a) => a.delegationId))],
    cosponsors: once(members.flatMap((a) => a.cosponsors)),
    supports: once(members.flatMap((a) => a.supports)),
    objections: members.flatMap((a) => a.objections),
    status: first.status,
    paragraph,
    part: partOfLabel(paragraph || first.label),
    haystack: foldForSearch(
      [
        first.proposedText,
        ...members.map((a) => a.justification),
        first.label,
        ...members.map((a) => `a${a.number}`),
      ].join('\n'),
    ),
  };
}

/** The groups of identical amendments in `list`, each as an entry under `paragraph`. */
function entriesOf(
  list: readonly Amendment[],
  paragraph: string,
  cache: EntryCache | undefined,
): CompilationEntry[] {
  return groupIdentical(list).map((g) => entryOf(g.amendments, paragraph, cache));
}

/**
 * The compilation of `amendments` against the text `doc` (null until it is loaded: everything
 * is then listed by its own label), labelled with `labels` (the round's labels, SL). Amendments
 * to a paragraph come first, then the new paragraphs proposed after it, each in the order given.
 * `cache` (kept by the caller between builds) lets unchanged entries keep their identity.
 */
export function buildCompilation(
  doc: Node | null,
  labels: ReadonlyMap<string, BlockLabel>,
  amendments: readonly Amendment[],
  cache?: EntryCache,
): Compilation {
  const blocks = doc ? textBlocks(doc) : [];
  const known = new Set(blocks.map((b) => b.blockId));
  const on = new Map<string, Amendment[]>();
  const orphaned: Amendment[] = [];
  for (const a of amendments) {
    const anchor = a.kind === 'insert' ? a.afterBlockId : a.blockId;
    if (anchor === null || !known.has(anchor)) {
      orphaned.push(a);
      continue;
    }
    const list = on.get(anchor);
    if (list) list.push(a);
    else on.set(anchor, [a]);
  }
  const paragraphs: CompilationParagraph[] = [];
  for (const b of blocks) {
    const list = on.get(b.blockId);
    if (!list) continue;
    const label = labels.get(b.blockId)?.short ?? '';
    // Changes to the paragraph itself first, then the paragraphs proposed after it.
    const ordered = [
      ...list.filter((a) => a.kind !== 'insert'),
      ...list.filter((a) => a.kind === 'insert'),
    ];
    paragraphs.push({
      blockId: b.blockId,
      label,
      part: partOfLabel(label || ordered[0]!.label),
      text: b.text,
      entries: entriesOf(ordered, label, cache),
    });
  }
  const orphans = entriesOf(orphaned, '', cache);
  const entries = [...paragraphs.flatMap((p) => p.entries), ...orphans];
  const parts = new Map<string, Part>();
  for (const e of entries) if (!parts.has(e.part.id)) parts.set(e.part.id, e.part);
  return { paragraphs, orphans, entries, parts: [...parts.values()] };
}
