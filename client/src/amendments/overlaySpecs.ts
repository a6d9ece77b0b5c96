import { groupIdentical, wordDiff, type Amendment } from '@accord/shared';

/**
 * What the base editor shows of pending amendments to one block, as plain data (positions are
 * offsets into the block's text): the decorations are built from these, and these are tested
 * without an editor. Identical amendments are shown once, with all their names (AM8).
 */

/** Who proposes an overlay and how it is cited: the first delegation's colour is used. */
export interface OverlayOwner {
  /** The amendments shown (identical ones together), lowest number first. */
  amendmentIds: string[];
  delegationId: string;
  /** "Germany, France · A12, A15". */
  badge: string;
  outdated: boolean;
}

/** One piece of an overlay. */
export type OverlaySpec = OverlayOwner &
  (
    | /** Words the amendment deletes: `[from, to)` struck through. */
      { type: 'delete-text'; from: number; to: number }
      /** Words it inserts at `at`, shown underlined. */
    | { type: 'insert-text'; at: number; text: string }
    /** The badge at the end of the block's text. */
    | { type: 'badge'; at: number }
    /** The whole block is deleted. */
    | { type: 'delete-block' }
    /** A new block proposed after this one. */
    | { type: 'insert-block'; text: string }
  );

/** What the overlays of one block are computed from. */
export interface BlockOverlayInput {
  /** The block's current text (`blockText`: footnotes as OBJECT_MARK). */
  text: string;
  /** Pending amendments that target the block or insert after it. */
  amendments: readonly Amendment[];
  /** A delegation's name by id. */
  nameOf: (delegationId: string) => string;
}

/** Only submitted amendments are overlaid: decided ones are in the text (or not) already. */
export function isPending(amendment: Amendment): boolean {
  return amendment.status === 'submitted';
}

/** The block an amendment is shown at: its target, or for an insert the block it follows. */
export function anchorOf(amendment: Amendment): string | null {
  return amendment.kind === 'insert' ? amendment.afterBlockId : amendment.blockId;
}

/** The overlays of one block, in a stable order (by first amendment number). */
export function blockOverlaySpecs({ text, amendments, nameOf }: BlockOverlayInput): OverlaySpec[] {
  const pending = amendments.filter(isPending).sort((a, b) => a.number - b.number);
  const specs: OverlaySpec[] = [];
  for (const group of groupIdentical(pending)) {
    const first = group.amendments[0]!;
    const numbers = [...group.amendments].sort((a, b) => a.number - b.number);
    const owner: OverlayOwner = {
      amendmentIds: numbers.map((a) => a.id),
      delegationId: first.delegationId,
      badge: `${group.delegationIds.map(nameOf).join(', ')} · ${numbers.map((a) => `A${a.number}`).join(', ')}`,
      outdated: group.amendments.some((a) => a.outdated),
    };
    if (first.kind === 'insert') {
      specs.push({ ...owner, type: 'insert-block', text: first.proposedText });
      continue;
    }
    if (first.kind === 'delete') {
      specs.push({ ...owner, type: 'delete-block' }, { ...owner, type: 'badge', at: text.length });
      continue;
    }
    let pos = 0;
    for (const change of wordDiff(text, first.proposedText)) {
      if (change.kind === 'equal') pos += change.text.length;
      else if (change.kind === 'delete') {
        specs.push({ ...owner, type: 'delete-text', from: pos, to: pos + change.text.length });
        pos += change.text.length;
      } else specs.push({ ...owner, type: 'insert-text', at: pos, text: change.text });
    }
    specs.push({ ...owner, type: 'badge', at: text.length });
  }
  return specs;
}

/** Pending amendments by the block they are shown at. */
export function amendmentsByAnchor(amendments: readonly Amendment[]): Map<string, Amendment[]> {
  const out = new Map<string, Amendment[]>();
  for (const a of amendments) {
    const anchor = anchorOf(a);
    if (anchor === null || !isPending(a)) continue;
    const list = out.get(anchor);
    if (list) list.push(a);
    else out.set(anchor, [a]);
  }
  return out;
}
