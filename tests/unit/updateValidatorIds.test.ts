import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { FRAGMENT_NAME, nodeToY, schema } from '@accord/shared';
import { UpdateValidator, type Knows } from '../../server/src/collab/UpdateValidator.js';
import { action, doc, goal, li, list, op, pp, title, withId } from '../helpers/builders.js';
import { blockWithId, editAs, insertBlocks, yDocAs } from '../helpers/pipelineFakes.js';

// DM2 at the validator: every block an update creates or re-labels must carry a well-formed id
// that no other live block carries. Whether a repeat is refused or reported for repair depends
// on whether the sender knew the other block (`knows`).

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
  const apply = (update: Uint8Array, knows?: Knows) => {
    const verdict = validator.apply(update, knows);
    if (verdict.ok) Y.applyUpdate(durable, update);
    else validator.rebuild(Y.encodeStateAsUpdate(durable), []);
    return verdict;
  };
  /** The update of client `client` inserting `blocks` at the top level, after block `index - 1`. */
  const insert = (client: number, index: number, ...blocks: Parameters<typeof insertBlocks>[2][]) =>
    editAs(durable, client, (f) => insertBlocks(f, index, ...blocks));
  return { durable, validator, apply, insert };
}

const NOBODY_KNEW: Knows = () => false;

describe('UpdateValidator block ids (DM2)', () => {
  it('DM2 accepts a new block with a fresh, well-formed id', () => {
    const { apply, insert } = setup();
    expect(apply(insert(7, 2, withId('fresh-1', pp('New'))))).toEqual({ ok: true, changed: true });
  });

  it('DM2 refuses a new block without an id', () => {
    const { apply, insert } = setup();
    expect(apply(insert(7, 2, pp('No id')))).toEqual({
      ok: false,
      reason: 'update leaves a preambular block without a valid id',
    });
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

  it('DM2 refuses two new blocks with one id in one update, whatever the sender knew', () => {
    const { apply, insert } = setup();
    const twins = insert(7, 2, withId('twin-1', pp('One')), withId('twin-1', pp('Two')));
    expect(apply(twins, NOBODY_KNEW)).toEqual({
      ok: false,
      reason: 'update gives two blocks the id "twin-1"',
    });
  });

  it('DM2 refuses a new block repeating the id of a block the sender knew', () => {
    const { apply, insert } = setup();
    expect(apply(insert(7, 2, withId('op-1', pp('Copy'))))).toEqual({
      ok: false,
      reason: 'update gives two blocks the id "op-1"',
    });
  });

  it('DM6 reports, not refuses, a repeat of a block the sender could not have seen', () => {
    const { apply, insert } = setup();
    expect(apply(insert(7, 2, withId('op-1', pp('Copy'))), NOBODY_KNEW)).toEqual({
      ok: true,
      changed: true,
      duplicates: ['op-1'],
      // The copy's own item: the repair renames it, not the block that held the id.
      rename: [expect.objectContaining({ client: 7 })],
    });
  });

  it('DM2 checks nested blocks: a new list item or action point needs an id too', () => {
    const { apply, durable } = setup();
    const newItem = editAs(durable, 7, (f) => {
      const theList = blockWithId(f, 'op-1').get(1) as Y.XmlElement;
      insertBlocks(theList, 2, li('third'));
    });
    expect(apply(newItem)).toEqual({
      ok: false,
      reason: 'update leaves a list_item block without a valid id',
    });
    const newGoal = editAs(durable, 7, (f) =>
      insertBlocks(f, 4, withId('goal-9', goal('New goal', action('Do y;')))),
    );
    expect(apply(newGoal)).toEqual({
      ok: false,
      reason: 'update leaves a action block without a valid id',
    });
  });

  it('DM2 refuses a new list item repeating a known list item’s id', () => {
    const { apply, durable } = setup();
    const update = editAs(durable, 7, (f) => {
      const theList = blockWithId(f, 'op-1').get(1) as Y.XmlElement;
      insertBlocks(theList, 2, withId('li-1', li('third')));
    });
    expect(apply(update)).toEqual({ ok: false, reason: 'update gives two blocks the id "li-1"' });
  });

  it('DM2 re-labelling a block: to another block’s id or a malformed one is refused; to a fresh one accepted', () => {
    const { apply, durable } = setup();
    const relabel = (id: string) =>
      editAs(durable, 7, (f) => blockWithId(f, 'pp-1').setAttribute('id', id));
    expect(apply(relabel('op-1'))).toEqual({
      ok: false,
      reason: 'update gives two blocks the id "op-1"',
    });
    expect(apply(relabel('no way'))).toEqual(expect.objectContaining({ ok: false }));
    expect(apply(relabel('pp-renamed'))).toEqual({ ok: true, changed: true });
  });

  // removeAttribute('id') adds no item (it only deletes the attribute's): the changed keys show it.
  it('DM2 an update that removes a block’s id is refused', () => {
    const { apply, durable } = setup();
    const update = editAs(durable, 7, (f) => blockWithId(f, 'op-1').removeAttribute('id'));
    expect(apply(update)).toEqual(expect.objectContaining({ ok: false }));
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
    expect(apply(insert(7, 2, withId('op-1', pp('Copy'))), NOBODY_KNEW)).toEqual(
      expect.objectContaining({ duplicates: ['op-1'] }),
    );
    const repair = editAs(durable, 99, (f) =>
      (f.get(2) as Y.XmlElement).setAttribute('id', 'repaired-1'),
    );
    expect(apply(repair)).toEqual({ ok: true, changed: true });
    // And the index knows the new id: repeating it now is refused.
    expect(apply(insert(7, 1, withId('repaired-1', pp('Again'))))).toEqual(
      expect.objectContaining({ ok: false }),
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
});
