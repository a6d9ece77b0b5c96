import type { Node } from 'prosemirror-model';
import {
  deriveLabels,
  groupIdentical,
  textBlocks,
  type Amendment,
  type AmendmentGroup,
} from '@accord/shared';

/** One row of the two-column view: identical amendments shown as one. */
export interface TwoColumnRow {
  group: AmendmentGroup<Amendment>;
  /** Left column: the target's text now ('' for a new paragraph, the text then if decided). */
  before: string;
  /** Right column's target: the proposed text ('' for a deletion). */
  after: string;
  /** The target is not in the text any more. */
  gone: boolean;
  /** The target's text now, once decided (the text the decision left), else null. */
  now: string | null;
}

/** The text an amendment is compared with: the target now while pending, else the text then. */
function beforeOf(a: Amendment, current: string | undefined): string {
  if (a.kind === 'insert') return '';
  if (a.status !== 'submitted' || current === undefined) return a.originalText;
  return current;
}

/**
 * The rows of the two-column view in document order: for each block, its modifications and
 * deletions, then the paragraphs proposed after it; amendments whose target is gone come last.
 */
export function twoColumnRows(doc: Node | null, amendments: readonly Amendment[]): TwoColumnRow[] {
  const blocks = doc ? textBlocks(doc) : [];
  const textOf = new Map(blocks.map((b) => [b.blockId, b.text]));
  const labels = doc ? deriveLabels(doc) : new Map<string, unknown>();
  const on = new Map<string, Amendment[]>();
  const after = new Map<string, Amendment[]>();
  const orphans: Amendment[] = [];
  for (const a of amendments) {
    const anchor = a.kind === 'insert' ? a.afterBlockId : a.blockId;
    if (anchor === null || !textOf.has(anchor) || !labels.has(anchor)) {
      orphans.push(a);
      continue;
    }
    const into = a.kind === 'insert' ? after : on;
    into.set(anchor, [...(into.get(anchor) ?? []), a]);
  }
  const rows: TwoColumnRow[] = [];
  const push = (list: readonly Amendment[], gone: boolean) => {
    for (const group of groupIdentical(list)) {
      const first = group.amendments[0]!;
      const current = first.blockId === null ? undefined : textOf.get(first.blockId);
      const decided = first.status !== 'submitted' && first.kind !== 'insert';
      rows.push({
        group,
        before: beforeOf(first, current),
        after: first.proposedText,
        gone,
        now: decided && current !== undefined ? current : null,
      });
    }
  };
  for (const b of blocks) {
    push(on.get(b.blockId) ?? [], false);
    push(after.get(b.blockId) ?? [], false);
  }
  push(orphans, doc !== null);
  return rows;
}
