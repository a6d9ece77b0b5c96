import { describe, expect, it } from 'vitest';
import type { Node } from 'prosemirror-model';
import { deriveLabels, type DocumentLabels } from '@accord/shared';
import { RoundLabelSource } from '../../client/src/editor/roundLabelSource.js';
import { doc, op, pp, title, withId } from '../helpers/builders.js';

// The browser's round labels (client/src/editor/roundLabelSource.ts): computed locally on every
// change from what the server says the round started from and kept.

const O = (id: string) => withId(id, op(id));
const P = (id: string) => withId(id, pp(id));
const start = () =>
  doc(title('T'), P('pp-1'), O('op-1'), O('op-2'), O('op-3'), O('op-4'), O('op-5'));
/** The start text with `ids` inserted after OP4. */
const afterOp4 = (...ids: string[]) =>
  doc(title('T'), P('pp-1'), O('op-1'), O('op-2'), O('op-3'), O('op-4'), ...ids.map(O), O('op-5'));

const shorts = (labels: Map<string, { short: string }>, d: Node) => {
  const out: string[] = [];
  d.forEach((n) => {
    const l = labels.get(n.attrs.id as string);
    if (l) out.push(l.short);
  });
  return out;
};

const answer = (kept: DocumentLabels['kept'] = {}): DocumentLabels => ({
  roundId: 'second',
  labels: {},
  start: Object.fromEntries(deriveLabels(start())),
  kept,
});

describe('RoundLabelSource', () => {
  it('SL8 before the server answers, and without a start, the labels are the text’s own numbering', () => {
    const source = new RoundLabelSource(async () => answer());
    expect(shorts(source.labelsOf(afterOp4('op-new')), afterOp4('op-new')).slice(-2)).toEqual([
      'OP5',
      'OP6',
    ]);
    source.apply({ ...answer(), start: null });
    expect(shorts(source.labelsOf(afterOp4('op-new')), afterOp4('op-new')).slice(-2)).toEqual([
      'OP5',
      'OP6',
    ]);
  });

  it('SL2 SL5 a new paragraph reads "OP4 bis" at once and keeps it when another is added before it', async () => {
    const source = new RoundLabelSource(async () => answer());
    let relabelled = 0;
    source.subscribe(() => relabelled++);
    await source.refresh();
    expect(relabelled).toBe(1);
    const one = afterOp4('op-x');
    expect(shorts(source.labelsOf(one), one).slice(-3)).toEqual(['OP4', 'OP4 bis', 'OP5']);
    const two = afterOp4('op-y', 'op-x');
    expect(shorts(source.labelsOf(two), two).slice(-4)).toEqual([
      'OP4',
      'OP4 ter',
      'OP4 bis',
      'OP5',
    ]);
    source.stop();
  });

  it('SL5 the server’s kept labels win over those given here (two pen-holders at once)', () => {
    const source = new RoundLabelSource(async () => answer());
    source.apply(answer());
    const mine = afterOp4('op-x');
    expect(source.labelsOf(mine).get('op-x')?.short).toBe('OP4 bis');
    // Meanwhile the server kept "OP4 bis" for a colleague's paragraph, placed before mine.
    source.apply(answer({ 'op-z': { short: 'OP4 bis', long: 'Operative paragraph 4 bis' } }));
    const both = afterOp4('op-z', 'op-x');
    expect(shorts(source.labelsOf(both), both).slice(-4)).toEqual([
      'OP4',
      'OP4 bis',
      'OP4 ter',
      'OP5',
    ]);
  });

  it('a failed read keeps what is shown', async () => {
    const source = new RoundLabelSource(async () => {
      throw new Error('offline');
    });
    await source.refresh();
    const d = afterOp4('op-x');
    expect(source.labelsOf(d)).toEqual(deriveLabels(d));
  });
});
