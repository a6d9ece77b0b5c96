import {
  OBJECT_MARK,
  groupIdentical,
  type Amendment,
  type AmendmentStatus,
  type DocumentKind,
} from '@accord/shared';
import { inDocumentOrder } from '../amendments/documentOrder.js';

/**
 * The compilation of amendments (issue 10, SPEC EC1–EC3) as data: every format (docx, HTML)
 * renders this one model, so the structure, labels and merged names are the same in each.
 * Pure: built from what the caller read, no I/O.
 */

/** The mark every export carries: the texts are restricted to the negotiation. */
export const LIMITE = 'LIMITE';

/** One block of the text as the compilation reads it, in document order. */
export interface CompilationBlock {
  id: string;
  /** The block's type ("operative", "list_item", "footnote" …). */
  type: string;
  /** Its label in the round ("OP4", "OP4 bis", "2.3", "fn 1"); '' when it has none. */
  label: string;
  /** Its running text; a footnote marker is `OBJECT_MARK`. */
  text: string;
  /** The footnote labels its markers stand for, in order ("1", "2"). */
  notes: readonly string[];
}

/** What the compilation is built from. */
export interface CompilationInput {
  documentId: string;
  title: string;
  kind: DocumentKind;
  /** The text now, in document order, labelled as the round labels it. */
  blocks: readonly CompilationBlock[];
  /** The amendments to compile (the caller chose the round's). */
  amendments: readonly Amendment[];
  /** Delegation names by id; an unknown id is shown as it is. */
  delegationNames: ReadonlyMap<string, string>;
  /** What text this is ("Live text, Round 2: Revised draft"). */
  versionName: string;
  /** When it was compiled (ISO instant). */
  date: string;
}

/** A footnote of the text, printed after the compilation: "1" and its text. */
export interface CompiledFootnote {
  number: string;
  text: string;
}

/** One amendment, or identical amendments merged with all their names (AM8). */
export interface CompiledAmendment {
  /** The amendments' numbers, the earliest submitted first. */
  numbers: number[];
  /** The citation of each ("OP4", "OP4 bis"), without repeats. */
  labels: string[];
  kind: Amendment['kind'];
  status: AmendmentStatus;
  /** "Pending", "Accepted with changes" … */
  statusText: string;
  /** The proposing delegations' names, the earliest first. */
  delegations: string[];
  /** Co-sponsors' names (of any member), without repeats and without the proposers. */
  cosponsors: string[];
  /** The proposed text, markers shown as their footnotes ("[1]"); '' for a delete. */
  proposedText: string;
  /** Each member's justification, in the members' order, without empty or repeated ones. */
  justifications: string[];
  /** "Or. en" (one per original language). */
  original: string;
  supports: string[];
  objections: { delegation: string; reason: string }[];
  /** The decision's reason, if one was given. */
  decisionReason: string | null;
  /** The target's text changed since submission (AM13). */
  outdated: boolean;
}

/** One paragraph of the compilation: its current text, then its amendments. */
export interface CompilationEntry {
  /** The paragraph's label, or the proposed new paragraph's ("OP4 bis"). */
  label: string;
  /** The target block, or null for a proposed new paragraph. */
  blockId: string | null;
  /** The text now ('' for a new paragraph or a target no longer in the text). */
  currentText: string;
  /** A new paragraph (an insert) rather than an existing one. */
  isNew: boolean;
  /** The target is no longer in the text. */
  targetGone: boolean;
  amendments: CompiledAmendment[];
}

/** The whole compilation. */
export interface Compilation {
  documentId: string;
  title: string;
  kind: DocumentKind;
  versionName: string;
  date: string;
  /** The day of `date` (YYYY-MM-DD), as printed. */
  day: string;
  entries: CompilationEntry[];
  /** How many amendments it holds (merged ones counted each). */
  amendmentCount: number;
  /** The footnotes the compiled paragraphs cite, by number, so "[1]" can be read. */
  footnotes: CompiledFootnote[];
}

const STATUS_TEXT: Record<AmendmentStatus, string> = {
  submitted: 'Pending',
  withdrawn: 'Withdrawn',
  accepted: 'Accepted',
  'accepted-with-changes': 'Accepted with changes',
  rejected: 'Rejected',
  merged: 'Merged into a compromise',
  superseded: 'Superseded',
};

/** A status as negotiators read it. */
export function statusText(status: AmendmentStatus): string {
  return STATUS_TEXT[status];
}

/** A text with each footnote marker shown as its footnote's number: "[1]". */
export function withNotes(text: string, notes: readonly string[]): string {
  let i = 0;
  return text.replaceAll(OBJECT_MARK, () => `[${notes[i++] ?? '*'}]`);
}

const unique = (xs: readonly string[]): string[] => [...new Set(xs)];

/**
 * Builds the compilation (EC1): the amendments in document order, grouped per paragraph, each
 * paragraph's current text first; identical amendments are one entry with all their names.
 */
export function buildCompilation(input: CompilationInput): Compilation {
  const name = (id: string) => input.delegationNames.get(id) ?? id;
  const byId = new Map(input.blocks.map((b) => [b.id, b]));
  const ordered = inDocumentOrder(
    input.amendments,
    input.blocks.map((b) => b.id),
  );
  const entries = new Map<string, CompilationEntry>();
  for (const group of groupIdentical(ordered)) {
    const first = group.amendments[0]!;
    const target = first.kind === 'insert' ? null : byId.get(first.blockId!);
    // A new paragraph is its own entry (each insert has its own label); an existing one
    // gathers every amendment to it.
    const key = first.kind === 'insert' ? `new:${first.id}` : `block:${first.blockId}`;
    let entry = entries.get(key);
    if (!entry) {
      entry = {
        label: target?.label || first.label,
        blockId: first.kind === 'insert' ? null : first.blockId,
        currentText: target ? withNotes(target.text, target.notes) : '',
        isNew: first.kind === 'insert',
        targetGone: first.kind !== 'insert' && !target,
        amendments: [],
      };
      entries.set(key, entry);
    }
    const notes = target?.notes ?? [];
    const proposers = group.delegationIds.map(name);
    entry.amendments.push({
      numbers: group.amendments.map((a) => a.number),
      labels: unique(group.amendments.map((a) => a.label)),
      kind: first.kind,
      status: first.status,
      statusText: statusText(first.status),
      delegations: proposers,
      cosponsors: unique(group.amendments.flatMap((a) => a.cosponsors.map(name))).filter(
        (n) => !proposers.includes(n),
      ),
      proposedText: withNotes(first.proposedText, notes),
      justifications: unique(group.amendments.map((a) => a.justification.trim())).filter(
        (j) => j !== '',
      ),
      original: unique(group.amendments.map((a) => `Or. ${a.language}`)).join(', '),
      supports: unique(group.amendments.flatMap((a) => a.supports.map(name))),
      objections: group.amendments.flatMap((a) =>
        a.objections.map((o) => ({ delegation: name(o.delegationId), reason: o.reason })),
      ),
      decisionReason: first.decision?.reason ?? null,
      outdated: group.amendments.some((a) => a.outdated),
    });
  }
  return {
    documentId: input.documentId,
    title: input.title,
    kind: input.kind,
    versionName: input.versionName,
    date: input.date,
    day: input.date.slice(0, 10),
    entries: [...entries.values()],
    amendmentCount: input.amendments.length,
    footnotes: citedFootnotes(input.blocks, [...entries.values()]),
  };
}

/** The footnotes (blocks labelled "fn N") whose number appears as "[N]" in a compiled text. */
function citedFootnotes(
  blocks: readonly CompilationBlock[],
  entries: readonly CompilationEntry[],
): CompiledFootnote[] {
  const cited = new Set<string>();
  const collect = (text: string) => {
    for (const m of text.matchAll(/\[(\d+)\]/g)) cited.add(m[1]!);
  };
  for (const e of entries) {
    collect(e.currentText);
    for (const a of e.amendments) collect(a.proposedText);
  }
  return blocks
    .filter((b) => b.type === 'footnote' && b.label.startsWith('fn '))
    .map((b) => ({ number: b.label.slice(3), text: b.text }))
    .filter((f) => cited.has(f.number));
}

/** "Amendment 3" or "Amendments 3, 7 (identical)". */
export function amendmentHeading(a: CompiledAmendment): string {
  return a.numbers.length === 1
    ? `Amendment ${a.numbers[0]}`
    : `Amendments ${a.numbers.join(', ')} (identical)`;
}

/** What the amendment proposes, in words, before its text. */
export function proposalText(a: CompiledAmendment): string {
  if (a.kind === 'delete') return 'Delete the paragraph.';
  return a.proposedText;
}
