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
 * first, as in the room, because validation reads the `seen` it fills in.
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

  it('DM2 a new block without an id is refused with 4422', () => {
    const { run, durable } = setup();
    const update = editAs(durable, 7, (f) => insertBlocks(f, 2, pp('No id')));
    expect(run(fromConnection(connectionOf('chair'), update))).toEqual(
      expect.objectContaining({
        code: CloseCode.InvalidUpdate,
        reason: expect.stringMatching(/without a valid id/),
      }),
    );
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

  it('DM6 a concurrent duplicate (the other block made by a client the sender had not heard) is accepted and reported', () => {
    const { run, before } = withBlockOfClientTwo();
    const three = connectionOf('three');
    const update = editAs(before, 3, (f) => insertBlocks(f, 2, withId('new-1', pp('By three'))));
    const change = fromConnection(three, update);
    expect(run(change)).toBe('next');
    expect(change.duplicates).toEqual(['new-1']);
  });

  it('DM2 a duplicate of a block the connection had shown it knew (conn.known) is refused', () => {
    const { run, before, durable } = withBlockOfClientTwo();
    const three = connectionOf('three');
    three.known.set(2, Y.getState(durable.store, 2)); // e.g. from its sync step 1
    const update = editAs(before, 3, (f) => insertBlocks(f, 2, withId('new-1', pp('By three'))));
    expect(run(fromConnection(three, update))).toEqual(
      expect.objectContaining({
        code: CloseCode.InvalidUpdate,
        reason: 'update gives two blocks the id "new-1"',
      }),
    );
  });

  it('DM2 a duplicate of a block the update itself shows its sender knew (placed next to it) is refused', () => {
    const { run, durable } = withBlockOfClientTwo();
    const update = editAs(durable, 3, (f) => {
      const index = f.toArray().indexOf(blockWithId(f, 'new-1'));
      insertBlocks(f, index + 1, withId('new-1', op('Copy')));
    });
    expect(run(fromConnection(connectionOf('three'), update))).toEqual(
      expect.objectContaining({ code: CloseCode.InvalidUpdate }),
    );
  });

  it('DM2 the server knows everything: a duplicate in a server-made change is refused', () => {
    const { run, before } = withBlockOfClientTwo();
    const update = editAs(before, 9, (f) => insertBlocks(f, 2, withId('new-1', pp('By server'))));
    expect(run(fromServer(update))).toEqual(
      expect.objectContaining({ code: CloseCode.InvalidUpdate }),
    );
  });

  it('DM2 what an accepted update shows its sender knew is added to the connection’s `known`', () => {
    const { run, durable, typing } = setup();
    const chair = connectionOf('chair');
    chair.known.set(1, 1);
    chair.known.set(5, 40); // never lowered by what an update shows
    const change = fromConnection(chair, typing(durable, 7));
    expect(run(change)).toBe('next');
    const expected = new Map(chair.known);
    for (const [client, clock] of change.seen)
      expected.set(client, Math.max(clock, expected.get(client) ?? 0));
    expect(chair.known).toEqual(expected);
    expect(chair.known.get(7)).toBe(1);
    expect(chair.known.get(1)).toBeGreaterThan(1);
    expect(chair.known.get(5)).toBe(40);
  });

  it('DM2 a refused update teaches nothing about its sender', () => {
    const { run, durable } = setup();
    const chair = connectionOf('chair');
    const update = editAs(durable, 7, (f) => insertBlocks(f, 2, pp('No id')));
    expect(run(fromConnection(chair, update))).toEqual(expect.objectContaining({ refused: true }));
    expect(chair.known).toEqual(new Map());
  });

  it('DM2 once a connection’s update showed it knew a block, its later copy of that block’s id is refused', () => {
    const { run, durable } = withBlockOfClientTwo();
    const three = connectionOf('three');
    // Three types right after client 2's block: that shows it has it.
    const typed = editAs(durable, 3, (f) => {
      const body = blockWithId(f, 'new-1').get(0) as Y.XmlElement;
      (body.get(0) as Y.XmlText).insert(6, '!');
    });
    expect(run(fromConnection(three, typed))).toBe('next');
    // A later update placed far from it repeats its id: no longer an honest accident.
    const copy = editAs(durable, 3, (f) => insertBlocks(f, 2, withId('new-1', pp('Copy'))));
    const change = fromConnection(three, copy);
    expect(change.seen.has(2)).toBe(false);
    expect(run(change)).toEqual(
      expect.objectContaining({
        code: CloseCode.InvalidUpdate,
        reason: 'update gives two blocks the id "new-1"',
      }),
    );
  });

  // A step 2 carries edits made before the reconnect: it is judged by what it shows itself.
  it('DM6 an honest concurrent duplicate that arrives in a reconnecting client’s step 2 is repaired, not refused', () => {
    const { run, before, durable } = withBlockOfClientTwo();
    const three = connectionOf('three');
    // Its own edit, made before it heard of client 2's block …
    const own = editAs(before, 3, (f) => insertBlocks(f, 2, withId('new-1', pp('By three'))));
    // … then it received client 2's block, and reconnects: step 1 shows it has it.
    for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(durable)))
      three.known.set(client, clock);
    const change = fromConnection(three, own, true);
    expect(run(change)).toBe('next');
    expect(change.duplicates).toEqual(['new-1']);
  });
});
