import { describe, expect, it } from 'vitest';
import { inDocumentOrder } from '../../server/src/amendments/documentOrder.js';
import { amendment } from './amendmentRecord.js';

// The list route's order (issue 7 "Interfaces"): by the target's place in the base text.

const order = ['pp-1', 'pp-2', 'op-1'];
const ids = (list: { number: number }[]) => list.map((a) => a.number);

describe('inDocumentOrder', () => {
  it('AM9 sorts by target position, then number', () => {
    const list = [
      amendment(1, 'OP1', 1, { blockId: 'op-1' }),
      amendment(2, 'PP1', 2, { blockId: 'pp-1' }),
      amendment(3, 'PP2', 3, { blockId: 'pp-2' }),
      amendment(4, 'PP1', 4, { blockId: 'pp-1' }),
    ];
    expect(ids(inDocumentOrder(list, order))).toEqual([2, 4, 3, 1]);
  });

  it('AM9 an insert follows the amendments to its anchor; an insert after a proposed paragraph follows that one', () => {
    const list = [
      amendment(1, 'PP1 ter', 1, { kind: 'insert', blockId: 'n-2', afterBlockId: 'n-1' }),
      amendment(2, 'PP2', 2, { blockId: 'pp-2' }),
      amendment(3, 'PP1 bis', 3, { kind: 'insert', blockId: 'n-1', afterBlockId: 'pp-1' }),
      amendment(4, 'PP1', 4, { blockId: 'pp-1' }),
    ];
    expect(ids(inDocumentOrder(list, order))).toEqual([4, 3, 1, 2]);
  });

  it('AM13 an amendment whose target is gone sorts last, by number', () => {
    const list = [
      amendment(1, 'PP9', 1, { blockId: 'gone-2' }),
      amendment(2, 'PP8', 2, { blockId: 'gone-1' }),
      amendment(3, 'OP1', 3, { blockId: 'op-1' }),
      amendment(4, 'X bis', 4, { kind: 'insert', blockId: 'n-9', afterBlockId: 'gone-3' }),
    ];
    expect(ids(inDocumentOrder(list, order))).toEqual([3, 1, 2, 4]);
  });
});
