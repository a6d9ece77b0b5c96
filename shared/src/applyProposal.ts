import { applyTextEdits, wordEdits, wordTokens, type TextEdit } from './wordDiff.js';

/**
 * A place where an amendment and the base text both changed the same words since the amendment
 * was proposed (AM3): the words as they were, as the amendment has them, and as the base has them
 * now; `from`/`to` locate the base's version in the current text.
 */
export interface ProposalConflict {
  original: string;
  proposed: string;
  current: string;
  from: number;
  to: number;
}

/** The outcome of applying an amendment to a base text that may have changed since (AM3). */
export type ProposalResult =
  | { ok: true; text: string; edits: TextEdit[] }
  | { ok: false; reason: string; conflicts: ProposalConflict[] };

interface SideEdit extends TextEdit {
  side: 'amendment' | 'base';
}

const WHITESPACE = /^\s*$/u;

/**
 * Applies an amendment proposed as `original → proposed` to the base text, which has meanwhile
 * become `current` (AM3, a three-way merge at word granularity). Each stretch of the amendment's
 * word edits that neither overlaps nor touches a change the base made (`original → current`) is
 * applied; "touching" includes being separated only by whitespace, so an insertion next to a
 * word the base replaced, or a replacement of the word beside it, is refused rather than guessed
 * at. Where both made the very same change it is kept once. Any other overlap refuses the whole
 * amendment, naming the words, so the Chair accepts it with changes. `edits` are offsets into
 * `current` (ascending), to be applied as minimal Yjs edits.
 */
export function applyProposal(original: string, current: string, proposed: string): ProposalResult {
  if (original === current)
    return { ok: true, text: proposed, edits: wordEdits(current, proposed) };
  const all: SideEdit[] = [
    ...wordEdits(original, proposed).map((e) => ({ ...e, side: 'amendment' as const })),
    ...wordEdits(original, current).map((e) => ({ ...e, side: 'base' as const })),
  ].sort((a, b) => a.from - b.from || a.to - b.to);

  // Group edits that overlap or touch (in the original's offsets) into clusters; the base's own
  // edits never touch one another, nor do the amendment's, so a cluster with both sides is
  // exactly a place where the two interfere.
  const clusters: SideEdit[][] = [];
  let end = -1;
  for (const edit of all) {
    const last = clusters[clusters.length - 1];
    if (last && (edit.from <= end || WHITESPACE.test(original.slice(end, edit.from)))) {
      last.push(edit);
      end = Math.max(end, edit.to);
    } else {
      clusters.push([edit]);
      end = edit.to;
    }
  }

  const edits: TextEdit[] = [];
  const conflicts: ProposalConflict[] = [];
  const described: string[] = [];
  let shift = 0; // how far the base's edits so far moved the original's offsets in `current`
  for (const cluster of clusters) {
    const from = Math.min(...cluster.map((e) => e.from));
    const to = Math.max(...cluster.map((e) => e.to));
    const amendment = cluster.filter((e) => e.side === 'amendment');
    const base = cluster.filter((e) => e.side === 'base');
    const span = original.slice(from, to);
    const baseVersion = applyTextEdits(span, relativeTo(base, from));
    if (base.length === 0) {
      edits.push(
        ...amendment.map((e) => ({ from: e.from + shift, to: e.to + shift, insert: e.insert })),
      );
    } else if (amendment.length > 0) {
      const proposedVersion = applyTextEdits(span, relativeTo(amendment, from));
      // Both made the same change (e.g. two delegations' identical wording, one already
      // accepted): the base already says what the amendment asks, so nothing to add.
      if (proposedVersion !== baseVersion) {
        conflicts.push({
          original: span,
          proposed: proposedVersion,
          current: baseVersion,
          from: from + shift,
          to: from + shift + baseVersion.length,
        });
        described.push(describeConflict(original, from, span, proposedVersion, baseVersion));
      }
    }
    shift += baseVersion.length - span.length;
  }

  if (conflicts.length > 0) {
    const where = described.join('; ');
    return {
      ok: false,
      reason:
        `The base text has changed the same words as the amendment since it was proposed: ${where}. ` +
        'Accept it with changes instead.',
      conflicts,
    };
  }
  return { ok: true, text: applyTextEdits(current, edits), edits };
}

function relativeTo(edits: readonly TextEdit[], offset: number): TextEdit[] {
  return edits.map((e) => ({ from: e.from - offset, to: e.to - offset, insert: e.insert }));
}

/** Names a conflict's words: "role" → "important role" by the amendment, "function" now. */
function describeConflict(
  original: string,
  at: number,
  span: string,
  proposed: string,
  current: string,
): string {
  const words = span.trim();
  const where = words ? `"${words}"` : `the text ${insertionContext(original, at)}`;
  return `the amendment changes ${where} to ${quote(proposed)}, the base text now has ${quote(current)}`;
}

/** Where an insertion into nothing stands, named by the words around it. */
function insertionContext(original: string, at: number): string {
  const before = wordTokens(original.slice(0, at))
    .filter((t) => t.trim())
    .pop();
  const after = wordTokens(original.slice(at)).find((t) => t.trim());
  if (before && after) return `between "${before}" and "${after}"`;
  if (before) return `after "${before}"`;
  if (after) return `before "${after}"`;
  return 'of an empty paragraph';
}

function quote(text: string): string {
  const trimmed = text.trim();
  return trimmed ? `"${trimmed}"` : 'nothing';
}
