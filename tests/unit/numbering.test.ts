import { describe, expect, it } from 'vitest';
import type { Node } from 'prosemirror-model';
import { Transform } from 'prosemirror-transform';
import { deriveLabels, footnoteNumbers, schema } from '@accord/shared';
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

/** Labels in document order as "id=short" strings, so one assertion shows the whole numbering. */
function shortLabels(d: Node): string[] {
  const labels = deriveLabels(d);
  const out: string[] = [];
  d.descendants((node) => {
    const id = node.attrs.id as string | null | undefined;
    const label = id ? labels.get(id) : undefined;
    if (label) out.push(`${id}=${label.short}`);
    return true;
  });
  return out;
}

const declaration = () =>
  doc(
    title('D'),
    chapeau('WE, the Ministers', ref('fn-b'), ';'),
    pp('Gathered;'),
    pp('Recognising', ref('fn-a'), ';'),
    op('Adopt:', list(li('one'), li('two'))),
    op('Decide.'),
    goal('First', action('Do x;'), action('Do y:', list(li('y1')))),
    goal('Second', action('Do z.')),
    // Listed in another order than cited: numbers follow the markers, not this order.
    footnotes(fn('fn-a', 'A.'), fn('fn-b', 'B.'), fn('fn-c', 'Never cited.')),
  );

describe('derived numbering', () => {
  it('DM3 labels preambular and operative paragraphs, list items, goals, actions and footnotes', () => {
    expect(shortLabels(declaration())).toEqual([
      'pp-1=PP1',
      'pp-2=PP2',
      'op-1=OP1',
      'li-1=OP1 (a)',
      'li-2=OP1 (b)',
      'op-2=OP2',
      'goal-1=Goal 1',
      'act-1=1.1',
      'act-2=1.2',
      'li-3=1.2 (a)',
      'goal-2=Goal 2',
      'act-3=2.1',
      'fn-a=fn 2',
      'fn-b=fn 1',
    ]);
  });

  it('DM3 gives the spoken forms used in lists and exports', () => {
    const labels = deriveLabels(declaration());
    expect(labels.get('pp-2')).toEqual({ short: 'PP2', long: 'Preambular paragraph 2' });
    expect(labels.get('li-2')).toEqual({
      short: 'OP1 (b)',
      long: 'Operative paragraph 1, item (b)',
    });
    expect(labels.get('goal-2')).toEqual({ short: 'Goal 2', long: 'Priority Goal 2' });
    expect(labels.get('act-2')).toEqual({ short: '1.2', long: 'Goal 1, action 2' });
    expect(labels.get('li-3')).toEqual({ short: '1.2 (a)', long: 'Goal 1, action 2, item (a)' });
    expect(labels.get('fn-b')).toEqual({ short: 'fn 1', long: 'Footnote 1' });
  });

  it('DM3 the title, the chapeau and an uncited footnote get no label', () => {
    const labels = deriveLabels(declaration());
    expect(labels.has('title-1')).toBe(false);
    expect(labels.has('chapeau-1')).toBe(false);
    expect(labels.has('fn-c')).toBe(false);
  });

  it('DM3 numbers footnotes by the first marker that cites them, ignoring repeats', () => {
    const d = doc(
      title('D'),
      pp('a', ref('fn-x'), ' b', ref('fn-y'), ' c', ref('fn-x'), ';'),
      op('d', ref('fn-z'), '.'),
      footnotes(fn('fn-z', 'Z'), fn('fn-y', 'Y'), fn('fn-x', 'X')),
    );
    expect([...footnoteNumbers(d)]).toEqual([
      ['fn-x', 1],
      ['fn-y', 2],
      ['fn-z', 3],
    ]);
  });

  it('DM3 letters run (a) … (z), (aa), (ab) in long lists', () => {
    const items = Array.from({ length: 28 }, (_, i) => li(`item ${i + 1}`));
    const labels = deriveLabels(doc(title('D'), op('Adopt:', list(...items))));
    expect(labels.get('li-1')?.short).toBe('OP1 (a)');
    expect(labels.get('li-26')?.short).toBe('OP1 (z)');
    expect(labels.get('li-27')?.short).toBe('OP1 (aa)');
    expect(labels.get('li-28')?.short).toBe('OP1 (ab)');
  });

  it('DM3 renumbers what follows when a paragraph is inserted or deleted; ids stay', () => {
    const before = doc(
      title('D'),
      withId('pp-keep', pp('Recalling;')),
      withId('op-keep', op('Adopt.')),
      goal('G', withId('act-keep', action('Do.'))),
    );
    expect(deriveLabels(before).get('pp-keep')?.short).toBe('PP1');

    // Insert a preambular paragraph before the first one: the old PP1 becomes PP2.
    const tr = new Transform(before);
    tr.insert(
      before.child(0).nodeSize,
      schema.nodes.preambular!.create(
        { id: 'pp-new' },
        schema.nodes.body!.create(null, schema.text('Gathered;')),
      ),
    );
    const labels = deriveLabels(tr.doc);
    expect(labels.get('pp-new')?.short).toBe('PP1');
    expect(labels.get('pp-keep')?.short).toBe('PP2');
    expect(labels.get('op-keep')?.short).toBe('OP1');

    // Insert an action before the goal's first: it becomes 1.1 and the old one 1.2.
    const goalPos =
      tr.doc.child(0).nodeSize +
      tr.doc.child(1).nodeSize +
      tr.doc.child(2).nodeSize +
      tr.doc.child(3).nodeSize;
    const goalNode = tr.doc.nodeAt(goalPos)!;
    expect(goalNode.type.name).toBe('goal');
    tr.insert(
      goalPos + 1 + goalNode.child(0).nodeSize,
      schema.nodes.action!.create({ id: 'act-new' }, schema.nodes.body!.create()),
    );
    expect(deriveLabels(tr.doc).get('act-new')?.short).toBe('1.1');
    expect(deriveLabels(tr.doc).get('act-keep')?.short).toBe('1.2');

    // Delete the inserted paragraph again: the kept one is PP1 once more.
    const ppPos = tr.doc.child(0).nodeSize;
    tr.delete(ppPos, ppPos + tr.doc.child(1).nodeSize);
    expect(deriveLabels(tr.doc).get('pp-keep')?.short).toBe('PP1');
  });

  it('DM3 a block without an id (just created, before the id plugin ran) has no label and shifts the count', () => {
    const d = doc(title('D'), pp('a;'), pp('b;'));
    const tr = new Transform(d);
    tr.setNodeAttribute(d.child(0).nodeSize, 'id', null);
    const labels = deriveLabels(tr.doc);
    expect(labels.has('pp-1')).toBe(false);
    expect(labels.get('pp-2')?.short).toBe('PP2');
    expect(labels.size).toBe(1);
  });
});
