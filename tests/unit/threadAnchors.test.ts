import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { docToYDoc } from '@accord/shared';
import { HeadlessEditor } from '../fuzz/HeadlessEditor.js';
import { doc, op, title } from '../helpers/builders.js';
import { posIn } from '../helpers/editorState.js';
import { mapPlacement, placementOf } from '../../client/src/comments/anchorState.js';
import { diffMapping } from '../../client/src/comments/diffMapping.js';
import {
  bindingOf,
  decodePosition,
  encodePosition,
  resolveAnchor,
  selectionAnchor,
  type TextAnchor,
} from '../../client/src/comments/textAnchor.js';

// Comment anchors (issue 8): a thread hangs on two Yjs relative positions, so it follows the
// text as others edit it, and is detached (with its quote) when every word it was on is gone.

const SENTENCE = 'We shall act now together.';

describe('the placement of a resolved anchor', () => {
  it('is attached to a non-empty range', () => {
    expect(placementOf({ from: 3, to: 9 }, 'shall')).toEqual({ kind: 'attached', from: 3, to: 9 });
  });

  it('is detached when the range resolves to nothing or collapsed though it had words', () => {
    expect(placementOf(null, 'shall')).toEqual({ kind: 'detached', at: null });
    expect(placementOf({ from: 7, to: 7 }, 'shall')).toEqual({ kind: 'detached', at: 7 });
    expect(placementOf({ from: 8, to: 7 }, 'shall')).toEqual({ kind: 'detached', at: 7 });
    // A thread started on no words stays at its point.
    expect(placementOf({ from: 7, to: 7 }, '')).toEqual({ kind: 'attached', from: 7, to: 7 });
  });

  it('detaches at once when a local edit deletes the whole range (mapped, not re-resolved)', () => {
    // Deleting 2..12: positions inside collapse to 2.
    const map = (pos: number) => (pos <= 2 ? pos : pos >= 12 ? pos - 10 : 2);
    expect(mapPlacement({ kind: 'attached', from: 4, to: 9 }, map, 'words')).toEqual({
      kind: 'detached',
      at: 2,
    });
    expect(mapPlacement({ kind: 'attached', from: 14, to: 20 }, map, 'words')).toEqual({
      kind: 'attached',
      from: 4,
      to: 10,
    });
  });
});

describe('relative positions on a paragraph’s Y.XmlText', () => {
  const setup = () => {
    const ydoc = new Y.Doc();
    const text = ydoc.get('t', Y.XmlText);
    text.insert(0, SENTENCE);
    // "shall act": the start before "s", the end before the space after "act".
    const from = Y.createRelativePositionFromTypeIndex(text, 3);
    const to = Y.createRelativePositionFromTypeIndex(text, 12);
    const range = () => {
      const a = Y.createAbsolutePositionFromRelativePosition(
        decodePosition(encodePosition(from))!,
        ydoc,
      );
      const b = Y.createAbsolutePositionFromRelativePosition(
        decodePosition(encodePosition(to))!,
        ydoc,
      );
      return a && b ? placementOf({ from: a.index, to: b.index }, 'shall act') : null;
    };
    const words = () => {
      const p = range();
      return p?.kind === 'attached' ? text.toString().slice(p.from, p.to) : null;
    };
    return { text, range, words };
  };

  it('follow inserts before, inside and after them', () => {
    const { text, words } = setup();
    text.insert(0, 'Indeed, ');
    expect(words()).toBe('shall act');
    text.insert(text.toString().indexOf('act'), 'really ');
    expect(words()).toBe('shall really act');
    text.insert(text.length - 1, ' today');
    expect(words()).toBe('shall really act');
  });

  it('follow deletes before, inside and after them, and detach when all are deleted', () => {
    const { text, words, range } = setup();
    text.delete(0, 3); // "We "
    expect(words()).toBe('shall act');
    text.delete(text.toString().indexOf('all'), 4); // "all " inside
    expect(words()).toBe('shact');
    text.delete(text.toString().indexOf(' now'), 4); // after
    expect(words()).toBe('shact');
    text.delete(0, 'shact'.length);
    expect(range()).toMatchObject({ kind: 'detached' });
  });
});

describe('anchors through y-prosemirror, as the editor makes and resolves them', () => {
  let editor: HeadlessEditor | null = null;
  afterEach(() => editor?.destroy());

  const setup = () => {
    const ydoc = docToYDoc(doc(title('Declaration'), op(SENTENCE), op('Second paragraph.')));
    editor = new HeadlessEditor(ydoc.getXmlFragment('prosemirror'));
    const ed = editor;
    const from = posIn(ed.doc, SENTENCE, 3);
    const made = selectionAnchor(ed.state, 'base', { from, to: from + 'shall act'.length })!;
    const anchor: TextAnchor = made.anchor;
    const placement = () => placementOf(resolveAnchor(bindingOf(ed.state)!, anchor), made.quote);
    const words = () => {
      const p = placement();
      return p.kind === 'attached' ? ed.doc.textBetween(p.from, p.to) : null;
    };
    return { ydoc, ed, made, words, placement };
  };

  it('makes a base64 anchor with the selected words as its quote', () => {
    const { made, words } = setup();
    expect(made.quote).toBe('shall act');
    expect(made.anchor.from).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    expect(made.anchor.on).toBe('base');
    expect(words()).toBe('shall act');
  });

  it('follows local inserts before, inside and after the words', () => {
    const { ed, words } = setup();
    ed.dispatch(ed.state.tr.insertText('Indeed, ', posIn(ed.doc, SENTENCE)));
    expect(words()).toBe('shall act');
    const inside = ed.doc.textContent.indexOf('act');
    ed.dispatch(
      ed.state.tr.insertText(
        'really ',
        posIn(ed.doc, `Indeed, ${SENTENCE}`, inside - 'Declaration'.length),
      ),
    );
    expect(words()).toBe('shall really act');
    ed.dispatch(
      ed.state.tr.insertText(
        ' today',
        posIn(ed.doc, 'Indeed, We shall really act now together.', 'end'),
      ),
    );
    expect(words()).toBe('shall really act');
  });

  it('follows a remote edit made in another copy of the text', () => {
    const { ydoc, words } = setup();
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(ydoc));
    other.on('update', (update: Uint8Array) => Y.applyUpdate(ydoc, update));
    // The operative paragraph's body text in the other copy.
    const fragment = other.getXmlFragment('prosemirror');
    const operative = fragment.get(1) as Y.XmlElement;
    const body = operative.get(0) as Y.XmlElement;
    const text = body.get(0) as Y.XmlText;
    text.insert(0, 'Now ');
    expect(words()).toBe('shall act');
  });

  it('detaches when every word it was on is deleted, and keeps its quote', () => {
    const { ed, words, placement, made } = setup();
    const from = posIn(ed.doc, SENTENCE, 3);
    ed.dispatch(ed.state.tr.delete(from, from + 'shall act'.length));
    expect(words()).toBeNull();
    expect(placement().kind).toBe('detached');
    expect(made.quote).toBe('shall act');
  });

  it('detaches when the whole paragraph is deleted', () => {
    const { ed, placement } = setup();
    const start = posIn(ed.doc, SENTENCE) - 2;
    const $start = ed.doc.resolve(start);
    const node = $start.nodeAfter!;
    ed.dispatch(ed.state.tr.delete(start, start + node.nodeSize));
    expect(ed.doc.textContent).not.toContain('shall');
    expect(placement().kind).toBe('detached');
  });
});

describe('highlights through a change from another editor', () => {
  it('map through only what differs, not through y-prosemirror’s whole-document replacement', () => {
    const before = doc(title('Declaration'), op(SENTENCE), op('Second paragraph.'));
    const after = doc(title('Declaration'), op(`Now ${SENTENCE}`), op('Second paragraph.'));
    const mapping = diffMapping(before, after);
    const from = posIn(before, SENTENCE, 3);
    const mapped = mapPlacement(
      { kind: 'attached', from, to: from + 9 },
      (pos, assoc) => mapping.map(pos, assoc),
      'shall act',
    );
    expect(mapped.kind === 'attached' && after.textBetween(mapped.from, mapped.to)).toBe(
      'shall act',
    );
    const second = posIn(before, 'Second paragraph.');
    expect(mapping.map(second)).toBe(posIn(after, 'Second paragraph.'));
  });
});
