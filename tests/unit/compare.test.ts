import { describe, expect, it } from 'vitest';
import {
  comparedBlockSchema,
  compareTexts,
  type AuthorOf,
  type ChangeAuthor,
  type CompareBlock,
  type ComparedBlock,
} from '@accord/shared';

// The pure redline (shared/src/compare.ts): blocks matched by id, words by wordDiff, authors
// from a lookup by character that the server reads from Yjs. Here the lookup is a table.

const germany: ChangeAuthor = {
  kind: 'amendment',
  amendmentId: 'am-12',
  number: 12,
  delegationId: 'germany',
};
const chair: ChangeAuthor = { kind: 'pen-holder', personId: 'p-chair', delegationId: 'turkiye' };

const block = (id: string, text: string, label = id.toUpperCase()): CompareBlock => ({
  id,
  type: 'operative',
  label,
  text,
});

/**
 * A lookup where characters [from, to) of a block's inserted (or deleted) text are by `author`.
 */
function authors(
  ranges: {
    kind: 'insert' | 'delete';
    blockId: string;
    from: number;
    to: number;
    author: ChangeAuthor;
  }[],
): AuthorOf {
  return ({ kind, blockId, offset }) =>
    ranges.find(
      (r) => r.kind === kind && r.blockId === blockId && offset >= r.from && offset < r.to,
    )?.author ?? null;
}

const none: AuthorOf = () => null;

/** The text of a block on one side, from its parts (CP2). */
function sideText(b: ComparedBlock, side: 'from' | 'to'): string {
  const skip = side === 'from' ? 'insert' : 'delete';
  return b.parts
    .filter((p) => p.kind !== skip)
    .map((p) => p.text)
    .join('');
}

describe('compareTexts', () => {
  it('CP1 every block of the newer text in order, deleted ones after the block they followed', () => {
    const from = { blocks: [block('a', 'One.'), block('b', 'Two.'), block('c', 'Three.')] };
    const to = { blocks: [block('x', 'New.'), block('a', 'One.'), block('c', 'Three!')] };
    const result = compareTexts(from, to, none);
    expect(result.map((b) => [b.id, b.status])).toEqual([
      ['x', 'inserted'],
      ['a', 'unchanged'],
      ['b', 'deleted'],
      ['c', 'changed'],
    ]);
    for (const b of result) expect(comparedBlockSchema.parse(b)).toEqual(b);
  });

  it('CP1 a deleted first block comes first; a deleted block keeps its old label', () => {
    const from = { blocks: [block('a', 'Gone.', 'OP1'), block('b', 'Stays.', 'OP2')] };
    const to = { blocks: [block('b', 'Stays.', 'OP1')] };
    expect(compareTexts(from, to, none)).toEqual([
      {
        id: 'a',
        type: 'operative',
        label: 'OP1',
        status: 'deleted',
        parts: [{ kind: 'delete', text: 'Gone.' }],
      },
      {
        id: 'b',
        type: 'operative',
        label: 'OP1',
        status: 'unchanged',
        parts: [{ kind: 'equal', text: 'Stays.' }],
      },
    ]);
  });

  it('CP2 a changed block is its word difference; kept + deleted give the old text, kept + inserted the new', () => {
    const before = 'Calls upon States to strengthen cooperation.';
    const after = 'Calls upon all Member States to enhance cooperation.';
    const [b] = compareTexts(
      { blocks: [block('a', before)] },
      { blocks: [block('a', after)] },
      none,
    );
    expect(b!.status).toBe('changed');
    expect(b!.parts).toEqual([
      { kind: 'equal', text: 'Calls upon ' },
      { kind: 'insert', text: 'all Member ' },
      { kind: 'equal', text: 'States to ' },
      { kind: 'delete', text: 'strengthen' },
      { kind: 'insert', text: 'enhance' },
      { kind: 'equal', text: ' cooperation.' },
    ]);
    expect(sideText(b!, 'from')).toBe(before);
    expect(sideText(b!, 'to')).toBe(after);
  });

  it('CP3 each inserted or deleted run carries the author of its characters, split where it changes', () => {
    const before = 'Calls upon States to strengthen cooperation.';
    const after = 'Calls upon all Member States to enhance cooperation.';
    // "all Member " (offsets 11-22 of `after`) by Germany's amendment; "enhance" by the Chair,
    // who also deleted "strengthen" (offsets 21-31 of `before`).
    const lookup = authors([
      { kind: 'insert', blockId: 'a', from: 11, to: 15, author: germany },
      { kind: 'insert', blockId: 'a', from: 15, to: 22, author: chair },
      { kind: 'insert', blockId: 'a', from: 32, to: 39, author: chair },
      { kind: 'delete', blockId: 'a', from: 21, to: 31, author: chair },
    ]);
    const [b] = compareTexts(
      { blocks: [block('a', before)] },
      { blocks: [block('a', after)] },
      lookup,
    );
    expect(b!.parts).toEqual([
      { kind: 'equal', text: 'Calls upon ' },
      { kind: 'insert', text: 'all ', author: germany },
      { kind: 'insert', text: 'Member ', author: chair },
      { kind: 'equal', text: 'States to ' },
      { kind: 'delete', text: 'strengthen', author: chair },
      { kind: 'insert', text: 'enhance', author: chair },
      { kind: 'equal', text: ' cooperation.' },
    ]);
  });

  it('CP3 a word takes the author of its first changed character; a run nobody changed takes its partner’s', () => {
    // "cat" → "cats": only the "s" is new (offset 7 of "Adopt: cats"); the deletion of "cat"
    // changed no character of its own, so it is the insertion's.
    const lookup = authors([{ kind: 'insert', blockId: 'a', from: 10, to: 11, author: germany }]);
    const [b] = compareTexts(
      { blocks: [block('a', 'Adopt: cat')] },
      { blocks: [block('a', 'Adopt: cats')] },
      lookup,
    );
    expect(b!.parts).toEqual([
      { kind: 'equal', text: 'Adopt: ' },
      { kind: 'delete', text: 'cat', author: germany },
      { kind: 'insert', text: 'cats', author: germany },
    ]);
  });

  it('CP3 inserted and deleted blocks are attributed per word', () => {
    const lookup = authors([
      { kind: 'insert', blockId: 'n', from: 0, to: 9, author: chair },
      { kind: 'delete', blockId: 'a', from: 0, to: 4, author: germany },
    ]);
    const result = compareTexts(
      { blocks: [block('a', 'Old.')] },
      { blocks: [block('n', 'New text.')] },
      lookup,
    );
    expect(result).toEqual([
      {
        id: 'a',
        type: 'operative',
        label: 'A',
        status: 'deleted',
        parts: [{ kind: 'delete', text: 'Old.', author: germany }],
      },
      {
        id: 'n',
        type: 'operative',
        label: 'N',
        status: 'inserted',
        parts: [{ kind: 'insert', text: 'New text.', author: chair }],
      },
    ]);
  });

  it('CP2 identical texts give unchanged blocks, an empty block no parts', () => {
    const texts = { blocks: [block('a', 'Same.'), block('b', '')] };
    expect(compareTexts(texts, texts, none).map((b) => [b.status, b.parts.length])).toEqual([
      ['unchanged', 1],
      ['unchanged', 0],
    ]);
  });
});
