import { describe, expect, it } from 'vitest';
import type { Node } from 'prosemirror-model';
import { deriveLabels, publicationLabels, roundLabels, type BlockLabel } from '@accord/shared';
import {
  action,
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

// Stable labels within a round (shared/src/roundLabels.ts). Every block is given its id, so the
// start text and the edited text name the same blocks whatever was added or deleted.

/** A preambular paragraph with id `id`. */
const P = (id: string, ...rest: Node[]) => withId(id, pp(id, ...rest));
/** An operative paragraph with id `id`, optionally with a list. */
const O = (id: string, ...rest: Node[]) => withId(id, op(id, ...rest));
/** A list item with id `id`. */
const I = (id: string) => withId(id, li(id));
/** A goal with id `id`. */
const G = (id: string, ...actions: Node[]) => withId(id, goal(id, ...actions));
/** An action point with id `id`. */
const A = (id: string, ...rest: Node[]) => withId(id, action(id, ...rest));

/** Labels in document order as "id=short", so one assertion shows the whole numbering. */
function shorts(labels: ReadonlyMap<string, BlockLabel>, d: Node): string[] {
  const out: string[] = [];
  d.descendants((node) => {
    const id = node.attrs.id as string | null | undefined;
    const label = id ? labels.get(id) : undefined;
    if (label && node.type.name !== 'footnote') out.push(`${id}=${label.short}`);
    return true;
  });
  return out;
}

/** The round's labels of `edited`, the round having started from `from`. */
const during = (from: Node, edited: Node) => roundLabels(deriveLabels(from), edited);

const zeroDraft = () =>
  doc(
    title('T'),
    P('pp-1'),
    P('pp-2'),
    O('op-1', list(I('li-a'), I('li-b'))),
    O('op-2'),
    O('op-3'),
    O('op-4'),
  );

describe('SL stable labels within a round', () => {
  it('SL1 an unchanged document keeps the labels the round started from', () => {
    const d = zeroDraft();
    expect(during(d, d)).toEqual(deriveLabels(d));
  });

  it('SL1 a block keeps its start label wherever it is moved', () => {
    const edited = doc(
      title('T'),
      P('pp-2'),
      P('pp-1'),
      O('op-1'),
      O('op-3'),
      O('op-2'),
      O('op-4'),
    );
    expect(shorts(during(zeroDraft(), edited), edited)).toEqual([
      'pp-2=PP2',
      'pp-1=PP1',
      'op-1=OP1',
      'op-3=OP3',
      'op-2=OP2',
      'op-4=OP4',
    ]);
  });

  it('SL2 a paragraph added after OP3 is OP3 bis, and nothing after it moves', () => {
    const edited = doc(
      title('T'),
      P('pp-1'),
      P('pp-2'),
      O('op-1', list(I('li-a'), I('li-b'))),
      O('op-2'),
      O('op-3'),
      O('new-1'),
      O('op-4'),
    );
    const labels = during(zeroDraft(), edited);
    expect(labels.get('new-1')).toEqual({ short: 'OP3 bis', long: 'Operative paragraph 3 bis' });
    expect(labels.get('op-4')).toEqual({ short: 'OP4', long: 'Operative paragraph 4' });
  });

  it('SL2 two paragraphs added after OP3 are bis and ter, in document order', () => {
    const edited = doc(
      title('T'),
      O('op-1'),
      O('op-2'),
      O('op-3'),
      O('new-1'),
      O('new-2'),
      O('op-4'),
    );
    expect(shorts(during(zeroDraft(), edited), edited)).toEqual([
      'op-1=OP1',
      'op-2=OP2',
      'op-3=OP3',
      'new-1=OP3 bis',
      'new-2=OP3 ter',
      'op-4=OP4',
    ]);
    expect(during(zeroDraft(), edited).get('new-2')?.long).toBe('Operative paragraph 3 ter');
  });

  it('SL2 a new list item after OP1 (b) is OP1 (b) bis; new action points and goals likewise', () => {
    const from = doc(
      title('T'),
      O('op-1', list(I('li-a'), I('li-b'))),
      G('goal-1', A('act-1'), A('act-2')),
      G('goal-2', A('act-3')),
    );
    const edited = doc(
      title('T'),
      O('op-1', list(I('li-a'), I('li-b'), I('li-new'))),
      G('goal-1', A('act-1'), A('act-new'), A('act-2')),
      G('goal-new', A('act-new-1'), A('act-new-2')),
      G('goal-2', A('act-3')),
    );
    const labels = during(from, edited);
    expect(labels.get('li-new')).toEqual({
      short: 'OP1 (b) bis',
      long: 'Operative paragraph 1, item (b) bis',
    });
    expect(shorts(labels, edited)).toEqual([
      'op-1=OP1',
      'li-a=OP1 (a)',
      'li-b=OP1 (b)',
      'li-new=OP1 (b) bis',
      'goal-1=Goal 1',
      'act-1=1.1',
      'act-new=1.1 bis',
      'act-2=1.2',
      'goal-new=Goal 1 bis',
      'act-new-1=1 bis.1',
      'act-new-2=1 bis.2',
      'goal-2=Goal 2',
      'act-3=2.1',
    ]);
    expect(labels.get('act-new-2')?.long).toBe('Goal 1 bis, action 2');
  });

  it('SL2 the items of a new paragraph are lettered under its label', () => {
    const edited = doc(title('T'), O('op-3'), O('new-1', list(I('li-x'), I('li-y'))), O('op-4'));
    expect(shorts(during(zeroDraft(), edited), edited)).toEqual([
      'op-3=OP3',
      'new-1=OP3 bis',
      'li-x=OP3 bis (a)',
      'li-y=OP3 bis (b)',
      'op-4=OP4',
    ]);
  });

  it('SL3 a new first paragraph of a part that had some is OP0, then OP0 bis', () => {
    const edited = doc(title('T'), P('pp-new'), P('pp-1'), O('new-1'), O('new-2'), O('op-1'));
    expect(shorts(during(zeroDraft(), edited), edited)).toEqual([
      'pp-new=PP0',
      'pp-1=PP1',
      'new-1=OP0',
      'new-2=OP0 bis',
      'op-1=OP1',
    ]);
    expect(during(zeroDraft(), edited).get('new-1')?.long).toBe('Operative paragraph 0');
  });

  it('SL3 a list given to a paragraph that had none is lettered (a), (b); one before (a) is (0)', () => {
    const edited = doc(
      title('T'),
      O('op-1', list(I('li-0'), I('li-a'), I('li-b'))),
      O('op-2', list(I('li-x'), I('li-y'))),
    );
    expect(shorts(during(zeroDraft(), edited), edited)).toEqual([
      'op-1=OP1',
      'li-0=OP1 (0)',
      'li-a=OP1 (a)',
      'li-b=OP1 (b)',
      'op-2=OP2',
      'li-x=OP2 (a)',
      'li-y=OP2 (b)',
    ]);
  });

  it('SL3 a part that had no paragraph at the start is numbered cleanly', () => {
    const from = doc(title('T'), P('pp-1'));
    const edited = doc(title('T'), P('pp-1'), O('new-1'), O('new-2'));
    expect(shorts(during(from, edited), edited)).toEqual(['pp-1=PP1', 'new-1=OP1', 'new-2=OP2']);
  });

  it('SL4 a deleted OP2 leaves its number unused: OP3 stays OP3', () => {
    const edited = doc(title('T'), P('pp-1'), P('pp-2'), O('op-1'), O('op-3'), O('op-4'));
    const labels = during(zeroDraft(), edited);
    expect(shorts(labels, edited)).toEqual([
      'pp-1=PP1',
      'pp-2=PP2',
      'op-1=OP1',
      'op-3=OP3',
      'op-4=OP4',
    ]);
    expect([...labels.values()].map((l) => l.short)).not.toContain('OP2');
  });

  it('SL2 SL4 additions and deletions together', () => {
    const edited = doc(
      title('T'),
      P('pp-2'),
      P('pp-new'),
      O('op-1', list(I('li-b'), I('li-new'))),
      O('new-1'),
      O('op-3'),
      O('new-2'),
      O('new-3'),
    );
    expect(shorts(during(zeroDraft(), edited), edited)).toEqual([
      'pp-2=PP2',
      'pp-new=PP2 bis',
      'op-1=OP1',
      'li-b=OP1 (b)',
      'li-new=OP1 (b) bis',
      // OP2 was deleted: the new paragraph after OP1 is OP1 bis, not OP2.
      'new-1=OP1 bis',
      'op-3=OP3',
      // OP4 was deleted: OP4 stays unused.
      'new-2=OP3 bis',
      'new-3=OP3 ter',
    ]);
  });

  it('SL2 a new footnote is after the nearest kept one in the order of the markers', () => {
    const from = doc(
      title('T'),
      P('pp-1', ref('fn-a')),
      P('pp-2', ref('fn-b')),
      footnotes(fn('fn-a', 'A'), fn('fn-b', 'B')),
    );
    const edited = doc(
      title('T'),
      withId('pp-1', pp('x', ref('fn-a'), ref('fn-new'))),
      P('pp-2', ref('fn-b')),
      footnotes(fn('fn-a', 'A'), fn('fn-b', 'B'), fn('fn-new', 'N'), fn('fn-uncited', 'U')),
    );
    const labels = during(from, edited);
    expect(labels.get('fn-a')?.short).toBe('fn 1');
    expect(labels.get('fn-new')).toEqual({ short: 'fn 1 bis', long: 'Footnote 1 bis' });
    expect(labels.get('fn-b')?.short).toBe('fn 2');
    expect(labels.has('fn-uncited')).toBe(false);
  });

  it('SL4 labels stay unique through many additions and deletions', () => {
    const from = doc(title('T'), ...Array.from({ length: 20 }, (_, i) => O(`op-${i + 1}`)));
    const blocks: Node[] = [O('lead-1'), O('lead-2')];
    for (let i = 1; i <= 20; i++) {
      if (i % 3 !== 0) blocks.push(O(`op-${i}`));
      for (let k = 0; k < i % 4; k++) blocks.push(O(`new-${i}-${k}`));
    }
    const edited = doc(title('T'), ...blocks);
    const labels = during(from, edited);
    const all = [...labels.values()].map((l) => l.short);
    expect(new Set(all).size).toBe(all.length);
    const start = [...deriveLabels(from).values()].map((l) => l.short);
    const deleted = start.filter((_, i) => (i + 1) % 3 === 0 && i > 0);
    for (const d of deleted) expect(all).not.toContain(d);
  });

  it('SL5 a label already given in the round is kept when another paragraph comes before it', () => {
    const edited = doc(title('T'), O('op-3'), O('new-2'), O('new-1'), O('op-4'));
    const kept = new Map([['new-1', { short: 'OP3 bis', long: 'Operative paragraph 3 bis' }]]);
    const labels = roundLabels(deriveLabels(zeroDraft()), edited, kept);
    expect(shorts(labels, edited)).toEqual([
      'op-3=OP3',
      'new-2=OP3 ter',
      'new-1=OP3 bis',
      'op-4=OP4',
    ]);
  });

  it('SL6 publication renumbers cleanly and records every label of the round', () => {
    const edited = doc(
      title('T'),
      P('pp-1'),
      P('pp-2'),
      O('op-1', list(I('li-a'), I('li-b'), I('li-new'))),
      O('op-3'),
      O('new-1'),
      O('op-4'),
    );
    const { labels, previous } = publicationLabels(deriveLabels(zeroDraft()), edited);
    expect(labels).toEqual(deriveLabels(edited));
    expect(shorts(labels, edited)).toEqual([
      'pp-1=PP1',
      'pp-2=PP2',
      'op-1=OP1',
      'li-a=OP1 (a)',
      'li-b=OP1 (b)',
      'li-new=OP1 (c)',
      'op-3=OP2',
      'new-1=OP3',
      'op-4=OP4',
    ]);
    expect(labels.get('new-1')?.long).toBe('Operative paragraph 3');
    expect(previous.get('new-1')).toBe('OP3 bis');
    expect(previous.get('op-3')).toBe('OP3');
    expect(previous.get('li-new')).toBe('OP1 (b) bis');
    expect(previous.get('op-4')).toBe('OP4');
    expect(previous.has('op-2')).toBe(false);
  });

  it('SL7 labels 2,000 paragraphs with a thousand additions in linear time', () => {
    const n = 2000;
    const from = doc(
      title('T'),
      ...Array.from({ length: n }, (_, i) => O(`op-${i}`, list(I(`li-${i}`)))),
    );
    const blocks: Node[] = [];
    for (let i = 0; i < n; i++) {
      if (i % 5 !== 0) blocks.push(O(`op-${i}`, list(I(`li-${i}`), I(`li-n${i}`))));
      if (i % 2 === 0) blocks.push(O(`new-${i}`));
    }
    const edited = doc(title('T'), ...blocks);
    const startLabels = deriveLabels(from);
    const t0 = performance.now();
    const labels = roundLabels(startLabels, edited);
    const elapsed = performance.now() - t0;
    expect(labels.get('new-0')?.short).toBe('OP0');
    expect(labels.get('new-2')?.short).toBe('OP3 bis');
    expect(labels.get('li-n1')?.short).toBe('OP2 (a) bis');
    // Generous: a quadratic walk takes seconds here, the linear one a few milliseconds.
    expect(elapsed).toBeLessThan(1000);
  });
});
