import { describe, expect, it } from 'vitest';
import { OBJECT_MARK, type Amendment, type WorkingCopyChange } from '@accord/shared';
import { planSubmission, type SubmissionInput } from '../../server/src/amendments/submission.js';
import { amendment } from './amendmentRecord.js';

// A submission turned into records (SPEC AM9, AM10): numbers, citation labels, revisions, refusals.

const LABELS: Record<string, string> = { 'pp-1': 'PP1', 'pp-2': 'PP2', 'op-1': 'OP1' };

const modify = (blockId: string, proposedText: string): WorkingCopyChange => ({
  kind: 'modify',
  blockId,
  afterBlockId: null,
  type: 'preambular',
  originalText: 'Noting the plan;',
  proposedText,
});
const insert = (
  blockId: string,
  afterBlockId: string,
  proposedText: string,
): WorkingCopyChange => ({
  kind: 'insert',
  blockId,
  afterBlockId,
  type: 'preambular',
  originalText: '',
  proposedText,
});

function plan(
  changes: WorkingCopyChange[],
  existing: Amendment[] = [],
  more: Partial<SubmissionInput> = {},
) {
  let n = 0;
  return planSubmission({
    documentId: 'declaration',
    roundId: null,
    delegationId: 'germany',
    personId: 'p-germany',
    at: '2026-11-30T10:00:00.000Z',
    justification: 'Clearer.',
    language: 'en',
    changes,
    existing,
    labelOf: (id) => LABELS[id],
    nextNumber: existing.length + 1,
    newId: () => `new-${++n}`,
    ...more,
  });
}

describe('planSubmission', () => {
  it('AM9 new amendments get the next numbers and their target labels, each with revision 1', () => {
    const result = plan([modify('pp-1', 'Noting the whole plan;'), modify('op-1', 'Adopt.')]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.amendments.map((a) => [a.id, a.number, a.label, a.revision, a.status])).toEqual([
      ['new-1', 1, 'PP1', 1, 'submitted'],
      ['new-2', 2, 'OP1', 1, 'submitted'],
    ]);
    expect(result.revisions.map((r) => [r.amendmentId, r.revision])).toEqual([
      ['new-1', 1],
      ['new-2', 1],
    ]);
  });

  it('AM9 new paragraphs after one paragraph are cited bis, then ter', () => {
    const earlier = amendment(1, 'PP2 bis', 1, {
      kind: 'insert',
      blockId: 'x-1',
      afterBlockId: 'pp-2',
      delegationId: 'pakistan',
    });
    const result = plan(
      [insert('g-1', 'pp-2', 'Welcoming;'), insert('g-2', 'pp-2', 'Also;')],
      [earlier],
    );
    expect(result.ok && result.amendments.map((a) => [a.number, a.label, a.afterBlockId])).toEqual([
      [2, 'PP2 ter', 'pp-2'],
      [3, 'PP2 quater', 'pp-2'],
    ]);
  });

  it('AM10 a change to a block with an open amendment of the delegation revises it: same number and label', () => {
    const open = amendment(4, 'PP1', 7, {
      blockId: 'pp-1',
      originalText: 'Noting the plan;',
      proposedText: 'Noting the whole plan;',
      justification: 'Clearer.',
    });
    const result = plan([modify('pp-1', 'Noting the entire plan;')], [open]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.amendments).toMatchObject([
      {
        id: open.id,
        number: 4,
        label: 'PP1',
        revision: 2,
        proposedText: 'Noting the entire plan;',
      },
    ]);
    expect(result.revisions).toMatchObject([{ amendmentId: open.id, revision: 2 }]);
    // The same text again is no new revision.
    const again = plan([modify('pp-1', 'Noting the whole plan;')], [open]);
    expect(again.ok && again.revisions).toEqual([]);
  });

  it("AM10 another delegation's or a decided amendment to the block is not revised: a new one is made", () => {
    const theirs = amendment(1, 'PP1', 1, { blockId: 'pp-1', delegationId: 'pakistan' });
    const decided = amendment(2, 'PP1', 2, { blockId: 'pp-1', status: 'rejected' });
    const result = plan([modify('pp-1', 'Noting;')], [theirs, decided]);
    expect(result.ok && result.amendments.map((a) => [a.id, a.number])).toEqual([['new-1', 3]]);
  });

  it('AM9 refusals: an empty new paragraph, an added footnote, a lost target', () => {
    expect(plan([insert('g-1', 'pp-2', '  ')])).toMatchObject({
      ok: false,
      status: 400,
      message: expect.stringMatching(/new paragraph after PP2 is empty/),
    });
    expect(plan([modify('pp-1', `Noting the plan${OBJECT_MARK};`)])).toMatchObject({
      ok: false,
      status: 400,
      message: expect.stringMatching(/PP1 adds a footnote/),
    });
    expect(plan([modify('gone', 'Text.')])).toMatchObject({ ok: false, status: 409 });
  });
});
