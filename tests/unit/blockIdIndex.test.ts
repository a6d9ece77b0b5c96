import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { FRAGMENT_NAME } from '@accord/shared';
import { BlockIdIndex, isLive, needsId } from '../../server/src/collab/BlockIdIndex.js';
import { action, doc, fn, footnotes, goal, li, list, op, pp, title } from '../helpers/builders.js';
import { blockWithId, yDocAs } from '../helpers/pipelineFakes.js';

/** A declaration with every kind of block that carries an id, and its index. */
function setup() {
  const ydoc = yDocAs(
    doc(
      title('T'),
      pp('Recognising'),
      op('Adopt:', list(li('first'), li('second'))),
      goal('Peace', action('Do x;')),
      footnotes(fn('fn-1', 'A note.')),
    ),
    1,
  );
  const fragment = ydoc.getXmlFragment(FRAGMENT_NAME);
  return {
    ydoc,
    fragment,
    index: BlockIdIndex.build(fragment),
    block: (id: string) => blockWithId(fragment, id),
  };
}

describe('BlockIdIndex (DM2)', () => {
  it('DM2 indexes every block that carries an id, nested ones included', () => {
    const { index, block } = setup();
    for (const id of ['title-1', 'pp-1', 'op-1', 'li-1', 'li-2', 'goal-1', 'act-1', 'fn-1'])
      expect(index.holders(id), id).toEqual([block(id)]);
    expect(index.holders('nobody')).toEqual([]);
  });

  it('DM2 needsId: the blocks DM2 names, not their containers', () => {
    const { fragment } = setup();
    const names = new Map<string, boolean>();
    for (const node of fragment.createTreeWalker((n) => n instanceof Y.XmlElement))
      names.set((node as Y.XmlElement).nodeName, needsId(node as Y.XmlElement));
    expect(Object.fromEntries(names)).toEqual({
      title: true,
      preambular: true,
      body: false,
      operative: true,
      list: false,
      list_item: true,
      goal: true,
      goal_title: false,
      action: true,
      footnotes: false,
      footnote: true,
    });
  });

  it('DM2 a deleted block no longer holds its id, nor do the blocks inside it', () => {
    const { ydoc, fragment, index, block } = setup();
    const opBlock = block('op-1');
    const item = block('li-1');
    ydoc.transact(() => fragment.delete(fragment.toArray().indexOf(opBlock), 1));
    expect(isLive(opBlock)).toBe(false);
    expect(isLive(item)).toBe(false);
    expect(index.holders('op-1')).toEqual([]);
    expect(index.holders('li-1')).toEqual([]);
    expect(index.holders('pp-1')).toHaveLength(1);
  });

  it('DM2 a re-labelled block leaves its old id, and holds the new one once added', () => {
    const { ydoc, index, block } = setup();
    const el = block('pp-1');
    ydoc.transact(() => el.setAttribute('id', 'pp-renamed'));
    expect(index.holders('pp-1')).toEqual([]);
    expect(index.holders('pp-renamed')).toEqual([]);
    index.add(el);
    expect(index.holders('pp-renamed')).toEqual([el]);
  });

  it('DM2 two blocks with one id are both holders; adding one twice counts it once', () => {
    const { ydoc, index, block } = setup();
    const second = block('op-1');
    ydoc.transact(() => second.setAttribute('id', 'pp-1'));
    index.add(second);
    index.add(second);
    expect(index.holders('pp-1')).toHaveLength(2);
    expect(index.holders('pp-1')).toContain(second);
  });

  it('DM2 a block without an id is not indexed', () => {
    const { ydoc, index, block } = setup();
    const el = block('pp-1');
    ydoc.transact(() => el.removeAttribute('id'));
    index.add(el);
    expect(index.holders('pp-1')).toEqual([]);
  });
});
