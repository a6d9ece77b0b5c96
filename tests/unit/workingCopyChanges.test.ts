import { describe, expect, it } from 'vitest';
import { OBJECT_MARK, textBlocks, workingCopyChanges } from '@accord/shared';
import { doc, fn, title, footnotes, li, list, op, pp, ref, withId } from '../helpers/builders.js';

// What a working copy changes against its base (shared/workingCopy.ts), block by block: what the
// server submits (SPEC AM9) and the editor shows as track changes (WC4).

const base = () =>
  doc(
    title('T'),
    pp('Recognising the role;'),
    pp('Noting the progress', ref('fn-1'), ';'),
    op('Adopt the plan:', list(li('first;'), li('second.'))),
    footnotes(fn('fn-1', 'A note.')),
  );

describe('workingCopyChanges', () => {
  it('WC4 textBlocks lists amendable blocks in order with footnote atoms as OBJECT_MARK', () => {
    const blocks = textBlocks(base());
    expect(blocks.map((b) => [b.blockId, b.type, b.previousId, b.parentId])).toEqual([
      ['pp-1', 'preambular', null, null],
      ['pp-2', 'preambular', 'pp-1', null],
      ['op-1', 'operative', 'pp-2', null],
      ['li-1', 'list_item', null, 'op-1'],
      ['li-2', 'list_item', 'li-1', 'op-1'],
      ['fn-1', 'footnote', null, null],
    ]);
    expect(blocks[1]!.text).toBe(`Noting the progress${OBJECT_MARK};`);
  });

  it('AM9 an unchanged copy has no changes; a changed paragraph is one modify', () => {
    expect(workingCopyChanges(base(), base())).toEqual([]);
    const draft = doc(
      title('T'),
      pp('Recognising the unique role;'),
      pp('Noting the progress', ref('fn-1'), ';'),
      op('Adopt the plan:', list(li('first;'), li('second.'))),
      footnotes(fn('fn-1', 'A note.')),
    );
    expect(workingCopyChanges(base(), draft)).toEqual([
      {
        kind: 'modify',
        blockId: 'pp-1',
        afterBlockId: null,
        type: 'preambular',
        originalText: 'Recognising the role;',
        proposedText: 'Recognising the unique role;',
      },
    ]);
  });

  it('AM9 a new paragraph is an insert after the one it follows; a removed one a delete where it stood (right after the block before it)', () => {
    const draft = doc(
      title('T'),
      withId('pp-1', pp('Recognising the role;')),
      withId('new-1', pp('Welcoming the new;')),
      withId(
        'op-1',
        op('Adopt the plan:', list(withId('li-1', li('first;')), withId('li-2', li('second.')))),
      ),
      footnotes(fn('fn-1', 'A note.')),
    );
    expect(
      workingCopyChanges(base(), draft).map((c) => [
        c.kind,
        c.blockId,
        c.afterBlockId,
        c.originalText,
        c.proposedText,
      ]),
    ).toEqual([
      ['delete', 'pp-2', null, `Noting the progress${OBJECT_MARK};`, ''],
      ['insert', 'new-1', 'pp-1', '', 'Welcoming the new;'],
    ]);
  });

  it('AM9 a list item inserted as first item follows its paragraph', () => {
    const draft = doc(
      title('T'),
      withId('pp-1', pp('Recognising the role;')),
      withId('pp-2', pp('Noting the progress', ref('fn-1'), ';')),
      withId(
        'op-1',
        op(
          'Adopt the plan:',
          list(
            withId('li-new', li('zeroth;')),
            withId('li-1', li('first;')),
            withId('li-2', li('second.')),
          ),
        ),
      ),
      footnotes(fn('fn-1', 'A note.')),
    );
    expect(workingCopyChanges(base(), draft)).toEqual([
      {
        kind: 'insert',
        blockId: 'li-new',
        afterBlockId: 'op-1',
        type: 'list_item',
        originalText: '',
        proposedText: 'zeroth;',
      },
    ]);
  });

  it('AM9 a deleted paragraph with list items is one delete', () => {
    const draft = doc(
      title('T'),
      withId('pp-1', pp('Recognising the role;')),
      withId('pp-2', pp('Noting the progress', ref('fn-1'), ';')),
      footnotes(fn('fn-1', 'A note.')),
    );
    expect(workingCopyChanges(base(), draft).map((c) => [c.kind, c.blockId])).toEqual([
      ['delete', 'op-1'],
    ]);
  });
});
