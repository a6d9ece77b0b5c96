import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode, schema } from '@accord/shared';
import { validate } from '../../../server/src/collab/pipeline/validate.js';
import { identify } from '../../../server/src/collab/pipeline/identify.js';
import { UpdateValidator } from '../../../server/src/collab/UpdateValidator.js';
import { ClientIds, SERVER_HOLDER } from '../../../server/src/collab/ClientIds.js';
import type { Change } from '../../../server/src/collab/pipeline/Change.js';
import { doc, op, pp, title, withId } from '../../helpers/builders.js';
import {
  blockWithId,
  connectionOf,
  editAs,
  fromConnection,
  fromServer,
  insertBlocks,
  yDocAs,
} from '../../helpers/pipelineFakes.js';

/**
 * The validate step over a document written by client 1 (title, PP1, OP1, OP2). `identify` runs
 * first, as in the room, so that accepted claims are committed as `store` would.
 */
function setup() {
  const durable = yDocAs(doc(title('T'), pp('Recognising'), op('Adopt'), op('Decide')), 1);
  const validator = new UpdateValidator(schema, Y.encodeStateAsUpdate(durable));
  let rebuilds = 0;
  const step = validate({
    validator,
    rebuild: () => {
      rebuilds++;
      validator.rebuild(Y.encodeStateAsUpdate(durable), []);
    },
  });
  const clientIds = new ClientIds(new Map());
  const identifyStep = identify({ clientIds, clock: (c) => validator.clock(c) });
  /** identify then validate; an update that goes on is stored (claims too) and broadcast at once. */
  const run = (change: Change) => {
    const identified = identifyStep.run(change);
    if (identified !== 'next') return identified;
    const outcome = step.run(change);
    if (outcome === 'next') {
      const holder = change.source.kind === 'server' ? SERVER_HOLDER : change.source.conn;
      clientIds.commit(holder, change.clients, change.claim?.newOwners ?? []);
      Y.applyUpdate(durable, change.update);
    }
    return outcome;
  };
  const typing = (base: Y.Doc, client: number, chars = 'x') =>
    editAs(base, client, (f) => {
      const body = blockWithId(f, 'pp-1').get(0) as Y.XmlElement;
      (body.get(0) as Y.XmlText).insert(0, chars);
    });
  return { durable, validator, run, typing, rebuilds: () => rebuilds };
}

/** A copy of `ydoc` as it is now (a client that stops hearing from the server). */
const snapshot = (ydoc: Y.Doc): Y.Doc => {
  const copy = new Y.Doc({ gc: false });
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(ydoc));
  return copy;
};

describe('pipeline step 3: validate', () => {
  it('WS2 a valid update goes on, marked as a change, with no duplicates', () => {
    const { run, durable, typing } = setup();
    const change = fromConnection(connectionOf('chair'), typing(durable, 7));
    expect(run(change)).toBe('next');
    expect(change.changed).toBe(true);
    expect(change.duplicates).toEqual([]);
  });

  it('WS3 an update that adds nothing skips to acknowledge', () => {
    const { run, durable } = setup();
    const echo = fromConnection(connectionOf('chair'), Y.encodeStateAsUpdate(durable), true);
    expect(run(echo)).toBe('acknowledge');
  });

  it('WS13 an invalid update is refused with 4422 and the shadow is rebuilt: the same client’s next valid update is a change again', () => {
    const { run, durable, validator, typing, rebuilds } = setup();
    const invalid = editAs(durable, 7, (f) => f.insert(1, [new Y.XmlElement('image')]));
    expect(run(fromConnection(connectionOf('chair'), invalid))).toEqual({
      refused: true,
      code: CloseCode.InvalidUpdate,
      reason: expect.stringMatching(/invalid/),
      action: 'document.write',
    });
    expect(rebuilds()).toBe(1);
    expect(validator.clock(7)).toBe(0);
    // Client 7's next update starts at clock 0 again: a shadow that kept the refused items
    // would take it for something it already has.
    const change = fromConnection(connectionOf('chair'), typing(durable, 7));
    expect(run(change)).toBe('next');
    expect(change.changed).toBe(true);
    expect(rebuilds()).toBe(1);
  });

  it('DM6 a client’s new block without an id goes on, marked for the repair to name it', () => {
    const { run, durable } = setup();
    const update = editAs(durable, 7, (f) => insertBlocks(f, 2, pp('No id')));
    const change = fromConnection(connectionOf('chair'), update);
    expect(run(change)).toBe('next');
    expect(change.rename).toHaveLength(1);
    expect(change.rename[0]!.client).toBe(7);
  });

  it('DM2 two new blocks with one id are refused', () => {
    const { run, durable } = setup();
    const update = editAs(durable, 7, (f) =>
      insertBlocks(f, 2, withId('twin-1', pp('One')), withId('twin-1', pp('Two'))),
    );
    expect(run(fromConnection(connectionOf('chair'), update))).toEqual(
      expect.objectContaining({
        code: CloseCode.InvalidUpdate,
        reason: 'update gives two blocks the id "twin-1"',
      }),
    );
  });

  /** Client 2 adds OP "new-1" at the end; `before` is the document as it was until then. */
  function withBlockOfClientTwo() {
    const s = setup();
    const before = snapshot(s.durable);
    const byTwo = editAs(s.durable, 2, (f) => insertBlocks(f, 4, withId('new-1', op('By two'))));
    expect(s.run(fromConnection(connectionOf('two'), byTwo))).toBe('next');
    return { ...s, before };
  }

  /** The Yjs item of the top-level block of `ydoc` whose text is `text`. */
  const itemOf = (ydoc: Y.Doc, text: string): Y.ID => {
    const fragment = ydoc.getXmlFragment('prosemirror');
    const block = fragment
      .toArray()
      .find((b) => b instanceof Y.XmlElement && b.toString().includes(`>${text}<`));
    if (!(block instanceof Y.XmlElement) || !block._item) throw new Error(`no block "${text}"`);
    return block._item.id;
  };

  it('DM6 a concurrent duplicate (the sender had not heard of the other block) is accepted and reported: the copy is to be renamed', () => {
    const { run, before, durable } = withBlockOfClientTwo();
    const update = editAs(before, 3, (f) => insertBlocks(f, 2, withId('new-1', pp('By three'))));
    const change = fromConnection(connectionOf('three'), update);
    expect(run(change)).toBe('next');
    expect(change.duplicates).toEqual(['new-1']);
    expect(change.rename).toEqual([itemOf(durable, 'By three')]);
    expect(change.rename).not.toContainEqual(itemOf(durable, 'By two'));
  });

  // Yjs's undo of a move re-creates the paragraph with its id, even when a colleague's move left
  // the id on another block the sender has: an honest edit, so it is repaired, not refused.
  it('DM6 a copy placed right after the block it repeats (so its sender had that block) is accepted and reported, the copy to be renamed', () => {
    const { run, durable, rebuilds } = withBlockOfClientTwo();
    const update = editAs(durable, 3, (f) => {
      const index = f.toArray().indexOf(blockWithId(f, 'new-1'));
      insertBlocks(f, index + 1, withId('new-1', op('Copy')));
    });
    const change = fromConnection(connectionOf('three'), update);
    expect(run(change)).toBe('next');
    expect(change.changed).toBe(true);
    expect(change.duplicates).toEqual(['new-1']);
    expect(change.rename).toEqual([itemOf(durable, 'Copy')]);
    expect(rebuilds()).toBe(0);
  });

  it('DM6 a repeat that arrives in a reconnecting client’s step 2 is accepted and reported the same way', () => {
    const { run, before, durable } = withBlockOfClientTwo();
    const own = editAs(before, 3, (f) => insertBlocks(f, 2, withId('new-1', pp('By three'))));
    const change = fromConnection(connectionOf('three'), own, true);
    expect(run(change)).toBe('next');
    expect(change.duplicates).toEqual(['new-1']);
    expect(change.rename).toEqual([itemOf(durable, 'By three')]);
  });

  it('DM2 strict for the server: a repeated id in a server-made change is refused, even of a block it was not editing against', () => {
    const { run, before, durable, rebuilds } = withBlockOfClientTwo();
    const update = editAs(before, 9, (f) => insertBlocks(f, 2, withId('new-1', pp('By server'))));
    const stored = Y.encodeStateVector(durable);
    expect(run(fromServer(update))).toEqual(
      expect.objectContaining({
        code: CloseCode.InvalidUpdate,
        reason: 'update gives two blocks the id "new-1"',
      }),
    );
    expect(rebuilds()).toBe(1);
    expect(Y.encodeStateVector(durable)).toEqual(stored);
  });

  it('DM2 strict for the server: a server-made change that re-labels a block to a held id is refused', () => {
    const { run, durable } = withBlockOfClientTwo();
    const update = editAs(durable, 9, (f) => blockWithId(f, 'pp-1').setAttribute('id', 'new-1'));
    expect(run(fromServer(update))).toEqual(
      expect.objectContaining({ code: CloseCode.InvalidUpdate }),
    );
  });

  it('DM2 the same repeat from a client is accepted: only the server is held to strict', () => {
    const { run, durable } = withBlockOfClientTwo();
    const update = editAs(durable, 3, (f) => blockWithId(f, 'pp-1').setAttribute('id', 'new-1'));
    const change = fromConnection(connectionOf('three'), update);
    expect(run(change)).toBe('next');
    expect(change.duplicates).toEqual(['new-1']);
    expect(change.rename).toEqual([itemOf(durable, 'Recognising')]);
  });
});
