import { describe, expect, it, vi } from 'vitest';
import { EditorState, TextSelection } from 'prosemirror-state';
import type { Decoration } from 'prosemirror-view';
import { schema } from '@accord/shared';
import { blockOverlaySpecs } from '../../client/src/amendments/overlaySpecs.js';
import { AmendmentOverlay } from '../../client/src/amendments/amendmentOverlay.js';
import { twoColumnRows } from '../../client/src/amendments/twoColumnRows.js';
import { selectedBlock } from '../../client/src/amendments/selectedBlock.js';
import { doc, op, pp, ref, title, footnotes, fn } from '../helpers/builders.js';
import { amendment } from './amendmentRecord.js';

// What the base editor overlays of pending amendments (client/src/amendments/): the pure specs
// per block, and the overlay that keeps their decorations incrementally.

const names = (id: string) => ({ germany: 'Germany', france: 'France' })[id] ?? id;

/** A decoration's kind, position and what it shows, for comparing sets. */
function describeDecoration(d: Decoration): string {
  const spec = d.spec as { key?: string; blockId: string };
  const attrs = (d as unknown as { type: { attrs?: Record<string, string> } }).type.attrs;
  return `${d.from}-${d.to} ${spec.blockId} ${spec.key ?? attrs?.class ?? ''}`;
}

describe('overlay specs of one block', () => {
  it('AM1 a modification shows the deleted words struck and the inserted words at their place, with a badge', () => {
    const specs = blockOverlaySpecs({
      text: 'Adopt the text.',
      amendments: [amendment(12, 'OP1', 1, { proposedText: 'Adopt the whole text now.' })],
      nameOf: names,
    });
    expect(specs.map(({ type, ...rest }) => [type, 'at' in rest ? rest.at : null])).toEqual([
      ['insert-text', 10],
      ['insert-text', 14],
      ['badge', 15],
    ]);
    expect(specs[0]).toMatchObject({ text: 'whole ', badge: 'Germany · A12' });
    const replaced = blockOverlaySpecs({
      text: 'Adopt the text.',
      amendments: [amendment(3, 'OP1', 1, { proposedText: 'Reject the text.' })],
      nameOf: names,
    });
    expect(replaced.slice(0, 2)).toMatchObject([
      { type: 'delete-text', from: 0, to: 5 },
      { type: 'insert-text', at: 5, text: 'Reject' },
    ]);
  });

  it('AM1 the difference is against the block’s current text, not the text then', () => {
    const specs = blockOverlaySpecs({
      text: 'Adopt the new text.',
      amendments: [amendment(1, 'OP1', 1, { proposedText: 'Adopt the new text.', outdated: true })],
      nameOf: names,
    });
    expect(specs).toEqual([
      expect.objectContaining({ type: 'badge', at: 19, outdated: true, badge: 'Germany · A1' }),
    ]);
  });

  it('AM8 identical amendments from two delegations are one overlay with both names', () => {
    const specs = blockOverlaySpecs({
      text: 'Adopt the text.',
      amendments: [
        amendment(4, 'OP1', 1, { proposedText: 'Adopt  the text!' }),
        amendment(2, 'OP1', 2, {
          id: 'fr',
          delegationId: 'france',
          proposedText: 'Adopt the text!',
          submittedAt: '2026-11-30T08:00:00.000Z',
        }),
      ],
      nameOf: names,
    });
    expect(specs.filter((s) => s.type === 'badge').map((s) => s.badge)).toEqual([
      'France, Germany · A2, A4',
    ]);
  });

  it('deletes strike the whole block, inserts come as a new block; decided ones are not shown', () => {
    const specs = blockOverlaySpecs({
      text: 'Adopt.',
      amendments: [
        amendment(1, 'OP1', 1, { kind: 'delete', proposedText: '' }),
        amendment(2, 'OP1 bis', 2, {
          kind: 'insert',
          blockId: null,
          afterBlockId: 'op-1',
          proposedText: 'Decide.',
        }),
        amendment(3, 'OP1', 3, { status: 'accepted' }),
      ],
      nameOf: names,
    });
    expect(specs.map((s) => s.type)).toEqual(['delete-block', 'badge', 'insert-block']);
  });
});

/** A document with four operative paragraphs, op-1 … op-4, and a footnote in op-2. */
function fourParagraphs() {
  return doc(
    title('T'),
    pp('Recalling.'),
    op('Adopt the text.'),
    op('Welcome', ref('fn-1'), ' the report.'),
    op('Decide to meet.'),
    op('Close.'),
    footnotes(fn('fn-1', 'A note.')),
  );
}

/** The position just inside the end of the text of the block with id `id`. */
function endOf(state: EditorState, id: string): number {
  let at = -1;
  state.doc.descendants((node, pos) => {
    if (node.attrs.id === id) at = pos + node.nodeSize - 2;
    return at === -1;
  });
  return at;
}

describe('the incremental overlay', () => {
  const amendments = [
    amendment(1, 'OP1', 1, { blockId: 'op-1', proposedText: 'Adopt the whole text.' }),
    amendment(2, 'OP2', 2, {
      blockId: 'op-2',
      originalText: 'Welcome\uFFFC the report.',
      proposedText: 'Welcome\uFFFC the final report.',
    }),
    amendment(3, 'OP4', 3, { blockId: 'op-4', kind: 'delete', proposedText: '' }),
  ];

  it('maps text offsets to positions, footnote atoms included', () => {
    const state = EditorState.create({ schema, doc: fourParagraphs() });
    const overlay = new AmendmentOverlay();
    overlay.setAmendments(amendments, names);
    const all = overlay.decorations(state).find();
    const op2 = all.filter((d) => (d.spec as { blockId: string }).blockId === 'op-2');
    const ins = op2.find((d) => (d.spec as { key: string }).key.startsWith('ins'))!;
    // "Welcome" + footnote + " the " = 13 characters into the body.
    const body = endOf(state, 'op-2') - 'Welcome\uFFFC the report.'.length;
    expect(ins.from).toBe(body + 13);
    expect(state.doc.textBetween(body, body + 7)).toBe('Welcome');
  });

  it('after a keystroke recomputes only the block typed in, and ends as a full recompute would', () => {
    let state = EditorState.create({ schema, doc: fourParagraphs() });
    const overlay = new AmendmentOverlay();
    overlay.setAmendments(amendments, names);
    overlay.decorations(state);
    expect(overlay.lastRecomputed).toBe(3);

    // Typing in op-3 (no amendments) recomputes op-3 alone; op-4's decorations move.
    state = state.apply(state.tr.insertText(' soon', endOf(state, 'op-3')));
    const incremental = overlay.decorations(state).find().map(describeDecoration);
    expect(overlay.lastRecomputed).toBe(1);
    // Typing in op-1 changes its difference.
    state = state.apply(state.tr.insertText(' now', endOf(state, 'op-1')));
    const afterOp1 = overlay.decorations(state).find().map(describeDecoration);
    expect(overlay.lastRecomputed).toBe(1);

    const fresh = new AmendmentOverlay();
    fresh.setAmendments(amendments, names);
    expect(afterOp1.sort()).toEqual(fresh.decorations(state).find().map(describeDecoration).sort());
    expect(incremental).not.toEqual(afterOp1);
    // A selection change recomputes nothing.
    state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, 1)));
    overlay.decorations(state);
    expect(overlay.lastRecomputed).toBe(0);
  });

  it("ED17 with a settle time, typing maps a paragraph's overlays and redoes them once typing pauses", () => {
    vi.useFakeTimers();
    try {
      let state = EditorState.create({ schema, doc: fourParagraphs() });
      const overlay = new AmendmentOverlay(150);
      overlay.setAmendments(amendments, names);
      overlay.decorations(state);
      state = state.apply(state.tr.insertText(' now', endOf(state, 'op-1')));
      overlay.decorations(state);
      expect(overlay.lastRecomputed).toBe(0);
      state = state.apply(state.tr.insertText(' please', endOf(state, 'op-1')));
      overlay.decorations(state);
      expect(overlay.lastRecomputed).toBe(0);
      vi.advanceTimersByTime(150);
      const settled = overlay.decorations(state).find().map(describeDecoration);
      expect(overlay.lastRecomputed).toBe(1);
      const fresh = new AmendmentOverlay();
      fresh.setAmendments(amendments, names);
      expect(settled.sort()).toEqual(
        fresh.decorations(state).find().map(describeDecoration).sort(),
      );
    } finally {
      vi.useRealTimers();
    }
  });

  it('after an amendment changes recomputes only its block; hidden shows nothing', () => {
    const state = EditorState.create({ schema, doc: fourParagraphs() });
    const overlay = new AmendmentOverlay();
    overlay.setAmendments(amendments, names);
    overlay.decorations(state);
    const withdrawn = amendments.map((a) =>
      a.number === 2 ? { ...a, status: 'withdrawn' as const } : a,
    );
    overlay.setAmendments(withdrawn, names);
    const left = overlay.decorations(state).find();
    expect(overlay.lastRecomputed).toBe(1);
    expect(left.some((d) => (d.spec as { blockId: string }).blockId === 'op-2')).toBe(false);
    expect(left.some((d) => (d.spec as { blockId: string }).blockId === 'op-4')).toBe(true);
    overlay.setVisible(false);
    expect(overlay.decorations(state).find()).toEqual([]);
  });

  it('stays fast with 2,000 amendments: a keystroke recomputes one block', () => {
    const paragraphs = Array.from({ length: 300 }, (_, i) => op(`Paragraph ${i} of the text.`));
    let state = EditorState.create({ schema, doc: doc(title('T'), ...paragraphs) });
    const many = Array.from({ length: 2000 }, (_, i) =>
      amendment(i + 1, `OP${(i % 300) + 1}`, i + 1, {
        id: `am-${i}`,
        blockId: `op-${(i % 300) + 1}`,
        proposedText: `Paragraph ${i % 300} of the amended text ${i}.`,
      }),
    );
    const overlay = new AmendmentOverlay();
    overlay.setAmendments(many, names);
    overlay.decorations(state);
    const times: number[] = [];
    for (let i = 0; i < 30; i++) {
      state = state.apply(state.tr.insertText('x', endOf(state, 'op-150')));
      const start = performance.now();
      overlay.decorations(state);
      times.push(performance.now() - start);
      expect(overlay.lastRecomputed).toBe(1);
    }
    times.sort((a, b) => a - b);
    // Generous: the browser bench holds the real 16 ms budget; this catches a full recompute.
    expect(times[15]!).toBeLessThan(16);
  });
});

describe('the two-column view and the selected paragraph', () => {
  it('lists amendments in document order, new paragraphs after their anchor, gone targets last', () => {
    const d = fourParagraphs();
    const rows = twoColumnRows(d, [
      amendment(5, 'OP4', 1, { id: 'a5', blockId: 'op-4', kind: 'delete', proposedText: '' }),
      amendment(6, 'OP1 bis', 2, {
        id: 'a6',
        kind: 'insert',
        blockId: null,
        afterBlockId: 'op-1',
        proposedText: 'New.',
      }),
      amendment(7, 'OP9', 3, { id: 'a7', blockId: 'op-9', targetDeleted: true }),
      amendment(8, 'OP1', 4, { id: 'a8', blockId: 'op-1' }),
    ]);
    expect(rows.map((r) => [r.group.amendments[0]!.number, r.before, r.gone, r.now])).toEqual([
      [8, 'Adopt the text.', false, null],
      [6, '', false, null],
      [5, 'Close.', false, null],
      [7, 'Adopt the text.', true, null],
    ]);
    const decided = twoColumnRows(d, [
      amendment(9, 'OP1', 5, { id: 'a9', blockId: 'op-1', status: 'accepted' }),
    ]);
    expect(decided[0]).toMatchObject({ before: 'Adopt the text.', now: 'Adopt the text.' });
  });

  it('finds the paragraph the selection is in, with its text', () => {
    const state = EditorState.create({ schema, doc: fourParagraphs() });
    const at = endOf(state, 'op-2');
    const sel = selectedBlock(
      state.apply(state.tr.setSelection(TextSelection.create(state.doc, at))),
    );
    expect(sel).toMatchObject({ blockId: 'op-2', text: 'Welcome\uFFFC the report.' });
    expect(state.doc.nodeAt(sel!.pos)?.attrs.id).toBe('op-2');
  });
});
