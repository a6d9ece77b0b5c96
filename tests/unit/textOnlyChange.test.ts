import { describe, expect, it } from 'vitest';
import { EditorState } from 'prosemirror-state';
import { schema } from '@accord/shared';
import { isTextOnlyChange } from '../../client/src/editor/textOnlyChange.js';
import {
  labelDecorations,
  labelsPlugin,
  labelsPluginKey,
} from '../../client/src/editor/labelsPlugin.js';
import { doc, fn, footnotes, li, list, op, pp, ref, title } from '../helpers/builders.js';
import { posIn } from '../helpers/editorState.js';

// Typing must not derive the labels of a long text again (ED17): they are mapped instead, and
// must come out exactly as deriving them would.

const start = () =>
  EditorState.create({
    schema,
    doc: doc(
      title('T'),
      pp('Noting the report;'),
      op('Adopt:', list(li('one;'), li('two.'))),
      op('Decide', ref('note000001'), '.'),
      footnotes(fn('note000001', 'A note.')),
    ),
    plugins: [labelsPlugin()],
  });

/** The label decorations as comparable rows. */
function rows(state: EditorState): string[] {
  return labelsPluginKey
    .getState(state)!
    .find()
    .map(
      (d) =>
        `${d.from}-${d.to} ${JSON.stringify((d as unknown as { type: { attrs?: unknown } }).type.attrs ?? null)}`,
    )
    .sort();
}

describe('ED17 labels are mapped while typing and derived again when the structure changes', () => {
  it('ED17 typing and deleting words inside a paragraph is a text-only change', () => {
    const state = start();
    const at = posIn(state.doc, 'Noting the report;', 'end') - 1;
    const typed = state.tr.insertText(' of 2024', at);
    expect(isTextOnlyChange(typed)).toBe(true);
    const deleted = state.tr.delete(at - 6, at);
    expect(isTextOnlyChange(deleted)).toBe(true);
    const after = state.apply(typed);
    expect(rows(after)).toEqual(
      rows(EditorState.create({ schema, doc: after.doc, plugins: [labelsPlugin()] })),
    );
    expect(labelDecorations(after.doc).find().length).toBe(
      labelsPluginKey.getState(after)!.find().length,
    );
  });

  it('ED17 splitting a paragraph, deleting across blocks or removing a footnote marker is not', () => {
    const state = start();
    const at = posIn(state.doc, 'Noting the report;', 5);
    expect(isTextOnlyChange(state.tr.split(at, 2))).toBe(false);
    const from = posIn(state.doc, 'Noting the report;', 'end');
    const to = posIn(state.doc, 'Adopt:', 'end');
    expect(isTextOnlyChange(state.tr.delete(from, to))).toBe(false);
    const marker = posIn(state.doc, 'Decide.', 6);
    expect(state.doc.nodeAt(marker)?.type.name).toBe('footnote_ref');
    const removed = state.tr.delete(marker, marker + 1);
    expect(isTextOnlyChange(removed)).toBe(false);
    // Derived again: the label set equals a fresh derivation.
    const after = state.apply(removed);
    expect(rows(after)).toEqual(
      rows(EditorState.create({ schema, doc: after.doc, plugins: [labelsPlugin()] })),
    );
  });

  it('ED17 inserting a footnote marker among words is not a text-only change', () => {
    const state = start();
    const at = posIn(state.doc, 'Noting the report;', 6);
    const inserted = state.tr.insert(at, schema.nodes.footnote_ref!.create({ ref: 'note000001' }));
    expect(isTextOnlyChange(inserted)).toBe(false);
  });
});
