import { describe, expect, it } from 'vitest';
import type { Decoration } from 'prosemirror-view';
import { labelDecorations } from '../../client/src/editor/labelsPlugin.js';
import { doc, li, list, op, pp, title } from '../helpers/builders.js';

/** The attributes the label decorations put on the node at `pos`. */
function attrsAt(decorations: Decoration[], pos: number): Record<string, string> {
  const found = decorations.find((d) => d.from === pos && d.to > pos);
  return (
    (found as unknown as { type: { attrs: Record<string, string> } } | undefined)?.type.attrs ?? {}
  );
}

describe('labels drawn in the editor', () => {
  it('ED14 list items read "(a)", "(b)" as printed, keeping "OP1 (a)" for citing; the operative part is marked once', () => {
    const d = doc(
      title('T'),
      pp('Noting;'),
      op('Adopt:', list(li('one;'), li('two.'))),
      op('Decide.'),
    );
    const set = labelDecorations(d);
    const all = set.find();
    const items: number[] = [];
    d.descendants((node, pos) => {
      if (node.type.name === 'list_item') items.push(pos);
      return true;
    });
    expect(items.map((pos) => attrsAt(all, pos)['data-item'])).toEqual(['(a)', '(b)']);
    expect(items.map((pos) => attrsAt(all, pos)['data-label'])).toEqual(['OP1 (a)', 'OP1 (b)']);
    // One widget, right before OP1 (after the title and PP1).
    const widgets = all.filter((dec) => dec.from === dec.to);
    const op1 = d.child(0).nodeSize + d.child(1).nodeSize;
    expect(widgets.map((w) => w.from)).toEqual([op1]);
  });

  it('ED14 a document without operative paragraphs has no operative-part heading', () => {
    const all = labelDecorations(doc(title('T'), pp('Noting;'))).find();
    expect(all.filter((dec) => dec.from === dec.to)).toEqual([]);
  });
});
