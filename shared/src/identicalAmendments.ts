import type { Amendment } from './amendment.js';

/**
 * Identical amendments are shown as one with all their delegations' names (SPEC AM8): when
 * several delegations propose the same words for the same place, the Chair reads them once.
 */

/** What grouping reads of an amendment. */
export type GroupableAmendment = Pick<
  Amendment,
  | 'documentId'
  | 'delegationId'
  | 'kind'
  | 'blockId'
  | 'afterBlockId'
  | 'proposedText'
  | 'status'
  | 'number'
  | 'submittedAt'
>;

/** Amendments shown as one: the earliest submitted first, and their delegations in that order. */
export interface AmendmentGroup<T extends GroupableAmendment> {
  amendments: T[];
  /** Each delegation once. */
  delegationIds: string[];
}

/**
 * A text as compared for identity: Unicode NFC, every run of white space (no-break spaces
 * included) one space, trimmed. Case and punctuation count: negotiators argue over both.
 */
export function normaliseProposedText(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/**
 * The key under which amendments are identical: same document, same target (a modify or delete
 * of a block, or an insert after a block) and the same normalised text. The status is part of
 * it, so a withdrawn or decided amendment is never shown as one with a pending one.
 */
export function identityKey(a: GroupableAmendment): string {
  const target = a.kind === 'insert' ? a.afterBlockId : a.blockId;
  return JSON.stringify([
    a.documentId,
    a.kind,
    target,
    a.status,
    normaliseProposedText(a.proposedText),
  ]);
}

/**
 * Groups identical amendments; every other amendment is a group of one. Groups keep the order
 * of the input, each where its first member appears; inside a group the earliest submitted
 * comes first (then the lower number).
 */
export function groupIdentical<T extends GroupableAmendment>(
  amendments: readonly T[],
): AmendmentGroup<T>[] {
  const byKey = new Map<string, T[]>();
  for (const a of amendments) {
    const key = identityKey(a);
    const members = byKey.get(key);
    if (members) members.push(a);
    else byKey.set(key, [a]);
  }
  return [...byKey.values()].map((members) => {
    const sorted = [...members].sort(
      (x, y) => Date.parse(x.submittedAt) - Date.parse(y.submittedAt) || x.number - y.number,
    );
    return {
      amendments: sorted,
      delegationIds: [...new Set(sorted.map((a) => a.delegationId))],
    };
  });
}
