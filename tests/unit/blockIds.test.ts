import { describe, expect, it } from 'vitest';
import type { Node } from 'prosemirror-model';
import { Transform } from 'prosemirror-transform';
import {
  BLOCK_ID_LENGTH,
  cryptoRandom,
  ensureBlockIds,
  findIdRepairs,
  ID_NODE_TYPES,
  isBlockId,
  newBlockId,
  schema,
  seededRandom,
} from '@accord/shared';
import { doc, goal, action, li, list, op, pp, title, withId } from '../helpers/builders.js';

/** [type, id, text] of every id-carrying block, in document order. */
function blocks(d: Node): [string, string | null, string][] {
  const out: [string, string | null, string][] = [];
  d.descendants((node) => {
    if (ID_NODE_TYPES.has(node.type.name)) {
      const text = node.firstChild?.isTextblock ? node.firstChild.textContent : node.textContent;
      out.push([node.type.name, node.attrs.id as string | null, text]);
    }
    return true;
  });
  return out;
}

/** Position just after the first occurrence of `text` inside `d`. */
function after(d: Node, text: string): number {
  let found = -1;
  d.descendants((node, pos) => {
    if (found >= 0) return false;
    const i = node.isText ? (node.text ?? '').indexOf(text) : -1;
    if (i >= 0) found = pos + i + text.length;
    return true;
  });
  if (found < 0) throw new Error(`"${text}" not found`);
  return found;
}

describe('block ids', () => {
  it('DM2 newBlockId makes well-formed ids, reproducible from a seed', () => {
    const a = newBlockId(seededRandom(1));
    expect(a).toHaveLength(BLOCK_ID_LENGTH);
    expect(isBlockId(a)).toBe(true);
    expect(newBlockId(seededRandom(1))).toBe(a);
    expect(newBlockId(seededRandom(2))).not.toBe(a);
    const many = new Set(Array.from({ length: 1000 }, () => newBlockId(cryptoRandom)));
    expect(many.size).toBe(1000);
    for (const id of many) expect(isBlockId(id)).toBe(true);
  });

  it('DM2 isBlockId accepts only short URL-safe strings', () => {
    for (const ok of ['pp-1', 'aZ09_-xy', 'a'.repeat(32)]) expect(isBlockId(ok), ok).toBe(true);
    for (const bad of [
      'abc',
      'a'.repeat(33),
      'with space',
      'a/b/c/d',
      '<img>',
      '',
      null,
      1234,
      undefined,
    ]) {
      expect(isBlockId(bad), String(bad)).toBe(false);
    }
  });

  it('DM2 splitting a paragraph leaves the id on the first half and gives the second a new one', () => {
    const d = doc(
      title('D'),
      withId('pp-split', pp('Recognising the progress; and the need to strengthen it;')),
      op('Adopt.'),
    );
    const tr = new Transform(d);
    // Depth 2 splits the body and the preambular paragraph around it, copying its attributes.
    tr.split(after(d, 'progress;'), 2);
    const dup = blocks(tr.doc).filter(([type]) => type === 'preambular');
    expect(dup.map(([, id]) => id)).toEqual(['pp-split', 'pp-split']);

    expect(ensureBlockIds(tr, seededRandom(5))).toBe(true);
    const [first, second] = blocks(tr.doc).filter(([type]) => type === 'preambular');
    expect(first).toEqual(['preambular', 'pp-split', 'Recognising the progress;']);
    expect(second![1]).not.toBe('pp-split');
    expect(isBlockId(second![1])).toBe(true);
    expect(second![2]).toBe(' and the need to strengthen it;');
    expect(() => tr.doc.check()).not.toThrow();
    // Nothing else changed, and a second pass finds nothing to repair.
    expect(blocks(tr.doc).filter(([type]) => type !== 'preambular')).toEqual(
      blocks(d).filter(([type]) => type !== 'preambular'),
    );
    expect(ensureBlockIds(tr, seededRandom(5))).toBe(false);
  });

  it('DM2 splitting a list item or an action point does the same', () => {
    const d = doc(
      title('D'),
      op('Adopt:', list(withId('li-split', li('one two')))),
      goal('G', withId('act-split', action('Do x; do y;'))),
    );
    const tr = new Transform(d);
    tr.split(after(d, 'one'), 1);
    tr.split(tr.mapping.map(after(d, 'Do x;')), 2);
    const repairs = findIdRepairs(tr.doc, seededRandom(9));
    expect(repairs).toHaveLength(2);
    ensureBlockIds(tr, seededRandom(9));
    const ids = blocks(tr.doc);
    const items = ids.filter(([type]) => type === 'list_item');
    const actions = ids.filter(([type]) => type === 'action');
    expect(items.map(([, id, text]) => [id === 'li-split', text])).toEqual([
      [true, 'one'],
      [false, ' two'],
    ]);
    expect(actions.map(([, id, text]) => [id === 'act-split', text])).toEqual([
      [true, 'Do x;'],
      [false, ' do y;'],
    ]);
    const all = ids.map(([, id]) => id);
    expect(new Set(all).size).toBe(all.length);
  });

  it('DM2 fills null ids, and only those, with fresh unique ids', () => {
    const d = doc(title('D'), pp('a;'), pp('b;'), op('c.'));
    const tr = new Transform(d);
    const second = d.child(0).nodeSize + d.child(1).nodeSize;
    tr.setNodeAttribute(second, 'id', null);
    tr.setNodeAttribute(0, 'id', null);
    const repairs = findIdRepairs(tr.doc, seededRandom(3));
    expect(repairs.map((r) => r.pos)).toEqual([0, second]);
    expect(ensureBlockIds(tr, seededRandom(3))).toBe(true);
    const ids = blocks(tr.doc).map(([, id]) => id);
    expect(ids.every(isBlockId)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    // The blocks that had ids keep them.
    expect([ids[1], ids[3]]).toEqual(['pp-1', 'op-1']);
    expect(ids[0]).not.toBe('title-1');
    expect(ids[2]).not.toBe('pp-2');
  });

  it('DM2 a fresh id never repeats one already in the document', () => {
    const taken = newBlockId(seededRandom(11));
    const d = doc(title('D'), withId(taken, pp('a;')), pp('b;'));
    const tr = new Transform(d);
    tr.setNodeAttribute(d.child(0).nodeSize + d.child(1).nodeSize, 'id', null);
    // The same seed would produce `taken` first; the repair must skip it.
    const [repair] = findIdRepairs(tr.doc, seededRandom(11));
    expect(repair!.id).not.toBe(taken);
    expect(isBlockId(repair!.id)).toBe(true);
  });

  it('DM2 ids survive edits of the text', () => {
    const d = doc(
      title('D'),
      withId('pp-edit', pp('Recognising the progress;')),
      withId('op-edit', op('Adopt:', list(withId('li-edit', li('one'))))),
    );
    const tr = new Transform(d);
    tr.insert(after(d, 'progress'), schema.text(' made'));
    const word = tr.mapping.map(after(d, 'Recognising'));
    tr.replaceWith(word - 'Recognising'.length, word, schema.text('Welcoming'));
    tr.insert(tr.mapping.map(after(d, 'one')), schema.text(' and two'));
    expect(ensureBlockIds(tr, seededRandom(1))).toBe(false);
    expect(blocks(tr.doc)).toEqual([
      ['title', 'title-1', 'D'],
      ['preambular', 'pp-edit', 'Welcoming the progress made;'],
      ['operative', 'op-edit', 'Adopt:'],
      ['list_item', 'li-edit', 'one and two'],
    ]);
  });
});
