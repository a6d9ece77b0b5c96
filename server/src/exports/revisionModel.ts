import {
  OBJECT_MARK,
  ROLE_LABELS,
  type ChangeAuthor,
  type ComparedBlock,
  type Comparison,
  type Delegation,
  type Role,
} from '@accord/shared';

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

/**
 * The model of the redline `comparison` of document `title`, made at `date`: authors named by
 * `authorName`, each change dated by its update's arrival or else by the newer text's date,
 * footnotes set apart as notes.
 */
export function revisionModel(
  comparison: Comparison,
  title: string,
  delegations: readonly Delegation[],
  date: string,
): RevisionModel {
  const byId = new Map(delegations.map((d) => [d.id, d]));
  const blocks: RevisionBlock[] = comparison.blocks.map((b) => ({
    id: b.id,
    type: b.type,
    label: b.label,
    status: b.status,
    parts: b.parts.map((p): RevisionPart =>
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
