import { describe, expect, it } from 'vitest';
import {
  bracketsIn,
  countBrackets,
  docToYDoc,
  FRAGMENT_NAME,
  schema,
  workingCopyChanges,
  yFragmentToDoc,
} from '@accord/shared';
import {
  action,
  bracketed,
  doc,
  em,
  fn,
  footnotes,
  goal,
  op,
  pp,
  ref,
  title,
} from '../helpers/builders.js';

describe('NS7 square brackets are a mark in the text, not typed characters', () => {
  it('NS7 a bracket is found with its delegation, block and words; none are typed', () => {
    const d = doc(
      title('T'),
      op('Adopt ', ...bracketed('br-one', 'germany', 'all necessary'), ' measures'),
    );
    expect(bracketsIn(d)).toEqual([
      { id: 'br-one', by: 'germany', blockId: 'op-1', text: 'all necessary' },
    ]);
    expect(d.textContent).not.toContain('[');
  });

  it('NS7 a passage split by a footnote marker or other marks is one bracket', () => {
    const d = doc(
      title('T'),
      pp(...bracketed('br-one', 'france', 'Recalling', ref('fn-1'), ' the ', em('Pact'))),
      footnotes(fn('fn-1', 'A note.')),
    );
    expect(bracketsIn(d)).toEqual([
      { id: 'br-one', by: 'france', blockId: 'pp-1', text: 'Recalling the Pact' },
    ]);
  });

  it('NS7 NS8 the same bracket copied into another paragraph counts there too', () => {
    const d = doc(
      title('T'),
      op(...bracketed('br-one', 'germany', 'x')),
      op(...bracketed('br-one', 'germany', 'x'), ' and ', ...bracketed('br-two', 'italy', 'y')),
    );
    expect(bracketsIn(d).map((b) => [b.blockId, b.id])).toEqual([
      ['op-1', 'br-one'],
      ['op-2', 'br-one'],
      ['op-2', 'br-two'],
    ]);
    expect(countBrackets(d)).toBe(3);
  });

  it('NS7 brackets in action points belong to the action; in footnotes, to the footnote', () => {
    const d = doc(
      title('T'),
      goal('Goal', action(...bracketed('br-act', 'spain', 'do'))),
      footnotes(fn('fn-1', ...bracketed('br-fn', 'spain', 'note'))),
    );
    expect(bracketsIn(d).map((b) => b.blockId)).toEqual(['act-1', 'fn-1']);
  });

  it('NS7 the schema refuses a bracket without a valid id or delegation', () => {
    expect(() => schema.marks.bracket!.create({ id: 'x', by: 'germany' })).toThrow(
      /invalid bracket id/,
    );
    expect(() => schema.marks.bracket!.create({ id: 'br-one', by: 'Germany!' })).toThrow(
      /invalid bracket author/,
    );
    expect(() => schema.marks.bracket!.create({ id: 'br-one' })).toThrow();
  });

  it('NS7 a bracket survives the Yjs encoding as formatting', () => {
    const d = doc(title('T'), op('Adopt ', ...bracketed('br-one', 'germany', 'all'), '.'));
    const back = yFragmentToDoc(docToYDoc(d).getXmlFragment(FRAGMENT_NAME), schema);
    expect(back.eq(d)).toBe(true);
    expect(bracketsIn(back)).toHaveLength(1);
  });

  it('NS9 bracketing words changes no text: a working copy that only brackets proposes nothing', () => {
    const base = doc(title('T'), op('Adopt all measures.'));
    const copy = doc(
      title('T'),
      op('Adopt ', ...bracketed('br-one', 'germany', 'all'), ' measures.'),
    );
    expect(workingCopyChanges(base, copy)).toEqual([]);
  });
});
