import { describe, expect, it } from 'vitest';
import type { Node } from 'prosemirror-model';
import { EditorState, TextSelection, type Transaction } from 'prosemirror-state';
import type { Decoration } from 'prosemirror-view';
import { blockText, textBlocks } from '@accord/shared';
import {
  baseIndex,
  blockTrackMarks,
  deletedBlocks,
  type BaseIndex,
} from '../../client/src/draft/trackChanges.js';
import {
  setBase,
  trackChangesKey,
  trackChangesPlugin,
  type TrackSpec,
} from '../../client/src/draft/trackChangesPlugin.js';
import { blockAtCaret, resetBlock } from '../../client/src/draft/resetBlock.js';
import { doc, li, list, op, pp, title, withId } from '../helpers/builders.js';
import { posIn } from '../helpers/editorState.js';

const block = (blockId: string, text: string, type = 'operative') => ({
  blockId,
  type,
  text,
  previousId: null,
  parentId: null,
});

describe('track changes: marks of one block', () => {
  it('AM1 an unchanged block has no marks', () => {
    expect(blockTrackMarks('Decide to act.', 'Decide to act.')).toEqual([]);
  });

  it('AM1 inserted words are a range of the copy, deleted words sit where they stood', () => {
    expect(blockTrackMarks('Decide to act now.', 'Decide firmly to act.')).toEqual([
      { kind: 'insert', from: 7, to: 14 },
      { kind: 'delete', at: 20, text: ' now' },
    ]);
  });

  it('AM1 a replaced word shows the deletion before the insertion', () => {
    expect(blockTrackMarks('Note the plan.', 'Note the report.')).toEqual([
      { kind: 'delete', at: 9, text: 'plan' },
      { kind: 'insert', from: 9, to: 15 },
    ]);
  });

  it('a new block is inserted as a whole; an empty new block has nothing to mark', () => {
    expect(blockTrackMarks(null, 'New text.')).toEqual([{ kind: 'insert', from: 0, to: 9 }]);
    expect(blockTrackMarks(null, '')).toEqual([]);
  });
});

describe('track changes: deleted blocks', () => {
  it('a deleted block is anchored after the nearest earlier block the copy still has', () => {
    const base = [block('a', 'A'), block('b', 'B'), block('c', 'C'), block('d', 'D')];
    expect(deletedBlocks(base, new Set(['a', 'd']))).toEqual([
      { blockId: 'b', type: 'operative', text: 'B', anchorId: 'a' },
      { blockId: 'c', type: 'operative', text: 'C', anchorId: 'a' },
    ]);
    expect(deletedBlocks(base, new Set(['b', 'c', 'd']))).toEqual([
      { blockId: 'a', type: 'operative', text: 'A', anchorId: null },
    ]);
  });
});

/** The base and a working copy that starts equal to it. */
function setup(baseDoc: Node, draftDoc: Node = baseDoc) {
  let base: BaseIndex | null = baseIndex(textBlocks(baseDoc));
  const plugin = trackChangesPlugin(() => base);
  let state = EditorState.create({ doc: draftDoc, plugins: [plugin] });
  return {
    get state() {
      return state;
    },
    apply(tr: Transaction) {
      state = state.apply(tr);
    },
    setBase(next: Node) {
      base = baseIndex(textBlocks(next));
      state = state.apply(setBase(state, base));
    },
    decorations(): Decoration[] {
      return trackChangesKey.getState(state)!.set.find();
    },
    /** What a reader sees: each textblock's text with [+inserted+] and [-deleted-] parts. */
    shown(): string[] {
      const decos = this.decorations();
      const out: string[] = [];
      state.doc.descendants((node, pos) => {
        if (!node.isTextblock) return true;
        const start = pos + 1;
        let text = '';
        for (let i = 0; i <= node.content.size; i++) {
          for (const d of decos) {
            const spec = d.spec as TrackSpec;
            if (d.to !== start + i) continue;
            if (spec.role === 'ins' && d.from >= start) text += '+]';
          }
          for (const d of decos) {
            const spec = d.spec as TrackSpec;
            if (d.from !== start + i) continue;
            if (spec.role === 'del' || spec.role === 'deleted-block') text += `[-${spec.text}-]`;
            if (spec.role === 'ins' && d.to > d.from) text += '[+';
          }
          if (i < node.content.size) text += node.textBetween(i, i + 1, '', '\uFFFC');
        }
        out.push(text);
        return false;
      });
      return out;
    },
  };
}

const typeAt = (state: EditorState, pos: number, text: string) => state.tr.insertText(text, pos);

describe('track changes plugin', () => {
  const base = doc(title('T'), pp('Noting the plan;'), op('Decide to act.', list(li('one;'))));

  it('a copy equal to the base shows nothing', () => {
    expect(setup(base).decorations()).toEqual([]);
  });

  it('typing in the copy shows the inserted word underlined, and only there', () => {
    const t = setup(base);
    t.apply(typeAt(t.state, posIn(t.state.doc, 'Decide to act.', 7), 'firmly '));
    expect(t.shown()).toContain('Decide [+firmly +]to act.');
    expect(t.shown()).toContain('Noting the plan;');
  });

  it('deleting words shows them struck through where they stood', () => {
    const t = setup(base);
    const from = posIn(t.state.doc, 'Noting the plan;', 7);
    t.apply(t.state.tr.delete(from, from + 4));
    expect(t.shown()).toContain('Noting [-the -]plan;');
  });

  it('recomputes only the block that changed: the others keep their entries', () => {
    const t = setup(base);
    t.apply(typeAt(t.state, posIn(t.state.doc, 'Noting the plan;', 0), 'Also '));
    const before = trackChangesKey.getState(t.state)!.entries;
    t.apply(typeAt(t.state, posIn(t.state.doc, 'one;', 0), 'item '));
    const after = trackChangesKey.getState(t.state)!.entries;
    expect(after.get('pp-1')).toBe(before.get('pp-1'));
    expect(after.get('op-1')).toBe(before.get('op-1'));
    expect(after.get('li-1')).not.toBe(before.get('li-1'));
    expect(t.shown()).toEqual([
      'T',
      '[+Also +]Noting the plan;',
      'Decide to act.',
      '[+item +]one;',
    ]);
  });

  it('keeps the marks of other blocks when a whole-document replacement keeps their nodes (y-prosemirror)', () => {
    const t = setup(base);
    t.apply(typeAt(t.state, posIn(t.state.doc, 'Noting the plan;', 0), 'Also '));
    // y-prosemirror mirrors a remote change by replacing the whole content.
    const next = typeAt(t.state, posIn(t.state.doc, 'one;', 0), 'x ').doc;
    const before = trackChangesKey.getState(t.state)!.entries;
    t.apply(t.state.tr.replaceWith(0, t.state.doc.content.size, next.content));
    expect(trackChangesKey.getState(t.state)!.entries.get('pp-1')).toBe(before.get('pp-1'));
    expect(t.shown()).toEqual(['T', '[+Also +]Noting the plan;', 'Decide to act.', '[+x +]one;']);
  });

  it('a base change arriving live updates the marks of the blocks it changed', () => {
    const t = setup(base);
    t.apply(typeAt(t.state, posIn(t.state.doc, 'Decide to act.', 0), 'We '));
    t.setBase(doc(title('T'), pp('Noting the new plan;'), op('Decide to act.', list(li('one;')))));
    expect(t.shown()).toContain('Noting the [-new -]plan;');
    expect(t.shown()).toContain('[+We +]Decide to act.');
  });

  it('a new block is marked inserted; a deleted block is shown after the block it followed', () => {
    const draft = doc(
      title('T'),
      withId('pp-1', pp('Noting the plan;')),
      withId('op-9', op('A new one.')),
    );
    const t = setup(base, draft);
    const roles = t.decorations().map((d) => d.spec as TrackSpec);
    expect(roles).toContainEqual({ blockId: 'op-9', role: 'new-block' });
    expect(t.shown()).toEqual([
      'T',
      'Noting the plan;[-Decide to act.-][-one;-]',
      '[+A new one.+]',
    ]);
  });

  // How fast that is, is measured by the benchmark; here, that only the typed paragraph is
  // diffed again: every other paragraph keeps the very entry it had.
  it('a typed keystroke in a long text diffs one paragraph', () => {
    const paragraphs = Array.from({ length: 600 }, (_, i) =>
      op(`Paragraph ${i} decides that the Parties shall cooperate on matters of common interest.`),
    );
    const long = doc(title('T'), ...paragraphs);
    const t = setup(long);
    const at = posIn(t.state.doc, paragraphs[300]!.textContent, 9);
    t.apply(typeAt(t.state, at, 'x'));
    for (let i = 0; i < 50; i++) {
      const before = new Map(trackChangesKey.getState(t.state)!.entries);
      t.apply(typeAt(t.state, at + 1 + i, 'y'));
      const after = trackChangesKey.getState(t.state)!.entries;
      const rediffed = [...after].filter(([id, entry]) => before.get(id) !== entry);
      expect(rediffed.length).toBe(1);
    }
    expect(trackChangesKey.getState(t.state)!.entries.size).toBe(600);
  });
});

describe('reset a paragraph to the base text', () => {
  const base = doc(title('T'), pp('Noting the plan;'), op('Decide to act.'));

  function at(d: Node, text: string) {
    const state = EditorState.create({ doc: d });
    return state.apply(state.tr.setSelection(TextSelection.create(d, posIn(d, text, 2))));
  }

  it('puts back the base text of the block at the caret', () => {
    let state = at(
      doc(title('T'), pp('Noting the whole plan;'), op('Decide now to act.')),
      'Decide now to act.',
    );
    expect(blockAtCaret(state)?.id).toBe('op-1');
    const handled = resetBlock(() => base)(state, (tr) => (state = state.apply(tr)));
    expect(handled).toBe(true);
    expect(textBlocks(state.doc).map((b) => b.text)).toEqual([
      'Noting the whole plan;',
      'Decide to act.',
    ]);
  });

  it('removes a block the delegation added, and does nothing on an unchanged block', () => {
    let state = at(
      doc(
        title('T'),
        withId('pp-1', pp('Noting the plan;')),
        withId('pp-7', pp('Added;')),
        withId('op-1', op('Decide to act.')),
      ),
      'Added;',
    );
    resetBlock(() => base)(state, (tr) => (state = state.apply(tr)));
    expect(textBlocks(state.doc).map((b) => b.blockId)).toEqual(['pp-1', 'op-1']);
    const unchanged = at(base, 'Decide to act.');
    expect(resetBlock(() => base)(unchanged)).toBe(false);
    expect(blockText(unchanged.doc.child(1))).toBe('Noting the plan;');
  });
});
