import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { FRAGMENT_NAME, docToYDoc, type Amendment } from '@accord/shared';
import { decisionEdit, resetEdit } from '../../server/src/amendments/decisionEdit.js';
import { findBlock, yBlockText } from '../../server/src/amendments/yjsBlocks.js';
import { doc, op, pp, title, withId } from '../helpers/builders.js';
import { amendment } from './amendmentRecord.js';

// A decision carried into the base text as minimal edits (SPEC AM11, AM13), and the reset of a
// working copy's block after it (WC5, WC6), on a real Y.Doc.

const ORIGINAL = 'Noting the plan of action;';

function base(text = ORIGINAL): Y.Doc {
  return docToYDoc(
    doc(
      title('T'),
      withId('pp-1', pp(text)),
      withId('pp-2', pp('Welcoming the report;')),
      op('Adopt.'),
    ),
  );
}

const modify = (proposedText: string, more: Partial<Amendment> = {}) =>
  amendment(1, 'PP1', 1, {
    blockId: 'pp-1',
    blockType: 'preambular',
    originalText: ORIGINAL,
    proposedText,
    ...more,
  });

function run(ydoc: Y.Doc, a: Amendment, text: string | null = null) {
  const edit = decisionEdit(a, text);
  ydoc.transact(() => edit.edit(ydoc.getXmlFragment(FRAGMENT_NAME), ydoc));
  return edit.refusal();
}

const textOf = (ydoc: Y.Doc, id: string) => {
  const block = findBlock(ydoc.getXmlFragment(FRAGMENT_NAME), id);
  return block ? yBlockText(block) : null;
};

const blockTexts = (ydoc: Y.Doc) =>
  ydoc
    .getXmlFragment(FRAGMENT_NAME)
    .toArray()
    .filter((b): b is Y.XmlElement => b instanceof Y.XmlElement && b.nodeName === 'preambular')
    .map((b) => yBlockText(b));

describe('decisionEdit', () => {
  it('AM11 accept puts the proposal in', () => {
    const ydoc = base();
    expect(run(ydoc, modify('Noting the whole plan of action;'))).toBeNull();
    expect(textOf(ydoc, 'pp-1')).toBe('Noting the whole plan of action;');
  });

  it('AM11 accept with changes puts the given text in', () => {
    const ydoc = base();
    expect(run(ydoc, modify('Noting the whole plan;'), 'Noting with thanks the plan;')).toBeNull();
    expect(textOf(ydoc, 'pp-1')).toBe('Noting with thanks the plan;');
  });

  it('AM13 an outdated proposal is merged three ways where the changes do not overlap', () => {
    const ydoc = base('Noting the plan of action for 2030;');
    expect(run(ydoc, modify('Firmly noting the plan of action;'))).toBeNull();
    expect(textOf(ydoc, 'pp-1')).toBe('Firmly noting the plan of action for 2030;');
  });

  it('AM13 a conflicting change is refused and leaves the text unchanged', () => {
    const now = 'Noting the programme of action;';
    const ydoc = base(now);
    const refusal = run(ydoc, modify('Noting the strategy of action;'));
    expect(refusal).toMatchObject({ status: 409, message: expect.stringMatching(/with changes/) });
    expect(textOf(ydoc, 'pp-1')).toBe(now);
  });

  it('AM11 an insert goes in after its paragraph; a delete removes its target', () => {
    const ydoc = base();
    const ins = amendment(2, 'PP1 bis', 2, {
      kind: 'insert',
      blockId: 'new-1',
      afterBlockId: 'pp-1',
      blockType: 'preambular',
      originalText: '',
      proposedText: 'Welcoming the new paragraph;',
    });
    expect(run(ydoc, ins)).toBeNull();
    expect(blockTexts(ydoc)).toEqual([
      ORIGINAL,
      'Welcoming the new paragraph;',
      'Welcoming the report;',
    ]);
    // Retried (its record could not be saved the first time): the paragraph goes in once.
    expect(run(ydoc, ins)).toBeNull();
    expect(blockTexts(ydoc)).toEqual([
      ORIGINAL,
      'Welcoming the new paragraph;',
      'Welcoming the report;',
    ]);
    const del = amendment(3, 'PP2', 3, { kind: 'delete', blockId: 'pp-2', proposedText: '' });
    expect(run(ydoc, del)).toBeNull();
    expect(textOf(ydoc, 'pp-2')).toBeNull();
    const missing = amendment(4, 'PP9 bis', 4, {
      kind: 'insert',
      blockId: 'n',
      afterBlockId: 'gone',
    });
    expect(run(ydoc, missing)).toMatchObject({ status: 409 });
  });
});

describe('resetEdit', () => {
  it('WC5 WC6 brings a changed block back to the base text, and removes an inserted one', () => {
    const copy = base('Firmly noting the plan of action;');
    copy.transact(() => resetEdit(modify('x'), ORIGINAL)(copy.getXmlFragment(FRAGMENT_NAME), copy));
    expect(textOf(copy, 'pp-1')).toBe(ORIGINAL);
    const ins = amendment(2, 'PP2 bis', 2, {
      kind: 'insert',
      blockId: 'pp-2',
      afterBlockId: 'pp-1',
    });
    copy.transact(() => resetEdit(ins, null)(copy.getXmlFragment(FRAGMENT_NAME), copy));
    expect(textOf(copy, 'pp-2')).toBeNull();
  });
});
