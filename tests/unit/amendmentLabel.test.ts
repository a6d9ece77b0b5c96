import { describe, expect, it } from 'vitest';
import { amendmentLabel, insertedLabel, latinOrdinal, type LabelTarget } from '@accord/shared';

// Citation labels of amendments (shared/src/amendmentLabel.ts).

/** The base text's labels: block id → label. */
const BASE: Record<string, string> = { pp1: 'PP1', pp2: 'PP2', op3: 'OP3', op4a: 'OP4 (a)' };
const labelOf = (blockId: string) => BASE[blockId];

/** A modify or delete of `blockId`; an insert after `afterBlockId`, as new block `newId`. */
const modify = (blockId: string): LabelTarget => ({ kind: 'modify', blockId, afterBlockId: null });
const remove = (blockId: string): LabelTarget => ({ kind: 'delete', blockId, afterBlockId: null });
const insert = (afterBlockId: string, newId: string | null = null): LabelTarget => ({
  kind: 'insert',
  blockId: newId,
  afterBlockId,
});

describe('AM7 new paragraphs are cited bis, ter, … after the paragraph they follow', () => {
  it('AM7 latinOrdinal: 2 bis … 10 decies, none outside', () => {
    expect([2, 3, 4, 5, 6, 7, 8, 9, 10].map(latinOrdinal)).toEqual([
      'bis',
      'ter',
      'quater',
      'quinquies',
      'sexies',
      'septies',
      'octies',
      'novies',
      'decies',
    ]);
    expect([0, 1, 11, 2.5].map(latinOrdinal)).toEqual([null, null, null, null]);
  });

  it('AM7 insertedLabel: the n-th new paragraph after PP2', () => {
    expect([1, 2, 3, 9].map((n) => insertedLabel('PP2', n))).toEqual([
      'PP2 bis',
      'PP2 ter',
      'PP2 quater',
      'PP2 decies',
    ]);
  });

  it('AM7 after decies the count in figures', () => {
    expect(insertedLabel('PP2', 10)).toBe('PP2 (11)');
    expect(insertedLabel('OP4', 14)).toBe('OP4 (15)');
  });

  it('AM7 insertedLabel refuses a count below 1', () => {
    expect(() => insertedLabel('PP2', 0)).toThrow(RangeError);
  });

  it('AM7 a modify or a delete is cited by its target', () => {
    expect(amendmentLabel(modify('op3'), labelOf, [])).toBe('OP3');
    expect(amendmentLabel(remove('op4a'), labelOf, [insert('op3')])).toBe('OP4 (a)');
  });

  it('AM7 inserts after PP2 in submission order: bis, ter; other paragraphs count apart', () => {
    expect(amendmentLabel(insert('pp2'), labelOf, [])).toBe('PP2 bis');
    expect(amendmentLabel(insert('pp2'), labelOf, [insert('pp2')])).toBe('PP2 ter');
    expect(
      amendmentLabel(insert('pp2'), labelOf, [insert('pp1'), modify('pp2'), insert('pp2')]),
    ).toBe('PP2 ter');
    expect(amendmentLabel(insert('op4a'), labelOf, [insert('pp2')])).toBe('OP4 (a) bis');
  });

  it('AM7 an insert after a proposed paragraph continues the series of its base paragraph', () => {
    const first = insert('pp2', 'new1');
    expect(amendmentLabel(insert('new1', 'new2'), labelOf, [first])).toBe('PP2 ter');
  });

  it('AM7 a target not in the base text has no label', () => {
    expect(amendmentLabel(modify('gone'), labelOf, [])).toBeNull();
    expect(amendmentLabel(insert('gone'), labelOf, [])).toBeNull();
    // A cycle of proposed paragraphs ends, unlabelled.
    expect(amendmentLabel(insert('x'), labelOf, [insert('y', 'x'), insert('x', 'y')])).toBeNull();
  });

  it('AM7 SL2 a label in use in the text (a pen-holder\'s "PP2 bis" in the round) is passed over', () => {
    const inText = new Set(['PP2 bis', 'PP2 ter']);
    const taken = (l: string) => inText.has(l);
    expect(amendmentLabel(insert('pp2'), labelOf, [], taken)).toBe('PP2 quater');
    // The count goes on from there: the next proposal after PP2 is not given "PP2 quater" again.
    inText.add('PP2 quater');
    expect(amendmentLabel(insert('pp2'), labelOf, [insert('pp2', 'n1')], taken)).toBe(
      'PP2 quinquies',
    );
    // A modify is cited by its target's label, whatever is taken.
    expect(amendmentLabel(modify('pp2'), labelOf, [], () => true)).toBe('PP2');
  });
});
