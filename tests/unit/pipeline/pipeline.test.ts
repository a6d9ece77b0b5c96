import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { FRAGMENT_NAME, type ChangeOrigin } from '@accord/shared';
import { Pipeline } from '../../../server/src/collab/pipeline/Pipeline.js';
import {
  refuse,
  type Change,
  type PipelineStep,
  type StepOutcome,
  type StepRefusal,
} from '../../../server/src/collab/pipeline/Change.js';
import { Room } from '../../../server/src/collab/Room.js';
import { MemoryAuditLog } from '../../../server/src/storage/MemoryAuditLog.js';
import { ManualClock } from '../../../server/src/time/ManualClock.js';
import { silentLogger } from '../../../server/src/logger.js';
import { doc, pp, title, withId } from '../../helpers/builders.js';
import {
  ControlledStore,
  connectionOf,
  editAs,
  fromConnection,
  insertBlocks,
  settle,
  yDocAs,
} from '../../helpers/pipelineFakes.js';

const UPDATE = new Uint8Array([0]);

/** A step that logs `<name> <change's person>` and answers `outcome` (or what `answer` says). */
function step(
  name: string,
  events: string[],
  answer: StepOutcome | ((change: Change) => StepOutcome | Promise<StepOutcome>) = 'next',
): PipelineStep {
  return {
    name,
    run(change) {
      events.push(`${name} ${who(change)}`);
      return typeof answer === 'function' ? answer(change) : answer;
    },
  };
}

const who = (change: Change) =>
  change.source.kind === 'connection' ? change.source.conn.principal.id : 'server';

/** A deferred outcome a test hands out, for an asynchronous step (store). */
function deferred() {
  let resolve!: (outcome: StepOutcome) => void;
  const promise = new Promise<StepOutcome>((res) => (resolve = res));
  return { promise, resolve };
}

const NAMES = ['authorise', 'identify', 'validate', 'store', 'broadcast', 'acknowledge'];

/** The six steps, all going on; `store` may be given an answer. */
function sixSteps(events: string[], storeAnswer?: Parameters<typeof step>[2]) {
  return NAMES.map((name) => step(name, events, name === 'store' ? storeAnswer : 'next'));
}

describe('Pipeline: the runner', () => {
  it('PL1 runs every step in order on the same change, and says so in `names`', async () => {
    const events: string[] = [];
    const pipeline = new Pipeline(sixSteps(events), () => {});
    expect(pipeline.names).toEqual(NAMES);
    const change = fromConnection(connectionOf('a'), UPDATE);
    expect(await pipeline.run(change)).toEqual({ ok: true, change });
    expect(events).toEqual(NAMES.map((n) => `${n} a`));
  });

  it('PL1 synchronous steps run synchronously: everything up to the first asynchronous step has run when `run` returns', () => {
    const events: string[] = [];
    const pipeline = new Pipeline(
      sixSteps(events, () => new Promise<StepOutcome>(() => {})),
      () => {},
    );
    void pipeline.run(fromConnection(connectionOf('a'), UPDATE));
    expect(events).toEqual(['authorise a', 'identify a', 'validate a', 'store a']);
  });

  it('PL1 two changes submitted back to back are judged in arrival order, the second while the first is being stored', async () => {
    const events: string[] = [];
    const writes = [deferred(), deferred()];
    let n = 0;
    const pipeline = new Pipeline(
      sixSteps(events, () => writes[n++]!.promise),
      () => {},
    );
    const first = pipeline.run(fromConnection(connectionOf('a'), UPDATE));
    const second = pipeline.run(fromConnection(connectionOf('b'), UPDATE));
    expect(events).toEqual([
      ...['authorise', 'identify', 'validate', 'store'].map((s) => `${s} a`),
      ...['authorise', 'identify', 'validate', 'store'].map((s) => `${s} b`),
    ]);
    events.length = 0;
    writes[0]!.resolve('next');
    await first;
    writes[1]!.resolve('next');
    await second;
    expect(events).toEqual(['broadcast a', 'acknowledge a', 'broadcast b', 'acknowledge b']);
  });

  it('PL5 "acknowledge" skips every step up to acknowledge and marks the change unchanged', async () => {
    const events: string[] = [];
    const steps = NAMES.map((name) =>
      step(name, events, name === 'validate' ? 'acknowledge' : 'next'),
    );
    const change = fromConnection(connectionOf('a'), UPDATE);
    expect(await new Pipeline(steps, () => {}).run(change)).toEqual({ ok: true, change });
    expect(events).toEqual(['authorise a', 'identify a', 'validate a', 'acknowledge a']);
    expect(change.changed).toBe(false);
  });

  it('PL5 an asynchronous "acknowledge" skips the same way', async () => {
    const events: string[] = [];
    const steps = NAMES.map((name) =>
      step(
        name,
        events,
        name === 'authorise' ? () => Promise.resolve('acknowledge' as const) : 'next',
      ),
    );
    await new Pipeline(steps, () => {}).run(fromConnection(connectionOf('a'), UPDATE));
    expect(events).toEqual(['authorise a', 'acknowledge a']);
  });

  it('PL5 "drop" stops the change silently: no later step, no refusal', async () => {
    const events: string[] = [];
    const refusals: StepRefusal[] = [];
    const steps = NAMES.map((name) => step(name, events, name === 'authorise' ? 'drop' : 'next'));
    const change = fromConnection(connectionOf('reader'), UPDATE);
    const result = await new Pipeline(steps, (_c, r) => refusals.push(r)).run(change);
    expect(result).toEqual({ ok: false, dropped: true, change });
    expect(events).toEqual(['authorise reader']);
    expect(refusals).toEqual([]);
  });

  it('PL5 a refusal stops the change and reaches the refusal callback once, with the change', async () => {
    const events: string[] = [];
    const refusals: [Change, StepRefusal][] = [];
    const refusal = refuse(4422, 'update makes the text invalid');
    const steps = NAMES.map((name) => step(name, events, name === 'validate' ? refusal : 'next'));
    const change = fromConnection(connectionOf('a'), UPDATE);
    const result = await new Pipeline(steps, (c, r) => refusals.push([c, r])).run(change);
    expect(result).toEqual({ ok: false, dropped: false, refusal, change });
    expect(refusals).toEqual([[change, refusal]]);
    expect(events).toEqual(['authorise a', 'identify a', 'validate a']);
  });

  it('PL5 a store failure ("drop" from an asynchronous step) broadcasts and acknowledges nothing', async () => {
    const events: string[] = [];
    const pipeline = new Pipeline(
      sixSteps(events, () => Promise.resolve('drop' as const)),
      () => {},
    );
    const result = await pipeline.run(fromConnection(connectionOf('a'), UPDATE));
    expect(result.ok).toBe(false);
    expect(events).not.toContain('broadcast a');
    expect(events).not.toContain('acknowledge a');
  });
});

describe('Pipeline: as the room composes it', () => {
  const SEED: ChangeOrigin = { kind: 'system', reason: 'seed' };

  /** A room over an empty document in a store whose writes the test settles. */
  async function openRoom() {
    const events: string[] = [];
    const store = new ControlledStore(events);
    await store.createDocuments([{ id: 'declaration', title: 'Declaration', kind: 'declaration' }]);
    const clock = new ManualClock();
    const room = await Room.load(
      'declaration',
      { store, audit: new MemoryAuditLog(clock), logger: silentLogger },
      { compactEvery: 500, maxRefusedWrites: 20, presenceBatchMs: 0 },
      () => {},
    );
    const broadcasts: string[] = [];
    room.doc.on('update', (_u: Uint8Array, origin: unknown) => {
      const change = origin as Change;
      broadcasts.push(`broadcast seq ${change.seq}`);
      events.push(`broadcast seq ${change.seq}`);
    });
    return { room, store, events, broadcasts };
  }

  it('PL1 the room’s update path is exactly authorise, identify, validate, store, broadcast, acknowledge', async () => {
    const { room } = await openRoom();
    expect(room.pipeline.names).toEqual(NAMES);
  });

  it('PL1 ST3 changes are broadcast in the order the store confirms them, each only once it is durable', async () => {
    const { room, store, events, broadcasts } = await openRoom();
    const seeded = yDocAs(doc(title('T'), pp('Recognising')), 1);
    const first = room.submit(SEED, Y.encodeStateAsUpdate(seeded));
    await settle();
    expect(store.appends).toHaveLength(1);
    // Judged against the first while it is still in flight: the second builds on it.
    const second = room.submit(
      SEED,
      editAs(seeded, 2, (f) => insertBlocks(f, 2, withId('pp-new', pp('Added')))),
    );
    await settle();
    expect(store.appends).toHaveLength(2);
    expect(broadcasts).toEqual([]);
    expect(room.doc.getXmlFragment(FRAGMENT_NAME).length).toBe(0);
    await store.next().resolve();
    expect(await first).toEqual({ ok: true, seq: 1 });
    expect(broadcasts).toEqual(['broadcast seq 1']);
    await store.next().resolve();
    expect(await second).toEqual({ ok: true, seq: 2 });
    expect(events).toEqual(['stored 1', 'broadcast seq 1', 'stored 2', 'broadcast seq 2']);
    expect(room.doc.getXmlFragment(FRAGMENT_NAME).length).toBe(4);
  });

  it('PL3 a server-made change that is invalid is refused like a client’s: nothing stored or broadcast', async () => {
    const { room, store, broadcasts } = await openRoom();
    const bad = editAs(new Y.Doc(), 3, (f) => f.insert(0, [new Y.XmlElement('image')]));
    expect(await room.submit(SEED, bad)).toEqual({ ok: false, reason: expect.any(String) });
    expect(store.appends).toEqual([]);
    expect(broadcasts).toEqual([]);
  });

  it('PL1 DM2 a later server-made change is judged against the earlier one still in flight: repeating its id is refused (the server is held strict)', async () => {
    const { room, store } = await openRoom();
    const seeded = yDocAs(doc(title('T'), pp('Recognising')), 1);
    const first = room.submit(SEED, Y.encodeStateAsUpdate(seeded));
    await settle();
    const copy = editAs(seeded, 2, (f) => insertBlocks(f, 2, withId('pp-1', pp('Copy'))));
    const second = room.submit(SEED, copy);
    await settle();
    await store.next().resolve();
    expect(await first).toEqual({ ok: true, seq: 1 });
    expect(await second).toEqual({ ok: false, reason: 'update gives two blocks the id "pp-1"' });
    expect(store.appends).toEqual([]);
  });

  // The shadow is rebuilt from the durable document plus the writes in flight, so an update
  // must stay "in flight" until the durable document holds it. A refusal submitted from a promise
  // callback (a route after an await, Room.after's repair) can run between the store's
  // confirmation and the broadcast.
  it('PL6 a refusal between a store confirmation and its broadcast does not lose the confirmed update from the shadow', async () => {
    const { room, store } = await openRoom();
    const seeded = yDocAs(doc(title('T'), pp('Recognising')), 1);
    const first = room.submit(SEED, Y.encodeStateAsUpdate(seeded));
    await settle();
    const invalid = editAs(seeded, 3, (f) => f.insert(1, [new Y.XmlElement('image')]));
    let refused: Promise<unknown> = Promise.resolve();
    await store.next().resolve(() => {
      refused = room.submit(SEED, invalid);
    });
    expect(await first).toEqual({ ok: true, seq: 1 });
    expect(await refused).toEqual(expect.objectContaining({ ok: false }));
    const next = room.submit(
      SEED,
      editAs(seeded, 2, (f) => insertBlocks(f, 2, withId('pp-new', pp('Added')))),
    );
    await settle();
    if (store.appends.length > 0) await store.next().resolve();
    expect(await next).toEqual({ ok: true, seq: 2 });
  });

  it('WS13 a refusal after the broadcast rebuilds a shadow that has every stored update', async () => {
    const { room, store } = await openRoom();
    const seeded = yDocAs(doc(title('T'), pp('Recognising')), 1);
    const first = room.submit(SEED, Y.encodeStateAsUpdate(seeded));
    await settle();
    await store.next().resolve();
    expect(await first).toEqual({ ok: true, seq: 1 });
    const invalid = editAs(seeded, 3, (f) => f.insert(1, [new Y.XmlElement('image')]));
    expect(await room.submit(SEED, invalid)).toEqual(expect.objectContaining({ ok: false }));
    const next = room.submit(
      SEED,
      editAs(seeded, 2, (f) => insertBlocks(f, 2, withId('pp-new', pp('Added')))),
    );
    await settle();
    if (store.appends.length > 0) await store.next().resolve();
    expect(await next).toEqual({ ok: true, seq: 2 });
  });
});
