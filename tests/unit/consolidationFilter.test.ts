import { describe, expect, it } from 'vitest';
import { deriveLabels, type Amendment } from '@accord/shared';
import { buildCompilation, partOfLabel } from '../../client/src/consolidation/compilation.js';
import {
  NO_FILTER,
  filterCompilation,
  isFiltered,
  type WorkspaceFilter,
} from '../../client/src/consolidation/consolidationFilter.js';
import { action, doc, goal, op, pp, title, withId } from '../helpers/builders.js';
import { amendment } from './amendmentRecord.js';

// The consolidation workspace's compilation and filters (SPEC CW1, CW2), pure.

const text = doc(
  title('Call for Action'),
  withId('pp-1', pp('Recalling the process;')),
  withId('op-1', op('Adopt the text.')),
  goal('Prevent irregular migration', withId('ac-1', action('Share data.'))),
  goal('Return', withId('ac-2', action('Cooperate on return.'))),
);
const labels = deriveLabels(text);

const on = (blockId: string, number: number, more: Partial<Amendment> = {}) =>
  amendment(number, labels.get(blockId)?.short ?? '?', number, { blockId, ...more });

const amendments: Amendment[] = [
  on('ac-2', 1, { delegationId: 'germany', proposedText: 'Cooperate closely on return.' }),
  on('pp-1', 2, {
    delegationId: 'france',
    proposedText: 'Recalling the Budapest Process;',
    justification: 'Précision géographique.',
  }),
  on('op-1', 3, { delegationId: 'italy', status: 'accepted', cosponsors: ['spain'] }),
  // Identical to 2: one card with both names (AM8).
  on('pp-1', 4, {
    delegationId: 'turkiye',
    proposedText: 'Recalling  the Budapest Process;',
    submittedAt: '2026-11-30T10:00:00.000Z',
  }),
  on('ac-1', 5, { delegationId: 'germany', status: 'rejected', proposedText: 'Share all data.' }),
  amendment(6, 'PP1 bis', 6, {
    kind: 'insert',
    blockId: null,
    afterBlockId: 'pp-1',
    delegationId: 'hungary',
    proposedText: 'Noting the summit;',
  }),
  on('gone', 7, { label: 'OP9', delegationId: 'france' }),
];

const compilation = buildCompilation(text, labels, amendments);
const shown = (filter: Partial<WorkspaceFilter>) =>
  filterCompilation(compilation, { ...NO_FILTER, ...filter }).entries.map((e) =>
    e.amendments.map((a) => a.number).join('+'),
  );

describe('CW1 the compilation', () => {
  it('CW1 lists paragraphs in document order with their text, changes before new paragraphs, the lost last', () => {
    expect(compilation.paragraphs.map((p) => [p.label, p.text])).toEqual([
      ['PP1', 'Recalling the process;'],
      ['OP1', 'Adopt the text.'],
      ['1.1', 'Share data.'],
      ['2.1', 'Cooperate on return.'],
    ]);
    expect(shown({})).toEqual(['2+4', '6', '3', '5', '1', '7']);
  });

  it('CW1 AM8 identical amendments are one entry with every delegation, the earliest first', () => {
    const [merged] = compilation.paragraphs[0]!.entries;
    expect(merged!.delegationIds).toEqual(['france', 'turkiye']);
  });

  it('CW2 parts: preamble, operative part, each goal', () => {
    expect(compilation.parts.map((p) => p.name)).toEqual([
      'Preamble',
      'Operative part',
      'Goal 1',
      'Goal 2',
    ]);
    expect(partOfLabel('Goal 3')).toEqual({ id: 'goal-3', name: 'Goal 3' });
    expect(partOfLabel('3.4 bis').id).toBe('goal-3');
    expect(partOfLabel('PP2 bis').id).toBe('preamble');
  });
});

describe('CW2 the filters', () => {
  it('CW2 by delegation: proposers and co-sponsors', () => {
    expect(shown({ delegationId: 'germany' })).toEqual(['5', '1']);
    expect(shown({ delegationId: 'turkiye' })).toEqual(['2+4']);
    expect(shown({ delegationId: 'spain' })).toEqual(['3']);
  });

  it('CW2 by status: one status, open, or decided', () => {
    expect(shown({ status: 'accepted' })).toEqual(['3']);
    expect(shown({ status: 'open' })).toEqual(['2+4', '6', '1', '7']);
    expect(shown({ status: 'decided' })).toEqual(['3', '5']);
  });

  it('CW2 by part (a priority goal) and by paragraph', () => {
    expect(shown({ part: 'goal-2' })).toEqual(['1']);
    expect(shown({ part: 'preamble' })).toEqual(['2+4', '6']);
    expect(shown({ paragraph: 'PP1' })).toEqual(['2+4', '6']);
  });

  it('CW2 search: every word, in text, justification, label or number, without accents or case', () => {
    expect(shown({ search: 'budapest' })).toEqual(['2+4']);
    expect(shown({ search: 'precision GEOGRAPHIQUE' })).toEqual(['2+4']);
    expect(shown({ search: 'a5' })).toEqual(['5']);
    expect(shown({ search: 'budapest return' })).toEqual([]);
  });

  it('CW2 criteria combine; a paragraph without a shown entry is left out', () => {
    const result = filterCompilation(compilation, {
      ...NO_FILTER,
      delegationId: 'germany',
      status: 'open',
    });
    expect(result.paragraphs.map((p) => p.paragraph.label)).toEqual(['2.1']);
    expect(isFiltered(NO_FILTER)).toBe(false);
    expect(isFiltered({ ...NO_FILTER, search: ' x ' })).toBe(true);
  });

  it('CW2 keeps the entry objects, so unchanged cards are not drawn again', () => {
    const a = filterCompilation(compilation, { ...NO_FILTER, status: 'open' });
    const b = filterCompilation(compilation, { ...NO_FILTER, search: 'budapest' });
    expect(b.entries[0]).toBe(a.entries[0]);
  });

  it('CW2 two thousand amendments are compiled and filtered', () => {
    const many = Array.from({ length: 2000 }, (_, i) =>
      on(['pp-1', 'op-1', 'ac-1', 'ac-2'][i % 4]!, i + 1, {
        delegationId: `d${i % 65}`,
        proposedText: `Text ${i}`,
      }),
    );
    const big = buildCompilation(text, labels, many);
    expect(big.entries).toHaveLength(2000);
    const filtered = filterCompilation(big, { ...NO_FILTER, delegationId: 'd7', part: 'goal-1' });
    expect(filtered.entries.every((e) => e.first.delegationId === 'd7')).toBe(true);
    expect(filtered.entries.length).toBeGreaterThan(0);
  });
});
