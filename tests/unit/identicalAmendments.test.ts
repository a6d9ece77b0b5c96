import { describe, expect, it } from 'vitest';
import { groupIdentical, normaliseProposedText, type GroupableAmendment } from '@accord/shared';

// Grouping identical amendments (shared/src/identicalAmendments.ts).

/** Amendment `number` by `delegationId`, proposing `text` for `target`, submitted at minute `minute`. */
function amendment(
  number: number,
  delegationId: string,
  target: string,
  text: string,
  minute = number,
  more: Partial<GroupableAmendment> = {},
): GroupableAmendment {
  const [kind, block] = target.split(' ') as ['modify' | 'insert' | 'delete', string];
  return {
    documentId: 'declaration',
    delegationId,
    kind,
    blockId: kind === 'insert' ? null : block,
    afterBlockId: kind === 'insert' ? block : null,
    proposedText: text,
    status: 'submitted',
    number,
    submittedAt: new Date(Date.UTC(2026, 10, 30, 9, minute)).toISOString(),
    ...more,
  };
}

/** Each group as the numbers of its amendments and its delegations. */
const shape = (amendments: GroupableAmendment[]) =>
  groupIdentical(amendments).map((g) => ({
    numbers: g.amendments.map((a) => a.number),
    delegations: g.delegationIds,
  }));

describe('AM8 identical amendments are grouped', () => {
  it('AM8 same target and text from two delegations: one group, both names', () => {
    expect(
      shape([
        amendment(1, 'germany', 'modify op3', 'States shall cooperate.'),
        amendment(2, 'france', 'modify op3', 'States shall cooperate.'),
      ]),
    ).toEqual([{ numbers: [1, 2], delegations: ['germany', 'france'] }]);
  });

  it('AM8 spaces do not count: runs, ends, no-break spaces, Unicode forms', () => {
    expect(
      shape([
        amendment(1, 'germany', 'modify op3', 'States shall  cooperate. '),
        amendment(2, 'france', 'modify op3', ' States\u00a0shall\tcooperate.'),
        amendment(3, 'spain', 'modify op3', 'Me\u0301xico agrees.'),
        amendment(4, 'italy', 'modify op3', 'M\u00e9xico agrees.'),
      ]),
    ).toEqual([
      { numbers: [1, 2], delegations: ['germany', 'france'] },
      { numbers: [3, 4], delegations: ['spain', 'italy'] },
    ]);
  });

  it('AM8 a different text, target, kind or document stays alone; case counts', () => {
    expect(
      shape([
        amendment(1, 'germany', 'modify op3', 'Cooperate.'),
        amendment(2, 'france', 'modify op3', 'cooperate.'),
        amendment(3, 'spain', 'modify op4', 'Cooperate.'),
        amendment(4, 'italy', 'insert op3', 'Cooperate.'),
        amendment(5, 'malta', 'modify op3', 'Cooperate.', 5, { documentId: 'call-for-action' }),
      ]),
    ).toEqual([
      { numbers: [1], delegations: ['germany'] },
      { numbers: [2], delegations: ['france'] },
      { numbers: [3], delegations: ['spain'] },
      { numbers: [4], delegations: ['italy'] },
      { numbers: [5], delegations: ['malta'] },
    ]);
  });

  it('AM8 inserts after the same paragraph, and deletes of the same paragraph, are identical', () => {
    expect(
      shape([
        amendment(1, 'germany', 'insert pp2', 'New text.'),
        amendment(2, 'france', 'delete op3', ''),
        amendment(3, 'spain', 'insert pp2', 'New text.'),
        amendment(4, 'italy', 'delete op3', ''),
      ]),
    ).toEqual([
      { numbers: [1, 3], delegations: ['germany', 'spain'] },
      { numbers: [2, 4], delegations: ['france', 'italy'] },
    ]);
  });

  it('AM8 the earliest submitted first; groups where their first member appears', () => {
    expect(
      shape([
        amendment(1, 'malta', 'modify pp1', 'Alone.'),
        amendment(9, 'france', 'modify op3', 'Same.', 30),
        amendment(2, 'spain', 'modify pp2', 'Alone too.'),
        amendment(8, 'germany', 'modify op3', 'Same.', 10),
      ]),
    ).toEqual([
      { numbers: [1], delegations: ['malta'] },
      { numbers: [8, 9], delegations: ['germany', 'france'] },
      { numbers: [2], delegations: ['spain'] },
    ]);
  });

  it('AM8 a withdrawn amendment is not shown as one with a pending one', () => {
    expect(
      shape([
        amendment(1, 'germany', 'modify op3', 'Same.', 1, { status: 'withdrawn' }),
        amendment(2, 'france', 'modify op3', 'Same.'),
      ]),
    ).toEqual([
      { numbers: [1], delegations: ['germany'] },
      { numbers: [2], delegations: ['france'] },
    ]);
  });

  it('AM8 a delegation is named once in its group', () => {
    expect(
      shape([
        amendment(1, 'germany', 'modify op3', 'Same.'),
        amendment(2, 'germany', 'modify op3', 'Same.'),
        amendment(3, 'france', 'modify op3', 'Same.'),
      ]),
    ).toEqual([{ numbers: [1, 2, 3], delegations: ['germany', 'france'] }]);
  });

  it('AM8 normaliseProposedText', () => {
    expect(normaliseProposedText('  a \n\t b\u2003c ')).toBe('a b c');
  });

  it('AM8 no amendments, no groups', () => {
    expect(groupIdentical([])).toEqual([]);
  });
});
