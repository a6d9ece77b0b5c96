import { describe, expect, it } from 'vitest';
import { deriveLabels } from '@accord/shared';
import { buildCompilation } from '../../client/src/consolidation/compilation.js';
import {
  decidable,
  entryNumbers,
  runBatch,
} from '../../client/src/consolidation/entryDecisions.js';
import { doc, op, title, withId } from '../helpers/builders.js';
import { amendment } from './amendmentRecord.js';

// Decisions from the workspace (SPEC CW3): on every amendment of an entry of identical ones,
// undone in reverse order, and batches that go on past a refusal and report each.

const text = doc(title('T'), withId('op-1', op('Adopt the text.')));
const decision = {
  by: 'turkiye',
  personId: null,
  decision: 'accept' as const,
  reason: null,
  text: null,
  at: '2026-11-30T10:00:00.000Z',
};

describe('CW3 decisions on an entry', () => {
  it('CW3 AM8 a decision applies to each identical amendment; an undo takes them back last first', () => {
    const open = buildCompilation(text, deriveLabels(text), [
      amendment(1, 'OP1', 1, { delegationId: 'germany' }),
      amendment(2, 'OP1', 2, { delegationId: 'france', submittedAt: '2026-11-30T09:30:00.000Z' }),
    ]).entries[0]!;
    expect(entryNumbers(open)).toBe('A1, A2');
    expect(decidable(open, { kind: 'accept' }).map((a) => a.number)).toEqual([1, 2]);
    expect(decidable(open, { kind: 'undo' })).toEqual([]);
    const accepted = buildCompilation(text, deriveLabels(text), [
      amendment(1, 'OP1', 3, { status: 'accepted', decision }),
      amendment(2, 'OP1', 4, {
        status: 'accepted',
        decision,
        submittedAt: '2026-11-30T09:30:00.000Z',
      }),
    ]).entries[0]!;
    expect(decidable(accepted, { kind: 'undo' }).map((a) => a.number)).toEqual([2, 1]);
    expect(decidable(accepted, { kind: 'accept' })).toEqual([]);
  });

  it('CW3 a batch runs one at a time, reports progress, and names each refusal', async () => {
    const progress: string[] = [];
    let running = 0;
    const result = await runBatch(
      ['A1', 'A2', 'A3'],
      async (item) => {
        running++;
        expect(running).toBe(1);
        await Promise.resolve();
        running--;
        if (item === 'A2') throw new Error('amendment 2 is withdrawn');
      },
      (done, total) => progress.push(`${done}/${total}`),
    );
    expect(progress).toEqual(['0/3', '1/3', '2/3', '3/3']);
    expect(result.succeeded).toEqual(['A1', 'A3']);
    expect(result.failed).toEqual([{ item: 'A2', message: 'amendment 2 is withdrawn' }]);
  });
});
