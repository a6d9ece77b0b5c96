import { describe, expect, it } from 'vitest';
import type { Node } from 'prosemirror-model';
import { AllSelection, type Command } from 'prosemirror-state';
import { seededRandom } from '@accord/shared';
import { structureCommands } from '../../client/src/editor/structureCommands.js';
import {
  action,
  chapeau,
  doc,
  fn,
  footnotes,
  goal,
  li,
  list,
  op,
  pp,
  ref,
  title,
  withId,
} from '../helpers/builders.js';
import { caretOf, posIn, run, stateAt } from '../helpers/editorState.js';

const commands = structureCommands(seededRandom(6));
const { backspace, deleteForward, enter } = commands;

// Every kind of block and every boundary between them, once:
//   title / chapeau / PP1 / PP2 / OP1 (body, items (a) (b)) / OP2 / Goal 1 (title, 1.1, 1.2) /
//   Goal 2 (title, 2.1) / footnotes.
const base = (): Node =>
  doc(
    title('Declaration'),
    chapeau('We, the Ministers:'),
    pp('Gathered', ref('fn-1'), ';'), // pp-1
    pp('Recognising;'), // pp-2
    op('Adopt:', list(li('one;'), li('two.'))), // op-1, li-1, li-2
    op('Decide.'), // op-2
    goal('First goal', action('Do x;'), action('Do y.')), // goal-1, act-1, act-2
    goal('Second goal', action('Do z.')), // goal-2, act-3
    footnotes(fn('fn-1', 'A note.')),
  );

/** Runs `command` with the caret at `where` in the textblock reading `text`. */
function press(command: Command, d: Node, text: string, where: 'start' | 'end' | number) {
  const result = run(command, stateAt(d, posIn(d, text, where)));
  // Whatever the key did, the document is valid against the schema.
  result.state.doc.check();
  return result;
}

/** Ids of every block with one, in document order. */
function ids(d: Node): string[] {
  const out: string[] = [];
  d.descendants((n) => {
    if (typeof n.attrs.id === 'string') out.push(n.attrs.id);
    return true;
  });
  return out;
}

/** The boundaries where nothing may merge: Backspace after them and Delete before them. */
const KIND_BOUNDARIES: [string, string, string][] = [
  ['title / chapeau', 'Declaration', 'We, the Ministers:'],
  ['chapeau / PP1', 'We, the Ministers:', 'Gathered;'],
  ['last PP / OP1', 'Recognising;', 'Adopt:'],
  ['last OP / goal title', 'Decide.', 'First goal'],
  ['goal title / first action point', 'First goal', 'Do x;'],
  ['last action / next goal title', 'Do y.', 'Second goal'],
  ['last action / footnotes', 'Do z.', 'A note.'],
];

/** Every boundary of the base document, in order, as [name, text before, text after]. */
const ALL_BOUNDARIES: [string, string, string][] = [
  ['title / chapeau', 'Declaration', 'We, the Ministers:'],
  ['chapeau / PP1', 'We, the Ministers:', 'Gathered;'],
  ['PP / PP', 'Gathered;', 'Recognising;'],
  ['last PP / OP1', 'Recognising;', 'Adopt:'],
  ['OP body / list item', 'Adopt:', 'one;'],
  ['list item / list item', 'one;', 'two.'],
  ['OP / OP', 'two.', 'Decide.'],
  ['last OP / goal title', 'Decide.', 'First goal'],
  ['goal title / action', 'First goal', 'Do x;'],
  ['action / action', 'Do x;', 'Do y.'],
  ['action / next goal title', 'Do y.', 'Second goal'],
  ['last action / footnotes', 'Do z.', 'A note.'],
];

/** The document's text, block by block, with the ids of every block: what a reader compares. */
function textOf(d: Node): string {
  return d.textContent;
}

describe('DM1 DM2 Enter, Backspace and Delete at every block boundary keep the document valid and its ids unique', () => {
  for (const [name, before, after] of ALL_BOUNDARIES) {
    it(`ED9 ${name}`, () => {
      const d = base();
      for (const [key, text, where] of [
        [enter, before, 'end'],
        [enter, after, 'start'],
        [backspace, after, 'start'],
        [deleteForward, before, 'end'],
      ] as const) {
        const { state, handled } = press(key, d, text, where);
        expect(handled).toBe(true);
        const after = ids(state.doc);
        expect(new Set(after).size, 'ids unique').toBe(after.length);
        // Nothing typed is lost; Enter adds no text; the kinds of the top-level parts stay.
        expect(textOf(state.doc)).toBe(textOf(d));
        const kinds = (x: Node) => {
          const out = new Set<string>();
          x.forEach((b) => out.add(b.type.name));
          return [...out];
        };
        expect(kinds(state.doc)).toEqual(kinds(d));
      }
    });
  }
});

describe('DM1 Backspace and Delete at a boundary between kinds of block', () => {
  for (const [name, before, after] of KIND_BOUNDARIES) {
    it(`ED1 ${name}: Backspace at the start of "${after}" and Delete at the end of "${before}" change nothing`, () => {
      const d = base();
      const back = press(backspace, d, after, 'start');
      expect(back.handled).toBe(true);
      expect(back.state.doc.toJSON()).toEqual(d.toJSON());
      const del = press(deleteForward, d, before, 'end');
      expect(del.handled).toBe(true);
      expect(del.state.doc.toJSON()).toEqual(d.toJSON());
    });
  }

  it('ED1 Backspace at the start of an empty first action point removes it; the goal title stays', () => {
    const d = doc(title('T'), goal('Goal', action(''), action('Do x.')));
    const { state } = press(backspace, d, '', 'start');
    expect(state.doc.toJSON()).toEqual(
      doc(title('T'), goal('Goal', withId('act-2', action('Do x.')))).toJSON(),
    );
    expect(caretOf(state)).toEqual({ text: 'Goal', offset: 4, block: 'goal_title' });
  });

  it('ED1 Backspace at the start of an empty PP1 removes it; the chapeau keeps its text', () => {
    const d = doc(title('T'), chapeau('We:'), pp(''), pp('Noting;'));
    const { state } = press(backspace, d, '', 'start');
    expect(state.doc.toJSON()).toEqual(
      doc(title('T'), chapeau('We:'), withId('pp-2', pp('Noting;'))).toJSON(),
    );
  });

  it('ED1 a footnote a marker points at is never removed by Backspace, an empty unreferenced one is', () => {
    const d = doc(title('T'), pp('x', ref('fn-1')), footnotes(fn('fn-1'), fn('fn-2')));
    const cited = run(backspace, stateAt(d, d.content.size - 4));
    expect(cited.state.doc.toJSON()).toEqual(d.toJSON());
    const last = run(backspace, stateAt(d, d.content.size - 2));
    expect(last.state.doc.toJSON()).toEqual(
      doc(title('T'), pp('x', ref('fn-1')), footnotes(fn('fn-1'))).toJSON(),
    );
  });
});

describe('DM1 Backspace and Delete between blocks of the same kind join them', () => {
  const cases: [string, string, string, () => Node][] = [
    [
      'PP / PP',
      'Gathered;',
      'Recognising;',
      () =>
        doc(
          title('Declaration'),
          chapeau('We, the Ministers:'),
          pp('Gathered', ref('fn-1'), ';Recognising;'),
          op('Adopt:', list(li('one;'), li('two.'))),
          op('Decide.'),
          goal('First goal', action('Do x;'), action('Do y.')),
          goal('Second goal', action('Do z.')),
          footnotes(fn('fn-1', 'A note.')),
        ),
    ],
    [
      'OP body / first list item',
      'Adopt:',
      'one;',
      () =>
        doc(
          title('Declaration'),
          chapeau('We, the Ministers:'),
          pp('Gathered', ref('fn-1'), ';'),
          pp('Recognising;'),
          op('Adopt:one;', list(withId('li-2', li('two.')))),
          op('Decide.'),
          goal('First goal', action('Do x;'), action('Do y.')),
          goal('Second goal', action('Do z.')),
          footnotes(fn('fn-1', 'A note.')),
        ),
    ],
    [
      'list item / list item',
      'one;',
      'two.',
      () =>
        doc(
          title('Declaration'),
          chapeau('We, the Ministers:'),
          pp('Gathered', ref('fn-1'), ';'),
          pp('Recognising;'),
          op('Adopt:', list(li('one;two.'))),
          op('Decide.'),
          goal('First goal', action('Do x;'), action('Do y.')),
          goal('Second goal', action('Do z.')),
          footnotes(fn('fn-1', 'A note.')),
        ),
    ],
    [
      'OP (ending in a list) / OP',
      'two.',
      'Decide.',
      () =>
        doc(
          title('Declaration'),
          chapeau('We, the Ministers:'),
          pp('Gathered', ref('fn-1'), ';'),
          pp('Recognising;'),
          op('Adopt:', list(li('one;'), li('two.Decide.'))),
          goal('First goal', action('Do x;'), action('Do y.')),
          goal('Second goal', action('Do z.')),
          footnotes(fn('fn-1', 'A note.')),
        ),
    ],
    [
      'action / action',
      'Do x;',
      'Do y.',
      () =>
        doc(
          title('Declaration'),
          chapeau('We, the Ministers:'),
          pp('Gathered', ref('fn-1'), ';'),
          pp('Recognising;'),
          op('Adopt:', list(li('one;'), li('two.'))),
          op('Decide.'),
          goal('First goal', action('Do x;Do y.')),
          goal('Second goal', withId('act-3', action('Do z.'))),
          footnotes(fn('fn-1', 'A note.')),
        ),
    ],
  ];
  for (const [name, before, after, expected] of cases) {
    it(`ED2 ${name}: Backspace at the start of "${after}" and Delete at the end of "${before}" join them, the first keeps its id`, () => {
      const d = base();
      const back = press(backspace, d, after, 'start');
      expect(back.state.doc.toJSON()).toEqual(expected().toJSON());
      expect(caretOf(back.state).offset).toBe(caretOf(stateAt(d, posIn(d, before, 'end'))).offset);
      const del = press(deleteForward, d, before, 'end');
      expect(del.state.doc.toJSON()).toEqual(expected().toJSON());
    });
  }

  it('ED2 Backspace in the middle of a text is left to the default (returns false)', () => {
    const d = base();
    expect(press(backspace, d, 'Decide.', 3).handled).toBe(false);
    expect(press(deleteForward, d, 'Decide.', 3).handled).toBe(false);
  });
});

describe('DM1 Enter at every kind of block', () => {
  it('ED3 does nothing in the title and in a footnote', () => {
    const d = base();
    for (const [text, where] of [
      ['Declaration', 'end'],
      ['Declaration', 3],
      ['A note.', 'end'],
    ] as const) {
      const result = press(enter, d, text, where);
      expect(result.handled).toBe(true);
      expect(result.state.doc.toJSON()).toEqual(d.toJSON());
    }
  });

  it('ED3 at the end of the chapeau opens a new PP1 before the others, with a fresh id', () => {
    const d = base();
    const { state } = press(enter, d, 'We, the Ministers:', 'end');
    expect(state.doc.child(2).type.name).toBe('preambular');
    expect(state.doc.child(2).textContent).toBe('');
    expect(state.doc.child(3).attrs.id).toBe('pp-1');
    expect(ids(state.doc)).toHaveLength(ids(d).length + 1);
    expect(new Set(ids(state.doc)).size).toBe(ids(state.doc).length);
    expect(caretOf(state)).toEqual({ text: '', offset: 0, block: 'body' });
  });

  it('ED3 in a paragraph splits it; the first half keeps the id, the second gets a fresh one', () => {
    const d = base();
    const { state } = press(enter, d, 'Recognising;', 5);
    expect(state.doc.child(3).textContent).toBe('Recog');
    expect(state.doc.child(3).attrs.id).toBe('pp-2');
    expect(state.doc.child(4).type.name).toBe('preambular');
    expect(state.doc.child(4).textContent).toBe('nising;');
    expect(state.doc.child(4).attrs.id).not.toBe('pp-2');
    expect(caretOf(state)).toEqual({ text: 'nising;', offset: 0, block: 'body' });
  });

  it('ED3 at the end of a running text followed by a list opens a first list item', () => {
    const d = base();
    const { state } = press(enter, d, 'Adopt:', 'end');
    const items = state.doc.child(4).child(1);
    expect(items.childCount).toBe(3);
    expect(items.child(0).textContent).toBe('');
    expect(caretOf(state).block).toBe('list_item');
  });

  it('ED3 in a list item splits it; on an empty list item leaves the list for a new paragraph', () => {
    const d = base();
    const split = press(enter, d, 'one;', 'end');
    expect(split.state.doc.child(4).child(1).childCount).toBe(3);
    expect(caretOf(split.state)).toEqual({ text: '', offset: 0, block: 'list_item' });
    // The same Enter again, on the new empty item: the list does not grow, the item leaves it
    // and (b) follows the new paragraph as its list.
    const left = run(enter, split.state);
    left.state.doc.check();
    expect(left.state.doc.child(4).toJSON()).toEqual(
      op('Adopt:', list(withId('li-1', li('one;'))))
        .type.create({ id: 'op-1' }, [
          left.state.doc.child(4).child(0),
          left.state.doc.child(4).child(1),
        ])
        .toJSON(),
    );
    expect(left.state.doc.child(4).child(1).childCount).toBe(1);
    const fresh = left.state.doc.child(5);
    expect(fresh.type.name).toBe('operative');
    expect(fresh.child(0).textContent).toBe('');
    expect(fresh.child(1).child(0).attrs.id).toBe('li-2');
    expect(caretOf(left.state)).toEqual({ text: '', offset: 0, block: 'body' });
  });

  it('ED3 on the only, empty list item removes the list', () => {
    const d = doc(title('T'), op('Adopt:', list(li(''))), op('Next.'));
    const { state } = press(enter, d, '', 'start');
    expect(state.doc.child(1).childCount).toBe(1);
    expect(state.doc.child(2).type.name).toBe('operative');
    expect(state.doc.child(2).textContent).toBe('');
    expect(state.doc.child(3).textContent).toBe('Next.');
  });

  it('ED3 in a goal title goes to a new first action point; the title is not split', () => {
    const d = base();
    const { state } = press(enter, d, 'First goal', 5);
    const goal1 = state.doc.child(6);
    expect(goal1.child(0).textContent).toBe('First goal');
    expect(goal1.childCount).toBe(4);
    expect(goal1.child(1).textContent).toBe('');
    expect(goal1.child(2).attrs.id).toBe('act-1');
    expect(caretOf(state)).toEqual({ text: '', offset: 0, block: 'body' });
    // Enter in the title again goes to that empty action point, and adds no other.
    const again = run(enter, stateAt(state.doc, posIn(state.doc, 'First goal', 'end')));
    expect(again.state.doc.toJSON()).toEqual(state.doc.toJSON());
    expect(caretOf(again.state).block).toBe('body');
  });

  it('ED3 on an empty last action point leaves the goal for a new goal; on an empty last PP starts the operative part', () => {
    const goals = doc(title('T'), goal('G', action('Do x.'), action('')));
    const g = press(enter, goals, '', 'start');
    expect(g.state.doc.child(1).childCount).toBe(2);
    expect(g.state.doc.child(2).type.name).toBe('goal');
    expect(caretOf(g.state).block).toBe('goal_title');

    const pre = doc(title('T'), pp('Noting;'), pp(''), op('Decide.'));
    const p = press(enter, pre, '', 'start');
    expect(p.state.doc.child(2).type.name).toBe('operative');
    expect(p.state.doc.child(2).attrs.id).toBe('pp-2');
  });

  it('ED3 on an empty paragraph in the middle of its part does nothing', () => {
    const d = doc(title('T'), pp(''), pp('Noting;'));
    const { state, handled } = press(enter, d, '', 'start');
    expect(handled).toBe(true);
    expect(state.doc.toJSON()).toEqual(d.toJSON());
  });
});

describe('DM1 deleting a selection that spans blocks', () => {
  function deleteRange(
    d: Node,
    from: [string, number | 'start' | 'end'],
    to: [string, number | 'start' | 'end'],
  ) {
    const state = stateAt(d, posIn(d, from[0], from[1]), posIn(d, to[0], to[1]));
    for (const key of [backspace, deleteForward]) {
      const result = run(key, state);
      expect(result.handled).toBe(true);
      result.state.doc.check();
    }
    return run(backspace, state).state;
  }

  it('ED4 from a preambular into an operative paragraph keeps both, each with its own kind', () => {
    const state = deleteRange(base(), ['Recognising;', 5], ['Adopt:', 2]);
    expect(state.doc.child(3).toJSON()).toEqual(withId('pp-2', pp('Recog')).toJSON());
    expect(state.doc.child(4).type.name).toBe('operative');
    expect(state.doc.child(4).attrs.id).toBe('op-1');
    expect(state.doc.child(4).child(0).textContent).toBe('opt:');
  });

  it('ED4 across whole paragraphs of the same kind joins the two ends', () => {
    const d = doc(title('T'), pp('First;'), pp('Second;'), pp('Third;'), op('Decide.'));
    const state = deleteRange(d, ['First;', 3], ['Third;', 2]);
    expect(state.doc.toJSON()).toEqual(
      doc(title('T'), pp('Firird;'), withId('op-1', op('Decide.'))).toJSON(),
    );
    expect(caretOf(state)).toEqual({ text: 'Firird;', offset: 3, block: 'body' });
  });

  it('ED4 from an action point into the next goal title removes nothing of the goal structure', () => {
    const state = deleteRange(base(), ['Do y.', 2], ['Second goal', 7]);
    const goals = [state.doc.child(6), state.doc.child(7)];
    expect(goals.map((g) => g.type.name)).toEqual(['goal', 'goal']);
    expect(goals[0]!.lastChild!.textContent).toBe('Do');
    expect(goals[1]!.firstChild!.textContent).toBe('goal');
    expect(goals[1]!.childCount).toBe(2);
  });

  it('ED4 from the chapeau to the last footnote (nearly everything) leaves a valid document', () => {
    const state = deleteRange(base(), ['We, the Ministers:', 2], ['A note.', 3]);
    expect(state.doc.childCount).toBe(3);
    expect(state.doc.child(1).textContent).toBe('We');
    expect(state.doc.child(2).child(0).textContent).toBe('ote.');
  });

  it('ED4 select-all then Backspace leaves the title, the chapeau (emptied) and the footnotes block', () => {
    const d = base();
    const caret = stateAt(d, 1);
    const state = caret.apply(caret.tr.setSelection(new AllSelection(d)));
    const result = run(backspace, state);
    result.state.doc.check();
    expect(result.state.doc.toJSON()).toEqual(doc(title(''), chapeau(''), footnotes()).toJSON());
  });
});

describe('the structure commands', () => {
  it('ED5 new paragraph after this one: same kind, fresh id, caret in it (from a list item, after its paragraph)', () => {
    const d = base();
    const { state } = press(commands.newParagraph, d, 'two.', 2);
    expect(state.doc.child(5).type.name).toBe('operative');
    expect(state.doc.child(5).textContent).toBe('');
    expect(state.doc.child(6).attrs.id).toBe('op-2');
    expect(ids(state.doc).filter((id) => !ids(d).includes(id))).toHaveLength(1);
    expect(caretOf(state)).toEqual({ text: '', offset: 0, block: 'body' });
  });

  it('ED5 new action point after this one, and a new goal after this goal', () => {
    const d = base();
    const a = press(commands.newActionPoint, d, 'Do x;', 2).state;
    expect(a.doc.child(6).childCount).toBe(4);
    expect(a.doc.child(6).child(2).textContent).toBe('');
    expect(a.doc.child(6).child(3).attrs.id).toBe('act-2');
    const g = press(commands.newGoal, d, 'Do x;', 2).state;
    expect(g.doc.child(7).type.name).toBe('goal');
    expect(g.doc.child(7).textContent).toBe('');
    expect(g.doc.child(8).attrs.id).toBe('goal-2');
    expect(caretOf(g)).toEqual({ text: '', offset: 0, block: 'goal_title' });
    // Outside a goal and in the title there is no action point to add.
    expect(press(commands.newActionPoint, d, 'Decide.', 2).handled).toBe(false);
    expect(press(commands.newParagraph, d, 'Declaration', 2).handled).toBe(false);
  });

  it('ED6 insert a footnote: a marker at the caret, its body in the footnotes in number order, the caret in it', () => {
    const d = base();
    // Before PP1's marker: the new footnote is number 1 and goes first.
    const { state } = press(commands.insertFootnote, d, 'We, the Ministers:', 'end');
    const chapeauNode = state.doc.child(1);
    const marker = chapeauNode.lastChild!;
    expect(marker.type.name).toBe('footnote_ref');
    const notes = state.doc.lastChild!;
    expect(notes.childCount).toBe(2);
    expect(notes.child(0).attrs.id).toBe(marker.attrs.ref);
    expect(notes.child(1).attrs.id).toBe('fn-1');
    expect(caretOf(state)).toEqual({ text: '', offset: 0, block: 'footnote' });
    // After it: last.
    const after = press(commands.insertFootnote, d, 'Do z.', 'end').state;
    expect(after.doc.lastChild!.child(1).attrs.id).toBe(
      after.doc.child(7).child(1).child(0).lastChild!.attrs.ref,
    );
    // Not in the title (text only).
    expect(press(commands.insertFootnote, d, 'Declaration', 2).handled).toBe(false);
  });

  it('ED7 move up and down: one transaction, the block keeps its id and the caret its place; never across parts', () => {
    const d = base();
    const down = press(commands.moveDown, d, 'Gathered;', 3).state;
    expect(ids(down.doc).slice(0, 4)).toEqual(['title-1', 'chapeau-1', 'pp-2', 'pp-1']);
    expect(caretOf(down)).toEqual({ text: 'Gathered;', offset: 3, block: 'body' });
    const back = run(commands.moveUp, down).state;
    expect(back.doc.toJSON()).toEqual(d.toJSON());
    // PP1 does not go above the chapeau, the last PP does not go into the operative part.
    expect(press(commands.moveUp, d, 'Gathered;', 0).handled).toBe(false);
    expect(press(commands.moveDown, d, 'Recognising;', 0).handled).toBe(false);
    // A list item moves within its list; an action point within its goal; a goal from its title.
    const item = press(commands.moveUp, d, 'two.', 1).state;
    expect(ids(item.doc.child(4))).toEqual(['li-2', 'li-1']);
    expect(press(commands.moveUp, d, 'Do x;', 1).handled).toBe(false);
    const goalMoved = press(commands.moveDown, d, 'First goal', 1).state;
    expect([goalMoved.doc.child(6).attrs.id, goalMoved.doc.child(7).attrs.id]).toEqual([
      'goal-2',
      'goal-1',
    ]);
    expect(ids(goalMoved.doc).sort()).toEqual(ids(d).sort());
  });

  it('ED8 indent into the previous paragraph’s list and out again, keeping ids', () => {
    const d = base();
    const inList = press(commands.indent, d, 'Decide.', 2).state;
    expect(inList.doc.child(4).toJSON()).toEqual(
      withId(
        'op-1',
        op(
          'Adopt:',
          list(
            withId('li-1', li('one;')),
            withId('li-2', li('two.')),
            withId('op-2', li('Decide.')),
          ),
        ),
      ).toJSON(),
    );
    expect(caretOf(inList)).toEqual({ text: 'Decide.', offset: 2, block: 'list_item' });
    const out = run(commands.outdent, inList).state;
    out.doc.check();
    expect(out.doc.toJSON()).toEqual(d.toJSON());
    // Outdenting (a) takes (b) along as the new paragraph's list.
    const first = press(commands.outdent, d, 'one;', 0).state;
    expect(first.doc.child(4).childCount).toBe(1);
    expect(first.doc.child(5).toJSON()).toEqual(
      withId('li-1', op('one;', list(withId('li-2', li('two.'))))).toJSON(),
    );
    // PP1 has no paragraph of its kind before it.
    expect(press(commands.indent, d, 'Gathered;', 0).handled).toBe(false);
  });
});
