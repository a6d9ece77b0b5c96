import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Node } from 'prosemirror-model';
import {
  applyTextEdits,
  blockText,
  docToYDoc,
  FRAGMENT_NAME,
  OBJECT_MARK,
  schema,
  textBlocks,
  wordEdits,
  yFragmentToDoc,
  type NodeJSON,
} from '@accord/shared';
import {
  amendableBlockIds,
  applyBlockEdits,
  blockTextsById,
  deleteBlock,
  findBlock,
  insertBlockAfter,
  yBlockText,
} from '../../server/src/amendments/yjsBlocks.js';
import {
  action,
  chapeau,
  doc,
  fn,
  footnotes,
  goal,
  li,
  link,
  bracketed,
  list,
  op,
  pp,
  ref,
  strong,
  title,
} from '../helpers/builders.js';

const fragmentOf = (ydoc: Y.Doc) => ydoc.getXmlFragment(FRAGMENT_NAME);

/** The block `id` of a Y.Doc, which must exist. */
function blockOf(ydoc: Y.Doc, id: string): Y.XmlElement {
  const block = findBlock(fragmentOf(ydoc), id);
  if (!block) throw new Error(`no block ${id}`);
  return block;
}

/** The document the Y.Doc holds, schema-checked. */
const read = (ydoc: Y.Doc): Node => yFragmentToDoc(fragmentOf(ydoc), schema);

/** The ProseMirror block `id` of a document. */
function pmBlock(node: Node, id: string): Node {
  let found: Node | null = null;
  node.descendants((n) => {
    if (n.attrs.id === id) found = n;
    return !found;
  });
  if (!found) throw new Error(`no block ${id}`);
  return found;
}

/** Rewrites the block's text to `after` with word edits, in one transaction. */
function amend(ydoc: Y.Doc, id: string, after: string): void {
  const block = blockOf(ydoc, id);
  const edits = wordEdits(yBlockText(block), after);
  ydoc.transact(() => applyBlockEdits(block, edits));
}

/** Text runs of a block's text node, with their mark names, as the document JSON has them. */
function runs(node: Node, id: string): [string, string[]][] {
  const block = pmBlock(node, id);
  const textNode = block.type.name === 'list_item' ? block : block.firstChild!;
  const json = textNode.toJSON() as NodeJSON;
  return (json.content ?? []).map((c) => [
    c.text ?? OBJECT_MARK,
    (c.marks ?? []).map((m) => m.type),
  ]);
}

/** Characters deleted and inserted by the updates `run` produces. */
function countChanges(ydoc: Y.Doc, run: () => void): { deleted: number; inserted: number } {
  const updates: Uint8Array[] = [];
  const collect = (u: Uint8Array) => updates.push(u);
  ydoc.on('update', collect);
  try {
    run();
  } finally {
    ydoc.off('update', collect);
  }
  let deleted = 0;
  let inserted = 0;
  for (const u of updates) {
    const { structs, ds } = Y.decodeUpdate(u);
    for (const items of ds.clients.values()) for (const item of items) deleted += item.len;
    for (const s of structs) {
      if (s instanceof Y.Item && s.content instanceof Y.ContentString) inserted += s.length;
    }
  }
  return { deleted, inserted };
}

const sample = () =>
  doc(
    title('Declaration'),
    chapeau('WE, the Ministers;'),
    pp('Recognising the ', strong('important'), ' role of ', link('https://un.org', 'cities'), ';'),
    pp('Noting', ref('fn-1'), ' the progress', ref('fn-1'), ' made;'),
    op('Adopt the plan:', list(li('first item'), li('second item'))),
    op('Decide to act;'),
    goal('Goal one', action('Do x;')),
    goal('Goal two'),
    footnotes(fn('fn-1', 'A note.')),
  );

describe('yBlockText', () => {
  it('AM2 reads the same text as blockText, a footnote marker as one OBJECT_MARK', () => {
    const pm = sample();
    const ydoc = docToYDoc(pm);
    for (const id of ['chapeau-1', 'pp-1', 'pp-2', 'op-1', 'li-1', 'goal-1', 'act-1', 'fn-1']) {
      expect(yBlockText(blockOf(ydoc, id))).toBe(blockText(pmBlock(pm, id)));
    }
    expect(yBlockText(blockOf(ydoc, 'pp-2'))).toBe(
      `Noting${OBJECT_MARK} the progress${OBJECT_MARK} made;`,
    );
    expect(findBlock(fragmentOf(ydoc), 'nope')).toBeNull();
  });
});

describe('applyBlockEdits', () => {
  it('AM2 a word replacement keeps a concurrent edit elsewhere in the paragraph', () => {
    const a = docToYDoc(sample());
    const b = new Y.Doc({ gc: false });
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    amend(a, 'op-2', 'Decide to move;');
    amend(b, 'op-2', 'Firmly decide to act;');
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
    for (const d of [a, b]) {
      expect(yBlockText(blockOf(d, 'op-2'))).toBe('Firmly decide to move;');
      read(d);
    }
  });

  it('AM2 deletes and inserts exactly the edited characters; untouched words keep their items', () => {
    const ydoc = docToYDoc(sample());
    const body = blockOf(ydoc, 'op-2').get(0) as Y.XmlElement;
    const text = body.get(0) as Y.XmlText;
    const before = 'Decide to act;';
    const at = (word: string) => Y.createRelativePositionFromTypeIndex(text, before.indexOf(word));
    const decide = at('Decide');
    const semicolon = at(';');
    const after = 'Decide to take action;';
    const edits = wordEdits(before, after);
    const size = edits.reduce((n, e) => n + e.to - e.from, 0);
    const inserted = edits.reduce((n, e) => n + e.insert.length, 0);
    expect(countChanges(ydoc, () => amend(ydoc, 'op-2', after))).toEqual({
      deleted: size,
      inserted,
    });
    const now = text.toString();
    expect(now).toBe(after);
    const where = (rel: Y.RelativePosition) =>
      Y.createAbsolutePositionFromRelativePosition(rel, ydoc)!.index;
    expect(now.slice(where(decide), where(decide) + 6)).toBe('Decide');
    expect(now.slice(where(semicolon))).toBe(';');
  });

  it('AM2 keeps the marks of untouched words; inserted text inherits bold but not a link', () => {
    const ydoc = docToYDoc(sample());
    // "new" after a plain space, ", now" right after the link's last character.
    amend(ydoc, 'pp-1', 'Recognising the important new role of cities, now;');
    expect(runs(read(ydoc), 'pp-1')).toEqual([
      ['Recognising the ', []],
      ['important', ['strong']],
      [' new role of ', []],
      ['cities', ['link']],
      [', now;', []],
    ]);
  });

  it('AM2 text added after or in place of a bold word is bold; at the very start it is plain', () => {
    const ydoc = docToYDoc(doc(title('T'), pp(strong('Bold'), ' then ', strong('strong'), '.')));
    const block = blockOf(ydoc, 'pp-1');
    ydoc.transact(() =>
      applyBlockEdits(block, [
        { from: 0, to: 0, insert: 'Start ' },
        { from: 4, to: 4, insert: 'er' },
        { from: 10, to: 16, insert: 'heavy' },
      ]),
    );
    expect(runs(read(ydoc), 'pp-1')).toEqual([
      ['Start ', []],
      ['Bolder', ['strong']],
      [' then ', []],
      ['heavy', ['strong']],
      ['.', []],
    ]);
  });

  it('AM2 a replacement inside a link stays linked', () => {
    const ydoc = docToYDoc(doc(title('T'), pp('See ', link('https://un.org', 'the UN site'), '.')));
    amend(ydoc, 'pp-1', 'See the United Nations site.');
    expect(runs(read(ydoc), 'pp-1')).toEqual([
      ['See ', []],
      ['the United Nations site', ['link']],
      ['.', []],
    ]);
  });

  it('NS9 words added right after a bracket are not bracketed; words replaced inside one stay bracketed', () => {
    const ydoc = docToYDoc(
      doc(title('T'), pp('We ', ...bracketed('brAm000001', 'germany', 'shall ensure'), ' it.')),
    );
    amend(ydoc, 'pp-1', 'We shall guarantee it fully.');
    expect(runs(read(ydoc), 'pp-1')).toEqual([
      ['We ', []],
      ['shall guarantee', ['bracket']],
      [' it fully.', []],
    ]);
    amend(ydoc, 'pp-1', 'We shall guarantee now it fully.');
    expect(runs(read(ydoc), 'pp-1')).toEqual([
      ['We ', []],
      ['shall guarantee', ['bracket']],
      [' now it fully.', []],
    ]);
  });

  it('AM2 keeps footnote markers before and after the edit', () => {
    const ydoc = docToYDoc(sample());
    const before = yBlockText(blockOf(ydoc, 'pp-2'));
    const after = before.replace('the progress', 'the remarkable progress');
    amend(ydoc, 'pp-2', after);
    expect(yBlockText(blockOf(ydoc, 'pp-2'))).toBe(after);
    const json = pmBlock(read(ydoc), 'pp-2').firstChild!.toJSON() as NodeJSON;
    expect(json.content?.filter((c) => c.type === 'footnote_ref')).toHaveLength(2);
  });

  it('AM2 inserts right after a marker and at the end after a marker', () => {
    const ydoc = docToYDoc(doc(title('T'), pp('A', ref('fn-1')), footnotes(fn('fn-1', 'N.'))));
    amend(ydoc, 'pp-1', `A${OBJECT_MARK} more`);
    amend(ydoc, 'pp-1', `A${OBJECT_MARK}, indeed, more`);
    expect(yBlockText(blockOf(ydoc, 'pp-1'))).toBe(`A${OBJECT_MARK}, indeed, more`);
    read(ydoc);
  });

  it('AM2 a deleted range covering a marker removes it', () => {
    const ydoc = docToYDoc(sample());
    amend(ydoc, 'pp-2', `Noting${OBJECT_MARK} made;`);
    expect(yBlockText(blockOf(ydoc, 'pp-2'))).toBe(`Noting${OBJECT_MARK} made;`);
    const json = pmBlock(read(ydoc), 'pp-2').firstChild!.toJSON() as NodeJSON;
    expect(json.content?.filter((c) => c.type === 'footnote_ref')).toHaveLength(1);
  });

  it('AM2 refuses to insert OBJECT_MARK or out-of-range edits, changing nothing', () => {
    const ydoc = docToYDoc(sample());
    const block = blockOf(ydoc, 'op-2');
    const state = Y.encodeStateAsUpdate(ydoc);
    expect(() =>
      applyBlockEdits(block, [
        { from: 0, to: 0, insert: 'ok ' },
        { from: 3, to: 3, insert: OBJECT_MARK },
      ]),
    ).toThrow(RangeError);
    expect(() => applyBlockEdits(block, [{ from: 0, to: 99, insert: '' }])).toThrow(RangeError);
    expect(Y.encodeStateAsUpdate(ydoc)).toEqual(state);
  });

  it('AM2 writes into an empty paragraph, a list item and a goal title', () => {
    const ydoc = docToYDoc(doc(title('T'), pp(''), goal('Goal', action('x')), footnotes()));
    amend(ydoc, 'pp-1', 'Now written');
    amend(ydoc, 'goal-1', 'Goal renamed');
    const pm = read(ydoc);
    expect(blockText(pmBlock(pm, 'pp-1'))).toBe('Now written');
    expect(blockText(pmBlock(pm, 'goal-1'))).toBe('Goal renamed');
    const other = docToYDoc(sample());
    amend(other, 'li-2', 'second and last item');
    expect(applyTextEdits('second item', wordEdits('second item', 'second and last item'))).toBe(
      yBlockText(blockOf(other, 'li-2')),
    );
  });
});

describe('insertBlockAfter', () => {
  it.each([
    ['preambular', 'pp-2', 4],
    ['preambular', 'chapeau-1', 2],
    ['operative', 'op-1', 5],
    ['operative', 'pp-2', 4],
  ])('AM2 inserts a %s after %s', (type, after, index) => {
    const ydoc = docToYDoc(sample());
    const el = insertBlockAfter(fragmentOf(ydoc), after, type, 'New text;', 'new-1');
    const pm = read(ydoc);
    expect(pm.child(index).attrs.id).toBe('new-1');
    expect(pm.child(index).type.name).toBe(type);
    expect(blockText(pm.child(index))).toBe('New text;');
    expect(yBlockText(el)).toBe('New text;');
  });

  it('AM2 inserts an action point after another and as the first of a goal', () => {
    const ydoc = docToYDoc(sample());
    insertBlockAfter(fragmentOf(ydoc), 'act-1', 'action', 'Do y;', 'new-1');
    insertBlockAfter(fragmentOf(ydoc), 'goal-2', 'action', 'Do z;', 'new-2');
    const pm = read(ydoc);
    const goals = [pmBlock(pm, 'goal-1'), pmBlock(pm, 'goal-2')];
    expect(goals[0]!.child(2).attrs.id).toBe('new-1');
    expect(goals[1]!.child(1).attrs.id).toBe('new-2');
  });

  it('AM2 inserts a list item as a sibling and as the first item of a paragraph', () => {
    const ydoc = docToYDoc(sample());
    insertBlockAfter(fragmentOf(ydoc), 'li-1', 'list_item', 'middle', 'new-1');
    insertBlockAfter(fragmentOf(ydoc), 'op-1', 'list_item', 'zeroth', 'new-2');
    insertBlockAfter(fragmentOf(ydoc), 'op-2', 'list_item', 'only', 'new-3');
    insertBlockAfter(fragmentOf(ydoc), 'act-1', 'list_item', 'sub', 'new-4');
    const pm = read(ydoc);
    const items = (id: string) => {
      const ids: string[] = [];
      pmBlock(pm, id)
        .child(1)
        .forEach((n) => ids.push(n.attrs.id as string));
      return ids;
    };
    expect(items('op-1')).toEqual(['new-2', 'li-1', 'new-1', 'li-2']);
    expect(items('op-2')).toEqual(['new-3']);
    expect(items('act-1')).toEqual(['new-4']);
    expect(blockText(pmBlock(pm, 'new-3'))).toBe('only');
  });

  it('AM2 refuses a missing anchor, an impossible placement and a marker in the text', () => {
    const ydoc = docToYDoc(sample());
    const f = fragmentOf(ydoc);
    expect(() => insertBlockAfter(f, 'nope', 'operative', 'x', 'new-1')).toThrow(/no block nope/);
    expect(() => insertBlockAfter(f, 'pp-1', 'operative', 'x', 'new-1')).toThrow(RangeError);
    expect(() => insertBlockAfter(f, 'op-1', 'preambular', 'x', 'new-1')).toThrow(RangeError);
    expect(() => insertBlockAfter(f, 'li-1', 'operative', 'x', 'new-1')).toThrow(RangeError);
    expect(() => insertBlockAfter(f, 'goal-1', 'list_item', 'x', 'new-1')).toThrow(RangeError);
    expect(() => insertBlockAfter(f, 'op-1', 'goal', 'x', 'new-1')).toThrow(RangeError);
    expect(() => insertBlockAfter(f, 'op-1', 'operative', OBJECT_MARK, 'new-1')).toThrow(
      RangeError,
    );
    expect(() => insertBlockAfter(f, 'op-1', 'operative', 'x', 'op-2')).toThrow(/taken/);
    read(ydoc);
    expect(findBlock(f, 'new-1')).toBeNull();
  });
});

describe('deleteBlock', () => {
  it('AM2 deletes a paragraph, a list item, and the list with its last item', () => {
    const ydoc = docToYDoc(sample());
    const f = fragmentOf(ydoc);
    expect(deleteBlock(f, 'pp-1')).toBe(true);
    expect(deleteBlock(f, 'li-1')).toBe(true);
    expect(pmBlock(read(ydoc), 'op-1').childCount).toBe(2);
    expect(deleteBlock(f, 'li-2')).toBe(true);
    const pm = read(ydoc);
    expect(pmBlock(pm, 'op-1').childCount).toBe(1);
    expect(() => pmBlock(pm, 'pp-1')).toThrow();
    expect(deleteBlock(f, 'li-2')).toBe(false);
  });
});

describe('reading blocks straight from Yjs', () => {
  it('AM13 blockTextsById and amendableBlockIds agree with the ProseMirror reading', () => {
    const pm = doc(
      title('T'),
      pp('Noting ', ref('note000001'), ' the report;'),
      op('Adopt:', list(li('one;'), li('two.'))),
      footnotes(fn('note000001', 'A note.')),
    );
    const fragment = docToYDoc(pm).getXmlFragment(FRAGMENT_NAME);
    const blocks = textBlocks(yFragmentToDoc(fragment, schema));
    expect(blocks.length).toBeGreaterThan(3);
    expect(amendableBlockIds(fragment)).toEqual(blocks.map((b) => b.blockId));
    const texts = blockTextsById(fragment, new Set(blocks.map((b) => b.blockId)));
    expect(blocks.map((b) => texts.get(b.blockId))).toEqual(blocks.map((b) => b.text));
  });
});
