import { describe, expect, it } from 'vitest';
import type { Node } from 'prosemirror-model';
import { EditorState, TextSelection, type Command } from 'prosemirror-state';
import {
  alternativesIn,
  seededRandom,
  statusSummary,
  bracketsIn,
  countBrackets,
  docToYDoc,
  FRAGMENT_NAME,
  schema,
  workingCopyChanges,
  yFragmentToDoc,
} from '@accord/shared';
import { toggleBracket } from '../../client/src/editor/bracketCommand.js';
import { toggleAlternative } from '../../client/src/editor/alternativeCommand.js';
import {
  action,
  alternative,
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

describe('NS7 NS10 the editor commands: bracket and alternative', () => {
  const select = (d: Node, from: number, to: number) =>
    EditorState.create({ doc: d, selection: TextSelection.create(d, from, to) });
  const run = (state: EditorState, command: Command): EditorState => {
    let next = state;
    expect(command(state, (tr) => (next = state.apply(tr)))).toBe(true);
    return next;
  };
  /** Position of the `n`-th character of OP1's text (title "T" takes positions 0-3). */
  const at = (d: Node, text: string) => {
    let found = -1;
    d.descendants((node, pos) => {
      if (found < 0 && node.isText && node.text!.includes(text))
        found = pos + node.text!.indexOf(text);
      return found < 0;
    });
    return found;
  };

  it('NS7 Ctrl/⌘+Alt+B brackets the selection for the chosen delegation, and lifts it again', () => {
    const d = doc(title('T'), op('Adopt all measures.'));
    const from = at(d, 'all');
    const state = select(d, from, from + 3);
    const bracketedState = run(
      state,
      toggleBracket(() => 'germany', seededRandom(1)),
    );
    expect(bracketsIn(bracketedState.doc)).toEqual([
      { id: expect.any(String), by: 'germany', blockId: 'op-1', text: 'all' },
    ]);
    expect(bracketedState.doc.textContent).toBe(d.textContent);
    const lifted = run(
      select(bracketedState.doc, from + 1, from + 2),
      toggleBracket(() => 'germany'),
    );
    // Lifted whole, even from a selection of one of its letters.
    expect(bracketsIn(lifted.doc)).toEqual([]);
  });

  it('NS7 nothing is bracketed without a selection, a delegation, or in the title', () => {
    const d = doc(title('Title'), op('Adopt.'));
    expect(toggleBracket(() => 'germany')(select(d, 3, 3))).toBe(false);
    expect(toggleBracket(() => null)(select(d, at(d, 'Adopt'), at(d, 'Adopt') + 3))).toBe(false);
    expect(toggleBracket(() => 'germany')(select(d, 1, 4))).toBe(false);
  });

  it('NS10 an option right after another (a space between) becomes the next option of its alternative', () => {
    const d = doc(title('T'), op('We shall ensure should ensure it.'));
    const first = at(d, 'shall');
    let state = run(select(d, first, first + 12), toggleAlternative(seededRandom(2)));
    const second = at(state.doc, 'should');
    state = run(select(state.doc, second, second + 13), toggleAlternative(seededRandom(3)));
    const [alt] = alternativesIn(state.doc);
    expect(alternativesIn(state.doc)).toHaveLength(1);
    expect(alt!.options).toEqual([
      { option: 1, text: 'shall ensure' },
      { option: 2, text: 'should ensure' },
    ]);
    expect(state.doc.textContent).toBe(d.textContent);
    const summary = statusSummary(state.doc, []);
    expect(summary.document.alternatives).toBe(1);
    // Elsewhere, a new alternative.
    const third = at(state.doc, 'We');
    state = run(select(state.doc, third, third + 2), toggleAlternative(seededRandom(4)));
    expect(alternativesIn(state.doc).map((a) => a.options.map((o) => o.option))).toEqual([
      [1],
      [1, 2],
    ]);
  });

  it('NS10 options survive the Yjs encoding and the schema refuses a bad option number', () => {
    const d = doc(
      title('T'),
      op(...alternative('altGroup01', 1, 'shall'), ' ', ...alternative('altGroup01', 2, 'should')),
    );
    const back = yFragmentToDoc(docToYDoc(d).getXmlFragment(FRAGMENT_NAME), schema);
    expect(back.eq(d)).toBe(true);
    expect(() => schema.marks.alternative!.create({ group: 'altGroup01', option: 0 })).toThrow(
      /invalid alternative number/,
    );
    expect(() => schema.marks.alternative!.create({ group: 'altGroup01', option: 1.5 })).toThrow();
  });
});
