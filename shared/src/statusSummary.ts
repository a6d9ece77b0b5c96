import { z } from 'zod';
import type { Node } from 'prosemirror-model';
import { bracketsIn } from './brackets.js';
import { alternativesIn } from './alternatives.js';
import { deriveLabels, type BlockLabel } from './numbering.js';
import { STATUS_BLOCK_TYPES, type ParagraphStatus } from './paragraphStatus.js';

/** How far a part of the text is from a clean text (NS8). */
export const statusCountsSchema = z.object({
  /** Paragraphs (or action points) in this part. */
  paragraphs: z.number().int(),
  agreed: z.number().int(),
  agreedAdReferendum: z.number().int(),
  bracketed: z.number().int(),
  pending: z.number().int(),
  held: z.number().int(),
  /** Paragraphs with no status yet. */
  noStatus: z.number().int(),
  /** Square-bracketed passages that remain (see `bracketsIn`). */
  brackets: z.number().int(),
  /** Passages still offered in several wordings, "Alt 1 / Alt 2" (NS10). */
  alternatives: z.number().int(),
});

/** Counts of one part of the text (see `statusCountsSchema`). */
export type StatusCounts = z.infer<typeof statusCountsSchema>;

/** One part of the document: the preamble, the operative part, or one goal with its actions. */
export const summarySectionSchema = statusCountsSchema.extend({
  kind: z.enum(['preamble', 'operative', 'goal']),
  /** The goal's block id (null for the preamble and the operative part). */
  goalId: z.string().nullable(),
  /** As delegates cite it: "Preamble", "Operative part", "Goal 3". */
  label: z.string(),
});

/** One part's counts (see `summarySectionSchema`). */
export type SummarySection = z.infer<typeof summarySectionSchema>;

/** The counts of the whole document and of each of its parts, in document order. */
export const statusSummarySchema = z.object({
  document: statusCountsSchema,
  sections: z.array(summarySectionSchema),
});

/** A document's summary (see `statusSummarySchema`). */
export type StatusSummary = z.infer<typeof statusSummarySchema>;

const zero = (): StatusCounts => ({
  paragraphs: 0,
  agreed: 0,
  agreedAdReferendum: 0,
  bracketed: 0,
  pending: 0,
  held: 0,
  noStatus: 0,
  brackets: 0,
  alternatives: 0,
});

const FIELD: Record<ParagraphStatus['status'], keyof StatusCounts> = {
  agreed: 'agreed',
  'agreed-ad-referendum': 'agreedAdReferendum',
  bracketed: 'bracketed',
  pending: 'pending',
  held: 'held',
};

/**
 * NS8: per document, per part (preamble with its chapeau, operative part, each goal with its
 * title and action points): how many paragraphs have each status, how many brackets and
 * alternatives remain.
 * Statuses of blocks no longer in the text are ignored; brackets in footnotes count for the
 * document only. `labels` names the goals as delegates cite them (the round's labels), the
 * text's own numbering by default. Pure: the server answers it, the tests check it.
 */
export function statusSummary(
  doc: Node,
  statuses: readonly Pick<ParagraphStatus, 'blockId' | 'status'>[],
  labels: ReadonlyMap<string, BlockLabel> = deriveLabels(doc),
): StatusSummary {
  const byBlock = new Map(statuses.map((s) => [s.blockId, s.status]));
  const document = zero();
  const sections: SummarySection[] = [];
  const sectionOf = new Map<string, SummarySection>();
  let preamble: SummarySection | null = null;
  let operative: SummarySection | null = null;
  const part = (kind: 'preamble' | 'operative'): SummarySection => {
    if (kind === 'preamble') {
      preamble ??= push({ ...zero(), kind, goalId: null, label: 'Preamble' });
      return preamble;
    }
    operative ??= push({ ...zero(), kind, goalId: null, label: 'Operative part' });
    return operative;
  };
  const push = (s: SummarySection): SummarySection => {
    sections.push(s);
    return s;
  };
  const countParagraph = (node: Node, section: SummarySection) => {
    const status = byBlock.get(node.attrs.id as string);
    for (const counts of [document, section]) {
      counts.paragraphs++;
      if (status) counts[FIELD[status]]++;
      else counts.noStatus++;
    }
  };
  doc.forEach((top) => {
    const id = top.attrs.id as string | null;
    const name = top.type.name;
    if (name === 'chapeau' && id) sectionOf.set(id, part('preamble'));
    else if (name === 'preambular' || name === 'operative') {
      const section = part(name === 'preambular' ? 'preamble' : 'operative');
      if (id) sectionOf.set(id, section);
      countParagraph(top, section);
    } else if (name === 'goal') {
      const section = push({
        ...zero(),
        kind: 'goal',
        goalId: id,
        label:
          (id && labels.get(id)?.short) ??
          `Goal ${sections.filter((s) => s.kind === 'goal').length + 1}`,
      });
      if (id) sectionOf.set(id, section);
      top.forEach((child) => {
        const childId = child.attrs.id as string | null | undefined;
        if (childId) sectionOf.set(childId, section);
        if (STATUS_BLOCK_TYPES.has(child.type.name)) countParagraph(child, section);
      });
    }
  });
  for (const bracket of bracketsIn(doc)) {
    document.brackets++;
    const section = bracket.blockId ? sectionOf.get(bracket.blockId) : undefined;
    if (section) section.brackets++;
  }
  for (const alternative of alternativesIn(doc)) {
    document.alternatives++;
    const section = alternative.blockId ? sectionOf.get(alternative.blockId) : undefined;
    if (section) section.alternatives++;
  }
  return { document, sections };
}
