import { describe, expect, it } from 'vitest';
import {
  labelsOf,
  publicationLabels,
  deriveLabels,
  startVersionId,
  summaryOf,
  versionBlocks,
  versionSchema,
  versionSummarySchema,
  type BlockLabel,
  type Version,
} from '@accord/shared';
import { doc, fn, footnotes, li, list, op, pp, ref, title, withId } from '../helpers/builders.js';

// The version record (shared/src/version.ts): what publishing a round freezes of a document.

const text = doc(
  title('Declaration'),
  pp('Recalling', ref('fn-a'), ';'),
  op('Adopts:', list(li('first'), li('second'))),
  withId('op-new', op('A new paragraph.')),
  op('Closes.'),
  footnotes(fn('fn-a', 'A note.'), fn('fn-b', 'Uncited.')),
);

function version(overrides: Partial<Version> = {}): Version {
  return {
    id: 'zero-draft',
    documentId: 'declaration',
    roundId: 'zero-draft',
    roundName: 'Zero draft',
    kind: 'published',
    createdAt: '2024-02-15T17:00:00.000Z',
    createdBy: 'p-chair',
    seq: 42,
    blocks: versionBlocks(text, deriveLabels(text)),
    amendments: [],
    ...overrides,
  };
}

describe('versions', () => {
  it('VR3 a version records every amendable block in document order with its label and text', () => {
    expect(versionBlocks(text, deriveLabels(text))).toEqual([
      {
        id: 'pp-1',
        type: 'preambular',
        label: 'PP1',
        longLabel: 'Preambular paragraph 1',
        previousLabel: null,
        text: 'Recalling\uFFFC;',
      },
      {
        id: 'op-1',
        type: 'operative',
        label: 'OP1',
        longLabel: 'Operative paragraph 1',
        previousLabel: null,
        text: 'Adopts:',
      },
      {
        id: 'li-1',
        type: 'list_item',
        label: 'OP1 (a)',
        longLabel: 'Operative paragraph 1, item (a)',
        previousLabel: null,
        text: 'first',
      },
      {
        id: 'li-2',
        type: 'list_item',
        label: 'OP1 (b)',
        longLabel: 'Operative paragraph 1, item (b)',
        previousLabel: null,
        text: 'second',
      },
      {
        id: 'op-new',
        type: 'operative',
        label: 'OP2',
        longLabel: 'Operative paragraph 2',
        previousLabel: null,
        text: 'A new paragraph.',
      },
      {
        id: 'op-2',
        type: 'operative',
        label: 'OP3',
        longLabel: 'Operative paragraph 3',
        previousLabel: null,
        text: 'Closes.',
      },
      {
        id: 'fn-a',
        type: 'footnote',
        label: 'fn 1',
        longLabel: 'Footnote 1',
        previousLabel: null,
        text: 'A note.',
      },
      // An uncited footnote has no label.
      {
        id: 'fn-b',
        type: 'footnote',
        label: '',
        longLabel: '',
        previousLabel: null,
        text: 'Uncited.',
      },
    ]);
  });

  it('VR3 SL6 a published version records each block’s label during the round beside its new one', () => {
    // The round started without op-new: it was "OP1 bis" during the round and is OP2 now.
    const start = new Map<string, BlockLabel>(
      [...deriveLabels(text)].filter(([id]) => id !== 'op-new').map(([id, l]) => [id, l]),
    );
    start.set('op-2', { short: 'OP2', long: 'Operative paragraph 2' });
    const { labels, previous } = publicationLabels(start, text);
    const blocks = versionBlocks(text, labels, previous);
    const byId = new Map(blocks.map((b) => [b.id, b]));
    expect(byId.get('op-new')).toMatchObject({ label: 'OP2', previousLabel: 'OP1 bis' });
    expect(byId.get('op-2')).toMatchObject({ label: 'OP3', previousLabel: 'OP2' });
    // The next round starts from the new labels.
    expect(labelsOf({ blocks }).get('op-new')).toEqual({
      short: 'OP2',
      long: 'Operative paragraph 2',
    });
    expect(labelsOf({ blocks }).has('fn-b')).toBe(false);
  });

  it('VR1 the record and its summary pass their schemas; a start version has its own id', () => {
    const v = version();
    expect(versionSchema.parse(v)).toEqual(v);
    expect(versionSummarySchema.parse(summaryOf(v))).toEqual(summaryOf(v));
    expect(summaryOf(v)).not.toHaveProperty('blocks');
    expect(startVersionId('zero-draft')).toBe('start-zero-draft');
  });

  it('VR1 a record without a round, with an unknown kind or a negative seq is refused', () => {
    for (const bad of [
      { roundId: '' },
      { kind: 'draft' as Version['kind'] },
      { seq: -1 },
      { createdAt: 'yesterday' },
    ])
      expect(versionSchema.safeParse(version(bad)).success).toBe(false);
  });
});
