import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { FRAGMENT_NAME, nodeToY, schema } from '@accord/shared';
import { UpdateValidator } from '../../server/src/collab/UpdateValidator.js';
import { action, doc, goal, li, list, op, pp, title, withId } from '../helpers/builders.js';
import { blockWithId, editAs, insertBlocks, yDocAs } from '../helpers/pipelineFakes.js';

// DM2 at the validator: every block an update creates or re-labels must carry a well-formed id.
// A client's repeat of a block stored before is accepted and reported for repair (DM6), whatever
// the sender knew; two new blocks of one update with one id, and any repeat in a server-made
// change (`strict`), are refused.

/** A document written by client 1, and a validator whose accepted updates also reach it. */
function setup(
  node = doc(
    title('T'),
    pp('Recognising'),
    op('Adopt:', list(li('first'), li('second'))),
    goal('Peace', action('Do x;')),
  ),
) {
  const durable = yDocAs(node, 1);
  const validator = new UpdateValidator(schema, Y.encodeStateAsUpdate(durable));
  /** Judges `update` as a client's (or, `strict`, as the server's own change). */
  const apply = (update: Uint8Array, strict = false) => {
    const verdict = validator.apply(update, strict);
    if (verdict.ok) Y.applyUpdate(durable, update);
    else validator.rebuild(Y.encodeStateAsUpdate(durable), []);
    return verdict;
  };
  /** The update of client `client` inserting `blocks` at the top level, after block `index - 1`. */
  const insert = (client: number, index: number, ...blocks: Parameters<typeof insertBlocks>[2][]) =>
    editAs(durable, client, (f) => insertBlocks(f, index, ...blocks));
  return { durable, validator, apply, insert };
}

/** The Yjs item of `el`, the name a repair uses for it. */
const itemOf = (el: Y.XmlElement): Y.ID => el._item!.id;

describe('UpdateValidator block ids (DM2)', () => {
  it('DM2 accepts a new block with a fresh, well-formed id', () => {
    const { apply, insert } = setup();
    expect(apply(insert(7, 2, withId('fresh-1', pp('New'))))).toEqual({ ok: true, changed: true });
  });

  it('DM6 a client’s new block without an id is reported for naming; the server’s own is refused', () => {
    const { apply, insert, durable } = setup();
    const update = insert(7, 2, pp('No id'));
    expect(apply(update, true)).toEqual({
      ok: false,
      reason: 'update leaves a preambular block without a valid id',
    });
    const verdict = apply(update);
    expect(verdict).toEqual({ ok: true, changed: true, rename: [expect.any(Object)] });
    const added = durable.getXmlFragment(FRAGMENT_NAME).get(2) as Y.XmlElement;
    expect(verdict.ok && verdict.rename?.[0]).toEqual(itemOf(added));
  });

  it('DM2 refuses a new block whose id is malformed', () => {
    for (const bad of ['a b', 'abc', 'x'.repeat(33), 'é-accent', '']) {
      const { apply, durable } = setup();
      const update = editAs(durable, 7, (f) => {
        const el = nodeToY(pp('Bad id')); // the schema itself refuses such ids in builders
        el.setAttribute('id', bad);
        f.insert(2, [el]);
      });
      expect(apply(update), bad).toEqual({
        ok: false,
        reason: expect.stringMatching(/without a valid id|invalid block id/),
      });
    }
  });

  it('DM2 refuses two new blocks with one id in one update', () => {
    const { apply, insert } = setup();
    const twins = insert(7, 2, withId('twin-1', pp('One')), withId('twin-1', pp('Two')));
    expect(apply(twins)).toEqual({ ok: false, reason: 'update gives two blocks the id "twin-1"' });
  });

  it('DM2 refuses two new blocks of one update that repeat a stored block’s id', () => {
    const { apply, insert } = setup();
    const twins = insert(7, 2, withId('op-1', pp('One')), withId('op-1', pp('Two')));
    expect(apply(twins)).toEqual({ ok: false, reason: 'update gives two blocks the id "op-1"' });
  });

  it('DM6 accepts and reports a new block repeating a stored block’s id: the copy is to be renamed', () => {
    const { apply, insert, durable } = setup();
    const original = blockWithId(durable.getXmlFragment(FRAGMENT_NAME), 'op-1');
    expect(apply(insert(7, 2, withId('op-1', pp('Copy'))))).toEqual({
      ok: true,
      changed: true,
      duplicates: ['op-1'],
      rename: [itemOf(durable.getXmlFragment(FRAGMENT_NAME).get(2) as Y.XmlElement)],
    });
    expect(itemOf(original).client).toBe(1);
    expect((durable.getXmlFragment(FRAGMENT_NAME).get(2) as Y.XmlElement).toString()).toContain(
      'Copy',
    );
  });

  it('DM2 strict (a server-made change): the same repeat is refused', () => {
    const { apply, insert } = setup();
    expect(apply(insert(9, 2, withId('op-1', pp('Copy'))), true)).toEqual({
      ok: false,
      reason: 'update gives two blocks the id "op-1"',
    });
  });

  it('DM2 strict is the default: a caller that says nothing gets the server’s rule', () => {
    const { validator, insert } = setup();
    expect(validator.apply(insert(9, 2, withId('op-1', pp('Copy'))))).toEqual(
      expect.objectContaining({ ok: false }),
    );
  });

  it('DM2 checks nested blocks: a new list item or action point needs an id too', () => {
    const { apply, durable } = setup();
    const newItem = editAs(durable, 7, (f) => {
      const theList = blockWithId(f, 'op-1').get(1) as Y.XmlElement;
      insertBlocks(theList, 2, li('third'));
    });
    expect(apply(newItem, true)).toEqual({
      ok: false,
      reason: 'update leaves a list_item block without a valid id',
    });
    expect(apply(newItem)).toEqual(
      expect.objectContaining({ ok: true, rename: [expect.any(Object)] }),
    );
    const newGoal = editAs(durable, 7, (f) =>
      insertBlocks(f, 4, withId('goal-9', goal('New goal', action('Do y;')))),
    );
    expect(apply(newGoal, true)).toEqual({
      ok: false,
      reason: 'update leaves a action block without a valid id',
    });
  });

  it('DM6 a new list item repeating a list item’s id is reported (the new item to be renamed); strict refuses it', () => {
    const { apply, durable } = setup();
    const update = editAs(durable, 7, (f) => {
      const theList = blockWithId(f, 'op-1').get(1) as Y.XmlElement;
      insertBlocks(theList, 2, withId('li-1', li('third')));
    });
    expect(apply(update, true)).toEqual({
      ok: false,
      reason: 'update gives two blocks the id "li-1"',
    });
    const verdict = apply(update);
    const theList = blockWithId(durable.getXmlFragment(FRAGMENT_NAME), 'op-1').get(
      1,
    ) as Y.XmlElement;
    expect(verdict).toEqual({
      ok: true,
      changed: true,
      duplicates: ['li-1'],
      rename: [itemOf(theList.get(2) as Y.XmlElement)],
    });
  });

  it('DM2 re-labelling a block: to a malformed id is refused; to a fresh one accepted', () => {
    const { apply, durable } = setup();
    const relabel = (id: string) =>
      editAs(durable, 7, (f) => blockWithId(f, 'pp-1').setAttribute('id', id));
    expect(apply(relabel('no way'))).toEqual(expect.objectContaining({ ok: false }));
    expect(apply(relabel('pp-renamed'))).toEqual({ ok: true, changed: true });
  });

  it('DM6 re-labelling a block to another block’s id is reported, the re-labelled block to be renamed; strict refuses it', () => {
    const { apply, durable } = setup();
    const relabel = editAs(durable, 7, (f) => blockWithId(f, 'pp-1').setAttribute('id', 'op-1'));
    expect(apply(relabel, true)).toEqual({
      ok: false,
      reason: 'update gives two blocks the id "op-1"',
    });
    const relabelled = blockWithId(durable.getXmlFragment(FRAGMENT_NAME), 'pp-1');
    expect(apply(relabel)).toEqual({
      ok: true,
      changed: true,
      duplicates: ['op-1'],
      rename: [itemOf(relabelled)],
    });
  });

  // removeAttribute('id') adds no item (it only deletes the attribute's): the changed keys show
  // it. Yjs's undo of an id given later does exactly that, so a client's is named anew.
  it('DM2 DM6 an update that removes a block’s id is seen: refused from the server, named anew from a client', () => {
    const { apply, durable } = setup();
    const update = editAs(durable, 7, (f) => blockWithId(f, 'op-1').removeAttribute('id'));
    expect(apply(update, true)).toEqual(expect.objectContaining({ ok: false }));
    expect(apply(update)).toEqual(
      expect.objectContaining({ ok: true, rename: [expect.any(Object)] }),
    );
  });

  it('DM2 a block may be moved: deleted and re-inserted with its id in one update', () => {
    const { apply, durable } = setup();
    const move = editAs(durable, 7, (f) => {
      const opIndex = f.toArray().indexOf(blockWithId(f, 'op-1'));
      f.delete(opIndex, 1);
      insertBlocks(f, opIndex, withId('op-1', op('Adopt, moved')));
    });
    expect(apply(move)).toEqual({ ok: true, changed: true });
  });

  it('DM2 the id of a deleted block may be given to a new one later', () => {
    const { apply, durable, insert } = setup();
    const deletion = editAs(durable, 7, (f) => f.delete(1, 1)); // pp-1
    expect(apply(deletion)).toEqual({ ok: true, changed: true });
    expect(apply(insert(7, 1, withId('pp-1', pp('Again'))))).toEqual({ ok: true, changed: true });
  });

  it('DM2 a block created and deleted in one update is not judged', () => {
    const { apply, durable } = setup();
    const update = editAs(durable, 7, (f) => {
      insertBlocks(f, 2, pp('Gone at once'));
      f.delete(2, 1);
    });
    expect(apply(update)).toEqual({ ok: true, changed: true });
  });

  it('DM2 only blocks the update touched are judged: typing into an older block without an id passes', () => {
    const legacy = yDocAs(doc(title('T'), pp('Old')), 1);
    legacy.transact(() =>
      blockWithId(legacy.getXmlFragment(FRAGMENT_NAME), 'pp-1').removeAttribute('id'),
    );
    const validator = new UpdateValidator(schema, Y.encodeStateAsUpdate(legacy));
    const typing = editAs(legacy, 7, (f) => {
      const body = (f.get(1) as Y.XmlElement).get(0) as Y.XmlElement;
      (body.get(0) as Y.XmlText).insert(0, 'x');
    });
    expect(validator.apply(typing)).toEqual({ ok: true, changed: true });
  });

  it('DM6 the server’s repair of a reported duplicate is accepted and leaves no duplicate', () => {
    const { apply, durable, insert } = setup();
    expect(apply(insert(7, 2, withId('op-1', pp('Copy'))))).toEqual(
      expect.objectContaining({ duplicates: ['op-1'] }),
    );
    const repair = editAs(durable, 99, (f) =>
      (f.get(2) as Y.XmlElement).setAttribute('id', 'repaired-1'),
    );
    expect(apply(repair, true)).toEqual({ ok: true, changed: true });
    // And the index knows the new id: repeating it now is a duplicate again.
    expect(apply(insert(7, 1, withId('repaired-1', pp('Again'))))).toEqual(
      expect.objectContaining({ duplicates: ['repaired-1'] }),
    );
  });

  it('DM2 after a refusal and a rebuild, the refused update’s ids are forgotten', () => {
    const { apply, insert } = setup();
    const twins = insert(7, 2, withId('ghost-1', pp('One')), withId('ghost-1', pp('Two')));
    expect(apply(twins)).toEqual(expect.objectContaining({ ok: false }));
    expect(apply(insert(8, 2, withId('ghost-1', pp('Only one'))))).toEqual({
      ok: true,
      changed: true,
    });
  });

  it('DM2 plain typing is judged without any id check and stays accepted', () => {
    const { apply, durable } = setup();
    for (let i = 0; i < 20; i++) {
      const typing = editAs(durable, 7, (f) => {
        const body = blockWithId(f, 'pp-1').get(0) as Y.XmlElement;
        (body.get(0) as Y.XmlText).insert(0, `${i}`);
      });
      expect(apply(typing)).toEqual({ ok: true, changed: true });
    }
  });

  // The case the convergence fuzz found: A moves PP1, B moves A's copy back, and A (which has
  // received B's move) undoes its own. Yjs's undo re-creates the paragraph A had deleted, with
  // its id, while B's copy still carries it: an honest edit, repaired rather than refused.
  it('DM6 Yjs’s undo of a move, after a colleague moved the paragraph too, is accepted; the undone paragraph is to be renamed', () => {
    const { apply, durable } = setup(doc(title('T'), pp('One'), pp('Two'), op('Adopt')));
    const replica = (client: number) => {
      const copy = new Y.Doc({ gc: false });
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(durable));
      copy.clientID = client;
      return { doc: copy, fragment: copy.getXmlFragment(FRAGMENT_NAME) };
    };
    const a = replica(7);
    const b = replica(8);
    const undo = new Y.UndoManager(a.fragment, { trackedOrigins: new Set(['a']) });
    /** What `edit` on `on` sends, made under `origin`. */
    const send = (on: Y.Doc, edit: () => void, origin: string) => {
      const before = Y.encodeStateVector(on);
      on.transact(edit, origin);
      return Y.encodeStateAsUpdate(on, before);
    };
    const moveA = send(
      a.doc,
      () => {
        a.fragment.delete(1, 1);
        insertBlocks(a.fragment, 2, withId('pp-1', pp('One')));
      },
      'a',
    );
    expect(apply(moveA)).toEqual({ ok: true, changed: true });
    Y.applyUpdate(b.doc, moveA);
    const moveB = send(
      b.doc,
      () => {
        b.fragment.delete(b.fragment.toArray().indexOf(blockWithId(b.fragment, 'pp-1')), 1);
        insertBlocks(b.fragment, 1, withId('pp-1', pp('One')));
      },
      'b',
    );
    expect(apply(moveB)).toEqual({ ok: true, changed: true });
    Y.applyUpdate(a.doc, moveB, 'remote');
    const before = Y.encodeStateVector(a.doc);
    undo.undo();
    const undone = Y.encodeStateAsUpdate(a.doc, before);
    const bCopy = blockWithId(durable.getXmlFragment(FRAGMENT_NAME), 'pp-1');
    expect(itemOf(bCopy).client).toBe(8);
    const verdict = apply(undone);
    expect(verdict).toEqual({
      ok: true,
      changed: true,
      duplicates: ['pp-1'],
      rename: [expect.objectContaining({ client: 7 })],
    });
    const restored = durable
      .getXmlFragment(FRAGMENT_NAME)
      .toArray()
      .filter((el) => el instanceof Y.XmlElement && el.getAttribute('id') === 'pp-1')
      .map((el) => itemOf(el as Y.XmlElement));
    expect(restored).toHaveLength(2);
    expect(restored).toContainEqual(itemOf(bCopy));
    expect(verdict.ok && verdict.rename).toEqual(restored.filter((id) => id.client !== 8));
  });

  it('DM2 DM6 a new block and a re-labelled one sharing an id are judged alike in either order', () => {
    for (const insertFirst of [true, false]) {
      const { apply, durable } = setup();
      const update = editAs(durable, 7, (f) => {
        const relabel = () => blockWithId(f, 'pp-1').setAttribute('id', 'shared-01');
        if (!insertFirst) relabel();
        insertBlocks(f, 2, withId('shared-01', pp('New')));
        if (insertFirst) relabel();
      });
      expect(apply(update)).toEqual(
        expect.objectContaining({ ok: true, duplicates: ['shared-01'] }),
      );
    }
  });
});
