import { z } from 'zod';
import type { Node } from 'prosemirror-model';
import { amendmentSchema } from './amendment.js';
import type { BlockLabel } from './numbering.js';
import { textBlocks } from './workingCopy.js';

/**
 * Versions (issue 9, SPEC VR): publishing a round freezes each document as it then stands (its
 * text, its labels and its amendments with their decisions), so "OP4 of the zero draft" can be
 * read, and compared, for ever. The record is immutable once stored.
 */

/**
 * What a version is: `published` when a round was published, `start` for the text a round
 * started from when the document had no version yet (the seeded text, an import).
 */
export const VERSION_KINDS = ['published', 'start'] as const;

/** A version's kind (see `VERSION_KINDS`). */
export type VersionKind = (typeof VERSION_KINDS)[number];

/** The id of a `start` version: one per document and round, beside the round's own id. */
export function startVersionId(roundId: string): string {
  return `start-${roundId}`;
}

const id = z.string().min(1).max(120);
const instant = z.iso.datetime({ offset: true });

/** One block of a version, in document order: its label then and its text. */
export const versionBlockSchema = z.object({
  id,
  /** The block's type: "operative", "list_item", "footnote" … */
  type: z.string().min(1).max(40),
  /** Its short label in this version ("OP4"); '' for a block without one (an uncited footnote). */
  label: z.string().max(80),
  /** Its spoken label ("Operative paragraph 4"); '' when it has none. */
  longLabel: z.string().max(160),
  /** The label it had during the round this version closes (SL6), or null (a start version). */
  previousLabel: z.string().max(80).nullable(),
  /** Its running text; a footnote marker is `OBJECT_MARK`. */
  text: z.string(),
});

/** One block of a version (see `versionBlockSchema`). */
export type VersionBlock = z.infer<typeof versionBlockSchema>;

/** A version without its content: what the list of a document's versions shows. */
export const versionSummarySchema = z.object({
  /** The id of the round it was published in, or `start-<roundId>` (`startVersionId`). */
  id,
  documentId: id,
  roundId: id,
  /** The round's name when the version was made ("Zero draft"). */
  roundName: z.string().min(1).max(200),
  kind: z.enum(VERSION_KINDS),
  /** When it was frozen, by the server's clock. */
  createdAt: instant,
  /** Who published it, or null when the server did (seeding, a scheduled publication). */
  createdBy: id.nullable(),
  /** The sequence number of the last update of the document it includes (0: none). */
  seq: z.number().int().min(0),
});

/** A version's summary (see `versionSummarySchema`). */
export type VersionSummary = z.infer<typeof versionSummarySchema>;

/** A whole version: its summary, its blocks in document order and its amendments then. */
export const versionSchema = versionSummarySchema.extend({
  blocks: z.array(versionBlockSchema),
  /** The document's amendments when it was frozen, with their decisions, by number. */
  amendments: z.array(amendmentSchema),
});

/** A version (see `versionSchema`). */
export type Version = z.infer<typeof versionSchema>;

/** The summary of a version (its record without blocks and amendments). */
export function summaryOf(version: Version): VersionSummary {
  return {
    id: version.id,
    documentId: version.documentId,
    roundId: version.roundId,
    roundName: version.roundName,
    kind: version.kind,
    createdAt: version.createdAt,
    createdBy: version.createdBy,
    seq: version.seq,
  };
}

/**
 * The blocks of `doc` as a version records them (VR3): every amendable block with an id, in
 * document order, with its label from `labels` ('' when it has none) and, when given, the label
 * it had during the round (`previous`, SL6).
 */
export function versionBlocks(
  doc: Node,
  labels: ReadonlyMap<string, BlockLabel>,
  previous: ReadonlyMap<string, string> | null = null,
): VersionBlock[] {
  const seen = new Set<string>();
  const blocks: VersionBlock[] = [];
  for (const b of textBlocks(doc)) {
    // A repeated id is a copy the server repairs at once (DM6): the first is the block.
    if (seen.has(b.blockId)) continue;
    seen.add(b.blockId);
    const label = labels.get(b.blockId);
    blocks.push({
      id: b.blockId,
      type: b.type,
      label: label?.short ?? '',
      longLabel: label?.long ?? '',
      previousLabel: previous === null ? null : (previous.get(b.blockId) ?? null),
      text: b.text,
    });
  }
  return blocks;
}

/**
 * The labels a version gives its blocks, by block id: where the next round starts from (SL1).
 * Blocks without a label are left out.
 */
export function labelsOf(version: Pick<Version, 'blocks'>): Map<string, BlockLabel> {
  const labels = new Map<string, BlockLabel>();
  for (const b of version.blocks)
    if (b.label !== '') labels.set(b.id, { short: b.label, long: b.longLabel });
  return labels;
}
