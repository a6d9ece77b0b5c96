import type { Node } from 'prosemirror-model';
import {
  OBJECT_MARK,
  ROLE_LABELS,
  inlineText,
  textNodeOf,
  type ChangeAuthor,
  type ComparedBlock,
  type Comparison,
  type Delegation,
  type Role,
} from '@accord/shared';
import { printedPieces } from './printedText.js';

/**
 * What every revision export (issue 10, SPEC EX) is built from: the redline of two texts with
 * each change's author already named as a reader cites it and dated, so the Word, HTML and PDF
 * builders only lay it out. Pure: the comparison and the delegations come in as data.
 */

/** A kept run, or an inserted or deleted one with who made it and when. */
export type RevisionPart =
  | { kind: 'equal'; text: string }
  | {
      kind: 'insert' | 'delete';
      text: string;
      /** As Word shows a revision's author: "Germany (A12)", "Chair (Türkiye)", "Secretariat". */
      author: string;
      /** ISO instant of the change (the version's date when the history does not say). */
      at: string;
    };

/** One block of the redline, with its label ("PP1", "OP4 bis", "Goal 2", "2.3", "fn 1"). */
export interface RevisionBlock {
  id: string;
  type: string;
  label: string;
  status: ComparedBlock['status'];
  parts: RevisionPart[];
}

/** One of the two texts, as the export names it. */
export interface RevisionSide {
  /** The version id, or "live". */
  id: string;
  /** "Zero draft", "Live text". */
  name: string;
  /** When the version was frozen (the live text: when it was read). */
  at: string;
}

/** The whole redline as the exports lay it out. */
export interface RevisionModel {
  documentId: string;
  /** The document's title ("Budapest Declaration"). */
  title: string;
  from: RevisionSide;
  to: RevisionSide;
  /** When the export was made, by the server's clock. */
  date: string;
  /** The text's blocks in document order, footnotes excepted. */
  blocks: RevisionBlock[];
  /** The footnotes, in their order, printed as numbered notes after the text. */
  notes: RevisionBlock[];
}

/** The classification every export carries (issue 10). */
export const LIMITE = 'LIMITE';

/** Roles that name a pen-holder's change, in the order they win. */
const PEN_ROLES: readonly Role[] = ['chair', 'co-chair', 'secretariat'];

/**
 * How a change's author is named in an export: the proposing delegation and the amendment's
 * number for an accepted amendment ("Germany (A12)"), the pen-holder's role and delegation for
 * a pen-holder's edit ("Chair (Türkiye)", or "Secretariat" when the delegation is named after
 * its role), never a person's name; "Accord" for the server's own changes.
 */
export function authorName(
  author: ChangeAuthor | undefined,
  delegations: ReadonlyMap<string, Delegation>,
): string {
  if (!author) return 'Unknown';
  switch (author.kind) {
    case 'amendment': {
      const name = delegations.get(author.delegationId)?.name ?? author.delegationId;
      return `${name} (${author.number === undefined ? 'amendment' : `A${author.number}`})`;
    }
    case 'pen-holder': {
      const delegation = delegations.get(author.delegationId);
      if (!delegation) return author.delegationId;
      const role = PEN_ROLES.find((r) => delegation.roles.includes(r));
      if (!role) return delegation.name;
      const roleName = ROLE_LABELS[role];
      return roleName.toLowerCase() === delegation.name.toLowerCase()
        ? delegation.name
        : `${roleName} (${delegation.name})`;
    }
    case 'system':
      return 'Accord';
  }
}

/** A sign printed into a block's text (NS7, NS10): "[", "]", "Alt 1: ", " / Alt 2: ". */
export interface PrintedSign {
  /** Where it goes in the block's running text (a footnote marker counts as one character). */
  offset: number;
  text: string;
  /** True for "]": it ends the passage before it; every other sign starts the one after it. */
  closes: boolean;
}

/** A block of the newer text as the signs were read from it: its text, to check it still fits. */
export interface MarkedBlock {
  text: string;
  signs: PrintedSign[];
}

/**
 * The brackets and alternatives of `doc` (the newer text of a revision) as signs per block id.
 * They are marks, not characters (NS7), and the comparison carries the texts only (a version
 * keeps its blocks' text), so the export reads them from the text itself and prints them as the
 * compilation does (`printedPieces`). Blocks without a sign are left out.
 */
export function printedSigns(doc: Node): Map<string, MarkedBlock> {
  const out = new Map<string, MarkedBlock>();
  doc.descendants((node) => {
    const id = node.attrs.id as string | null | undefined;
    if (!id) return true;
    const text = textNodeOf(node);
    if (!text) return true;
    const signs: PrintedSign[] = [];
    let offset = 0;
    for (const piece of printedPieces(text)) {
      if (piece.kind === 'text') offset += piece.node.text?.length ?? 0;
      else if (piece.kind === 'ref') offset += 1;
      else signs.push({ offset, text: piece.text, closes: piece.text === ']' });
    }
    if (signs.length > 0) out.set(id, { text: inlineText(text), signs });
    return true;
  });
  return out;
}

/** The newer text of a block's redline: its kept and inserted runs. */
function newerText(parts: readonly ComparedBlock['parts'][number][]): string {
  return parts
    .filter((p) => p.kind !== 'delete')
    .map((p) => p.text)
    .join('');
}

/**
 * `parts` with the newer text's signs written into the runs they belong to: a sign inside or at
 * the start of an insertion is part of it (rejecting the insertion takes its brackets with it),
 * "]" goes with the run it closes. Deleted runs get none: the revision shows the brackets as
 * they stand in the newer text. A block whose text is no longer the one the signs were read from
 * (changed in between) is left as it is rather than bracketed in the wrong place.
 */
export function withSigns<P extends { kind: 'equal' | 'insert' | 'delete'; text: string }>(
  parts: readonly P[],
  marked: MarkedBlock | undefined,
): P[] {
  if (!marked || newerText(parts) !== marked.text) return [...parts];
  const out = parts.map((p) => ({ ...p }));
  const inserts: { part: number; at: number; text: string; order: number }[] = [];
  for (const sign of marked.signs) {
    let start = 0;
    for (let i = 0; i < out.length; i++) {
      const part = out[i]!;
      if (part.kind === 'delete') continue;
      const end = start + part.text.length;
      const fits = sign.closes
        ? start < sign.offset && sign.offset <= end
        : start <= sign.offset && sign.offset < end;
      if (fits) {
        inserts.push({ part: i, at: sign.offset - start, text: sign.text, order: inserts.length });
        break;
      }
      start = end;
    }
  }
  // From the end of each run backwards, so earlier offsets stay right; signs at one place are
  // written last first, so that they read in order ("]" then "[").
  inserts.sort((a, b) => a.part - b.part || b.at - a.at || b.order - a.order);
  for (const { part, at, text } of inserts) {
    const p = out[part]!;
    p.text = p.text.slice(0, at) + text + p.text.slice(at);
  }
  return out;
}

/**
 * The model of the redline `comparison` of document `title`, made at `date`: authors named by
 * `authorName`, each change dated by its update's arrival or else by the newer text's date,
 * footnotes set apart as notes; with `marks` (`printedSigns` of the newer text), its brackets
 * and alternatives printed "[ … ]" and "Alt 1: … / Alt 2: …".
 */
export function revisionModel(
  comparison: Comparison,
  title: string,
  delegations: readonly Delegation[],
  date: string,
  marks: ReadonlyMap<string, MarkedBlock> = new Map(),
): RevisionModel {
  const byId = new Map(delegations.map((d) => [d.id, d]));
  const blocks: RevisionBlock[] = comparison.blocks.map((b) => ({
    id: b.id,
    type: b.type,
    label: b.label,
    status: b.status,
    parts: withSigns(b.parts, marks.get(b.id)).map((p): RevisionPart =>
      p.kind === 'equal'
        ? { kind: 'equal', text: p.text }
        : {
            kind: p.kind,
            text: p.text,
            author: authorName(p.author, byId),
            at: p.author?.at ?? comparison.to.at,
          },
    ),
  }));
  const side = (s: Comparison['from']): RevisionSide => ({ id: s.id, name: s.name, at: s.at });
  return {
    documentId: comparison.documentId,
    title,
    from: side(comparison.from),
    to: side(comparison.to),
    date,
    blocks: blocks.filter((b) => b.type !== 'footnote'),
    notes: blocks.filter((b) => b.type === 'footnote'),
  };
}

/** A piece of a part's text: running words, or a footnote marker with its number. */
export type TextPiece = { kind: 'text'; text: string } | { kind: 'marker'; number: string };

/**
 * Splits the parts' texts at footnote markers and numbers each marker of the newer text in
 * reading order, as a printed declaration numbers them (the k-th marker cites note k); a
 * marker only the older text had is shown as "*". Returns a splitter per part, in order.
 */
export function markerNumbering(): (part: RevisionPart) => TextPiece[] {
  let next = 0;
  return (part) => {
    const pieces: TextPiece[] = [];
    const segments = part.text.split(OBJECT_MARK);
    segments.forEach((text, i) => {
      if (i > 0)
        pieces.push({ kind: 'marker', number: part.kind === 'delete' ? '*' : String(++next) });
      if (text !== '') pieces.push({ kind: 'text', text });
    });
    return pieces;
  };
}

/** A footnote's label ("fn 3") as its note number ("3"); '' for an uncited note. */
export function noteNumber(label: string): string {
  return label.replace(/^fn\s*/, '');
}

/** The date of an instant as an export prints it: "2024-02-15". */
export function day(at: string): string {
  return at.slice(0, 10);
}

/** An instant as an export prints it: "2024-02-15 17:00 UTC". */
export function instant(at: string): string {
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return at;
  return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)} UTC`;
}

/** "Zero draft (2024-02-15) → Live text (2024-03-01)": what an export compares. */
export function sidesLine(model: RevisionModel): string {
  return `${model.from.name} (${day(model.from.at)}) → ${model.to.name} (${day(model.to.at)})`;
}
