import { describe, expect, it } from 'vitest';
import { EditorState, TextSelection } from 'prosemirror-state';
import { toggleMark } from 'prosemirror-commands';
import { schema } from '@accord/shared';
import { atomMarksPlugin } from '../../client/src/editor/atomMarksPlugin.js';
import { doc, fn, footnotes, pp, ref, title } from '../helpers/builders.js';

describe('footnote markers carry no marks (CV1)', () => {
  it('CV1 bold across a footnote marker bolds the words and leaves the marker plain, as y-prosemirror stores it', () => {
    const start = doc(
      title('T'),
      pp('Recalling', ref('fn-1'), ' the Compact'),
      footnotes(fn('fn-1', 'Note')),
    );
    let state = EditorState.create({ doc: start, plugins: [atomMarksPlugin()] });
    // Select from inside "Recalling" to inside " the Compact", across the marker.
    let from = 0;
    let to = 0;
    state.doc.descendants((node, pos) => {
      if (node.isText && node.text === 'Recalling') from = pos + 2;
      if (node.isText && node.text === ' the Compact') to = pos + 5;
      return true;
    });
    state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, from, to)));
    toggleMark(schema.marks.strong!)(state, (tr) => (state = state.apply(tr)));
    const marked: string[] = [];
    state.doc.descendants((node) => {
      if (node.type.name === 'footnote_ref') expect(node.marks).toEqual([]);
      if (node.isText && node.marks.length > 0) marked.push(node.text ?? '');
      return true;
    });
    expect(marked.join('|')).toBe('calling| the');
  });
});
