import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { FRAGMENT_NAME, derivedBlockId, schema } from '@accord/shared';
import { repairDuplicateIds } from '../../server/src/collab/repairDuplicateIds.js';
import { UpdateValidator } from '../../server/src/collab/UpdateValidator.js';
import { BlockIdIndex } from '../../server/src/collab/BlockIdIndex.js';
import { action, doc, goal, li, list, op, pp, title, withId } from '../helpers/builders.js';
import { ClientIds } from '../../server/src/collab/ClientIds.js';
import { identify } from '../../server/src/collab/pipeline/identify.js';
import { validate } from '../../server/src/collab/pipeline/validate.js';
import {
  blockWithId,
  connectionOf,
  editAs,
  fromConnection,
  idsInOrder,
  insertBlocks,
  yDocAs,
} from '../helpers/pipelineFakes.js';

// DM6: where honest concurrent edits leave one id on two blocks, the server gives the blocks the
// later update brought (named by their Yjs items) an id derived from the duplicate and the item;
// the block stored first keeps the id.

/** The Yjs item of the top-level block at `index`. */
const itemAt = (fragment: Y.XmlFragment, index: number): Y.ID =>
  (fragment.get(index) as Y.XmlElement)._item!.id;

/** The id a repair gives `el`, which repeats `id` (the first candidate, before any collision). */
const repairedId = (id: string, el: Y.XmlElement) =>
  derivedBlockId(`${id}:${el._item!.id.client}:${el._item!.id.clock}`);

/** A document by client 1 in which client 2 gave blocks the ids listed (old id → new id). */
function withDuplicates(
  relabel: [string, string][],
  node = doc(title('T'), pp('One'), pp('Two'), op('Three'), op('Four')),
) {
  const ydoc = yDocAs(node, 1);
  Y.applyUpdate(
    ydoc,
    editAs(ydoc, 2, (f) => {
      for (const [from, to] of relabel) blockWithId(f, from).setAttribute('id', to);
    }),
  );
  return { ydoc, fragment: ydoc.getXmlFragment(FRAGMENT_NAME) };
}

describe('repairDuplicateIds (DM6)', () => {
  it('DM6 the block stored first keeps the id; the one the later update brought gets a derived id', () => {
    const { fragment } = withDuplicates([['op-1', 'pp-1']]);
    const later = fragment.get(3) as Y.XmlElement;
    expect(repairDuplicateIds(fragment, [itemAt(fragment, 3)])).toBe(1);
    expect(idsInOrder(fragment)).toEqual([
      'title-1',
      'pp-1',
      'pp-2',
      repairedId('pp-1', later),
      'op-2',
    ]);
  });

  it('DM6 every block the later update brought is repaired, each with its own id', () => {
    const { fragment } = withDuplicates([
      ['pp-2', 'pp-1'],
      ['op-2', 'pp-1'],
    ]);
    expect(repairDuplicateIds(fragment, [itemAt(fragment, 2), itemAt(fragment, 4)])).toBe(2);
    const ids = idsInOrder(fragment);
    expect(ids[1]).toBe('pp-1');
    expect(ids[2]).toBe(repairedId('pp-1', fragment.get(2) as Y.XmlElement));
    expect(ids[4]).toBe(repairedId('pp-1', fragment.get(4) as Y.XmlElement));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('DM6 only the blocks asked about are repaired', () => {
    const { fragment } = withDuplicates([
      ['pp-2', 'pp-1'],
      ['op-2', 'op-1'],
    ]);
    expect(repairDuplicateIds(fragment, [itemAt(fragment, 4)])).toBe(1);
    expect(idsInOrder(fragment).filter((id) => id === 'pp-1')).toHaveLength(2);
    expect(idsInOrder(fragment).filter((id) => id === 'op-1')).toHaveLength(1);
  });

  it('DM6 nothing to repair: no change, and a second repair changes nothing more', () => {
    const { ydoc, fragment } = withDuplicates([['op-1', 'pp-1']]);
    expect(repairDuplicateIds(fragment, [itemAt(fragment, 2)])).toBe(0);
    expect(repairDuplicateIds(fragment, [itemAt(fragment, 3)])).toBe(1);
    const state = Y.encodeStateVector(ydoc);
    expect(repairDuplicateIds(fragment, [itemAt(fragment, 3)])).toBe(0);
    expect(Y.encodeStateVector(ydoc)).toEqual(state);
  });

  it('DM6 deterministic: two independent documents with the same items compute the same repair', () => {
    const a = withDuplicates([
      ['pp-2', 'pp-1'],
      ['op-2', 'op-1'],
    ]);
    const b = withDuplicates([
      ['pp-2', 'pp-1'],
      ['op-2', 'op-1'],
    ]);
    const c = new Y.Doc({ gc: false }); // a third, from the first one's bytes
    Y.applyUpdate(c, Y.encodeStateAsUpdate(a.ydoc));
    const targets = [itemAt(a.fragment, 2), itemAt(a.fragment, 4)];
    for (const d of [a.fragment, b.fragment, c.getXmlFragment(FRAGMENT_NAME)])
      repairDuplicateIds(d, targets);
    expect(idsInOrder(b.fragment)).toEqual(idsInOrder(a.fragment));
    expect(idsInOrder(c.getXmlFragment(FRAGMENT_NAME))).toEqual(idsInOrder(a.fragment));
  });

  it('DM6 a derived id never collides with an id the document already has', () => {
    const { ydoc, fragment } = withDuplicates([['op-1', 'pp-1']]);
    const later = fragment.get(3) as Y.XmlElement;
    const taken = repairedId('pp-1', later);
    // Another block already carries the id the repair would pick first.
    ydoc.transact(() => blockWithId(fragment, 'op-2').setAttribute('id', taken));
    expect(repairDuplicateIds(fragment, [later._item!.id])).toBe(1);
    const { client, clock } = later._item!.id;
    expect(later.getAttribute('id')).toBe(derivedBlockId(`pp-1:${client}:${clock}:1`));
    expect(idsInOrder(fragment)).toEqual([
      'title-1',
      'pp-1',
      'pp-2',
      later.getAttribute('id'),
      taken,
    ]);
  });

  it('DM6 nested blocks are repaired too: list items and action points', () => {
    const { fragment } = withDuplicates(
      [
        ['li-2', 'li-1'],
        ['act-2', 'act-1'],
      ],
      doc(
        title('T'),
        op('Adopt:', list(li('a'), li('b'))),
        goal('Peace', action('Do x;'), action('Do y;')),
      ),
    );
    const secondOf = (parent: Y.XmlElement, nodeName: string) => {
      const found: Y.XmlElement[] = [];
      for (const n of parent.createTreeWalker(
        (x) => x instanceof Y.XmlElement && x.nodeName === nodeName,
      ))
        found.push(n as Y.XmlElement);
      return found[1]!._item!.id;
    };
    const opBlock = fragment.get(1) as Y.XmlElement;
    const goalBlock = fragment.get(2) as Y.XmlElement;
    expect(
      repairDuplicateIds(fragment, [secondOf(opBlock, 'list_item'), secondOf(goalBlock, 'action')]),
    ).toBe(2);
    const ids = idsInOrder(fragment);
    expect(ids).toEqual([
      'title-1',
      'op-1',
      'li-1',
      expect.any(String),
      'goal-1',
      'act-1',
      expect.any(String),
    ]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('DM6 a deleted block does not count as a holder', () => {
    const { ydoc, fragment } = withDuplicates([['op-1', 'pp-1']]);
    const later = itemAt(fragment, 3);
    ydoc.transact(() => fragment.delete(1, 1)); // the original pp-1
    expect(repairDuplicateIds(fragment, [later])).toBe(0);
    expect(idsInOrder(fragment)).toEqual(['title-1', 'pp-2', 'pp-1', 'op-2']);
  });

  it('DM6 the repair, made as a server change, is accepted by the validator and leaves every id unique', () => {
    const durable = yDocAs(doc(title('T'), pp('One'), op('Two')), 1);
    const validator = new UpdateValidator(schema, Y.encodeStateAsUpdate(durable));
    const base = new Y.Doc({ gc: false });
    Y.applyUpdate(base, Y.encodeStateAsUpdate(durable));
    // Two clients, each unaware of the other, add a block with the same id.
    const rename: Y.ID[] = [];
    for (const [client, index] of [
      [2, 2],
      [3, 3],
    ] as const) {
      const update = editAs(base, client, (f) =>
        insertBlocks(f, index, withId('same-1', op(`By ${client}`))),
      );
      const verdict = validator.apply(update, false);
      expect(verdict).toEqual(expect.objectContaining({ ok: true }));
      if (verdict.ok) rename.push(...(verdict.rename ?? []));
      Y.applyUpdate(durable, update);
    }
    expect(rename).toHaveLength(1);
    const repair = editAs(durable, 99, (f) => repairDuplicateIds(f, rename));
    expect(validator.apply(repair)).toEqual({ ok: true, changed: true });
    Y.applyUpdate(durable, repair);
    const ids = idsInOrder(durable.getXmlFragment(FRAGMENT_NAME));
    expect(new Set(ids).size).toBe(ids.length);
    const index = BlockIdIndex.build(durable.getXmlFragment(FRAGMENT_NAME));
    expect(index.holders('same-1')).toHaveLength(1);
  });

  // A client inserts a block carrying OP2's id just below the title (it has OP2: the server sent
  // it the whole text). Such a repeat is repaired, never refused (DM6), and the repair must
  // rename the copy, never OP2, whose id amendments and comments hang on.
  it('DM6 a copy placed above the block whose id it repeats is renamed; that block keeps its id', () => {
    const durable = yDocAs(doc(title('T'), pp('One'), op('Two'), op('Three')), 1);
    const validator = new UpdateValidator(schema, Y.encodeStateAsUpdate(durable));
    const clientIds = new ClientIds(new Map());
    const steps = [
      identify({ clientIds, clock: (c) => validator.clock(c) }),
      validate({ validator, rebuild: () => validator.rebuild(Y.encodeStateAsUpdate(durable), []) }),
    ];
    const fragment = durable.getXmlFragment(FRAGMENT_NAME);
    const original = blockWithId(fragment, 'op-2');
    const copy = editAs(durable, 7, (f) => insertBlocks(f, 1, withId('op-2', pp('Copy'))));
    const change = fromConnection(connectionOf('drafter'), copy);
    expect(steps.map((step) => step.run(change))).toEqual(['next', 'next']);
    expect(change.duplicates).toEqual(['op-2']);
    Y.applyUpdate(durable, copy);
    const copied = fragment.get(1) as Y.XmlElement;
    expect(change.rename).toEqual([copied._item!.id]);
    const repair = editAs(durable, 99, (f) => repairDuplicateIds(f, change.rename));
    expect(validator.apply(repair)).toEqual({ ok: true, changed: true });
    Y.applyUpdate(durable, repair);
    expect(original.getAttribute('id')).toBe('op-2');
    expect(copied.getAttribute('id')).toBe(repairedId('op-2', copied));
    const ids = idsInOrder(fragment);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
