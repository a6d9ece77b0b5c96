import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { FRAGMENT_NAME, schema, yFragmentToJSON } from '@accord/shared';
import { UpdateValidator } from '../../server/src/collab/UpdateValidator.js';
import { repairStructure } from '../../server/src/collab/repairStructure.js';
import { doc, li, list, op, pp, title } from '../helpers/builders.js';
import { blockWithId, editAs, idsInOrder, insertBlocks, yDocAs } from '../helpers/pipelineFakes.js';

/** Two editors who each gave PP1 a list, merged: PP1 holds two lists. */
function twoEditorsGaveAList() {
  const base = yDocAs(doc(title('T'), pp('Recognising:'), op('Adopt')), 1);
  const validator = new UpdateValidator(schema, Y.encodeStateAsUpdate(base));
  const giveList = (client: number, item: string, id: string) =>
    editAs(base, client, (f) => {
      const para = blockWithId(f, 'pp-1');
      insertBlocks(para, 1, list(li(item)));
      ((para.get(1) as Y.XmlElement).get(0) as Y.XmlElement).setAttribute('id', id);
    });
  const a = giveList(2, 'from A', 'li-a');
  const b = giveList(3, 'from B', 'li-b');
  return { base, validator, a, b };
}

describe('joinLists (DM7)', () => {
  it('DM7 two lists given to one paragraph at once are reported by the validator and joined by the repair, items in order with their ids', () => {
    const { base, validator, a, b } = twoEditorsGaveAList();
    expect(validator.apply(a, false)).toEqual({ ok: true, changed: true });
    Y.applyUpdate(base, a);
    const verdict = validator.apply(b, false);
    expect(verdict).toEqual(expect.objectContaining({ ok: true, join: [expect.any(Object)] }));
    Y.applyUpdate(base, b);
    const para = blockWithId(base.getXmlFragment(FRAGMENT_NAME), 'pp-1');
    expect(para.toArray().filter((c) => (c as Y.XmlElement).nodeName === 'list')).toHaveLength(2);
    if (!verdict.ok) throw new Error('refused');
    const repair = editAs(base, 99, (f) =>
      repairStructure(f, { rename: verdict.rename ?? [], join: verdict.join ?? [], prune: [] }),
    );
    // The repair is the server's own change: judged strictly, and accepted.
    expect(validator.apply(repair, true)).toEqual({ ok: true, changed: true });
    Y.applyUpdate(base, repair);
    const lists = para.toArray().filter((c) => (c as Y.XmlElement).nodeName === 'list');
    expect(lists).toHaveLength(1);
    const items = (lists[0] as Y.XmlElement).toArray() as Y.XmlElement[];
    expect(items.map((i) => i.getAttribute('id')).sort()).toEqual(['li-a', 'li-b']);
    const ids = idsInOrder(base.getXmlFragment(FRAGMENT_NAME));
    expect(new Set(ids).size).toBe(ids.length);
    expect(() =>
      schema.nodeFromJSON(yFragmentToJSON(base.getXmlFragment(FRAGMENT_NAME))).check(),
    ).not.toThrow();
  });

  it('DM7 the server may not leave two lists itself: a strict change with two lists is refused', () => {
    const { validator, a, b, base } = twoEditorsGaveAList();
    Y.applyUpdate(base, a);
    expect(validator.apply(a, true)).toEqual({ ok: true, changed: true });
    expect(validator.apply(b, true)).toEqual({
      ok: false,
      reason: 'update leaves two lists in one paragraph',
    });
  });
});

describe('empty lists (DM8)', () => {
  it('DM8 a list two editors emptied at once is reported, accepted, and removed by the repair; the server may not leave one', () => {
    const base = yDocAs(doc(title('T'), op('Adopt:', list(li('a'), li('b')))), 1);
    const validator = new UpdateValidator(schema, Y.encodeStateAsUpdate(base));
    const deleteItem = (client: number, index: number) =>
      editAs(base, client, (f) => {
        const theList = blockWithId(f, 'op-1').get(1) as Y.XmlElement;
        theList.delete(index, 1);
      });
    const a = deleteItem(2, 0);
    const b = deleteItem(3, 1);
    expect(validator.apply(a, false)).toEqual({ ok: true, changed: true });
    Y.applyUpdate(base, a);
    const verdict = validator.apply(b, false);
    expect(verdict).toEqual(expect.objectContaining({ ok: true, prune: [expect.any(Object)] }));
    Y.applyUpdate(base, b);
    if (!verdict.ok) throw new Error('refused');
    const repair = editAs(base, 99, (f) =>
      repairStructure(f, { rename: [], join: [], prune: verdict.prune ?? [] }),
    );
    expect(validator.apply(repair, true)).toEqual({ ok: true, changed: true });
    Y.applyUpdate(base, repair);
    const op1 = blockWithId(base.getXmlFragment(FRAGMENT_NAME), 'op-1');
    expect(op1.toArray().map((c) => (c as Y.XmlElement).nodeName)).toEqual(['body']);
    expect(() =>
      schema.nodeFromJSON(yFragmentToJSON(base.getXmlFragment(FRAGMENT_NAME))).check(),
    ).not.toThrow();
  });
});
