import type { Amendment, BlockLabel, WorkingCopyChange } from '@accord/shared';

/** A submitted amendment a change of the working copy corresponds to. */
export interface SubmittedAs {
  id: string;
  number: number;
  label: string;
  /** True when the working copy still proposes exactly what was submitted. */
  same: boolean;
}

/** What the rows read of the delegation's own amendments. */
export type OwnAmendment = Pick<
  Amendment,
  'id' | 'number' | 'label' | 'kind' | 'status' | 'blockId' | 'proposedText'
>;

/** One line of the submit panel: a change of the working copy, cited and with its status. */
export interface ChangeRow {
  change: WorkingCopyChange;
  /** How negotiators cite it: "OP3", "new paragraph after PP2", "deletion of OP1 (b)". */
  citation: string;
  /** The delegation's open amendment to the same block, if it has one. */
  submitted: SubmittedAs | null;
}

/** What a new block of this type is called. */
function noun(type: string): string {
  if (type === 'list_item') return 'item';
  if (type === 'action') return 'action point';
  return 'paragraph';
}

/**
 * The working copy's changes as the submit panel lists them: each cited by the base's labels,
 * with the delegation's open (`submitted`) amendment to the same block and whether the copy still
 * says the same. A new block after another new one is cited after the first block of the base it
 * follows, counted ("new paragraph after PP2 (2)").
 */
export function changeRows(
  changes: readonly WorkingCopyChange[],
  labels: ReadonlyMap<string, BlockLabel>,
  ownAmendments: readonly OwnAmendment[],
): ChangeRow[] {
  const open = new Map<string, OwnAmendment>();
  for (const a of ownAmendments) {
    if (a.status === 'submitted' && a.blockId !== null) open.set(a.blockId, a);
  }
  const inserts = new Map(changes.filter((c) => c.kind === 'insert').map((c) => [c.blockId, c]));
  const cite = (id: string | null) => (id === null ? null : (labels.get(id)?.short ?? null));

  const insertCitation = (change: WorkingCopyChange): string => {
    let after = change.afterBlockId;
    let n = 1;
    // Follow a run of new blocks back to the base's block it starts after.
    while (after !== null && cite(after) === null && inserts.has(after) && n < 1000) {
      after = inserts.get(after)!.afterBlockId;
      n++;
    }
    const anchor = cite(after);
    const what = `new ${noun(change.type)}`;
    if (anchor === null) return `${what} at the start`;
    const first = change.type === 'list_item' && after !== null && !/\([a-z]+\)$/.test(anchor);
    const place = first ? `${what} at the start of ${anchor}` : `${what} after ${anchor}`;
    return n > 1 ? `${place} (${n})` : place;
  };

  return changes.map((change) => {
    const label = cite(change.blockId) ?? change.blockId;
    const citation =
      change.kind === 'insert'
        ? insertCitation(change)
        : change.kind === 'delete'
          ? `deletion of ${label}`
          : label;
    const amendment = open.get(change.blockId);
    const submitted = amendment
      ? {
          id: amendment.id,
          number: amendment.number,
          label: amendment.label,
          same: amendment.kind === change.kind && amendment.proposedText === change.proposedText,
        }
      : null;
    return { change, citation, submitted };
  });
}

/** What the panel says of a row's status. */
export function statusText(row: ChangeRow): string {
  const s = row.submitted;
  if (s === null) return 'Not submitted';
  return s.same
    ? `Submitted as Amendment ${s.number} (${s.label})`
    : `Changed since Amendment ${s.number} (${s.label}): submit to revise`;
}
