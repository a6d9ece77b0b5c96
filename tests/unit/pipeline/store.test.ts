import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '@accord/shared';
import { store } from '../../../server/src/collab/pipeline/store.js';
import { ClientIds, SERVER_HOLDER } from '../../../server/src/collab/ClientIds.js';
import { WriteLog } from '../../../server/src/collab/WriteLog.js';
import type { Change } from '../../../server/src/collab/pipeline/Change.js';
import { doc, pp, title } from '../../helpers/builders.js';
import {
  ControlledStore,
  blockWithId,
  connectionOf,
  editAs,
  fromConnection,
  fromServer,
  settle,
  yDocAs,
} from '../../helpers/pipelineFakes.js';

const DOC_ID = 'declaration';

/** The store step writing to a store whose writes the test settles, with owners as given. */
async function setup(owners: [number, string][] = []) {
  const events: string[] = [];
  const db = new ControlledStore(events);
  await db.createDocuments([{ id: DOC_ID, title: 'Declaration', kind: 'declaration' }]);
  const log = new WriteLog(0, 0);
  const clientIds = new ClientIds(new Map(owners));
  const failures: unknown[] = [];
  let stored = 0;
  const step = store({
    documentId: DOC_ID,
    store: db,
    log,
    clientIds,
    onStored: () => {
      stored++;
      events.push('onStored');
    },
    onFailed: (err) => failures.push(err),
  });
  const base = yDocAs(doc(title('T'), pp('Recognising')), 1);
  const typing = (client: number) =>
    editAs(base, client, (f) => {
      const body = blockWithId(f, 'pp-1').get(0) as Y.XmlElement;
      (body.get(0) as Y.XmlText).insert(0, 'x');
    });
  /** `change` as identify and validate would leave it: its claim of the new client ids. */
  const identified = (
    change: Change,
    newOwners: number[],
    replaced: ReturnType<typeof connectionOf>[] = [],
    clients: number[] = newOwners,
  ) => {
    change.clients = new Set(clients);
    change.claim = { ok: true, newOwners, replaced };
    return change;
  };
  return { db, log, clientIds, step, typing, identified, failures, events, stored: () => stored };
}

describe('pipeline step 4: store', () => {
  it('PL2 ST3 AC7 the update is appended with its origin and the client ids it claims', async () => {
    const { db, step, typing, identified } = await setup();
    const chair = connectionOf('chair');
    const change = identified(fromConnection(chair, typing(7)), [7]);
    const pending = step.run(change);
    expect(db.appends).toHaveLength(1);
    const append = db.appends[0]!;
    expect(append.documentId).toBe(DOC_ID);
    expect(append.update).toBe(change.update);
    expect(append.meta).toEqual({
      origin: { kind: 'connection', personId: 'chair', delegationId: 'delegation-of-chair' },
      claims: [{ clientId: 7, personId: 'chair' }],
    });
    await db.next().resolve();
    expect(await pending).toBe('next');
    const [entry] = await db.history(DOC_ID);
    expect(entry).toEqual(expect.objectContaining({ seq: 1, origin: change.origin }));
    expect(entry!.update).toEqual(change.update);
    expect((await db.loadDocument(DOC_ID)).clientOwners).toEqual(new Map([[7, 'chair']]));
  });

  it('AC7 claims are bound to the connection when the step runs, before the write is confirmed', async () => {
    const { db, step, clientIds, typing, identified } = await setup();
    const chair = connectionOf('chair');
    void step.run(identified(fromConnection(chair, typing(7)), [7]));
    expect(clientIds.holderOf(7)).toBe(chair);
    // The person owns it now: another person's claim of 7 is refused at once.
    expect(clientIds.claim(connectionOf('bob'), [7], () => false)).toEqual(
      expect.objectContaining({ ok: false }),
    );
    await db.next().resolve();
  });

  it('AC7 a connection replaced by a newer one of the same person is closed with 4409', async () => {
    const { db, step, clientIds, typing, identified } = await setup([[7, 'alice']]);
    const oldTab = connectionOf('alice');
    clientIds.commit(oldTab, [7], []);
    const newTab = connectionOf('alice');
    void step.run(identified(fromConnection(newTab, typing(7)), [], [oldTab], [7]));
    expect(oldTab.closes).toEqual([{ code: CloseCode.Replaced, reason: expect.any(String) }]);
    expect(newTab.closes).toEqual([]);
    expect(clientIds.holderOf(7)).toBe(newTab);
    expect(db.appends[0]!.meta.claims).toEqual([]);
    await db.next().resolve();
  });

  it('PL6 ST3 the update is in flight (for the validator’s shadow) from the step on, and stays there once stored (broadcast takes it out)', async () => {
    const { db, log, step, typing, identified, stored } = await setup();
    const first = identified(fromConnection(connectionOf('chair'), typing(7)), [7]);
    const second = identified(fromConnection(connectionOf('cochair'), typing(8)), [8]);
    const one = step.run(first);
    const two = step.run(second);
    expect(log.inflight).toEqual([first.update, second.update]);
    expect(first.seq).toBeNull();
    expect(stored()).toBe(0);
    await db.next().resolve();
    expect(first.seq).toBe(1);
    expect(second.seq).toBeNull();
    expect(log.lastSeq).toBe(1);
    expect(log.sinceSnapshot).toBe(1);
    expect(stored()).toBe(1);
    await db.next().resolve();
    expect(await one).toBe('next');
    expect(await two).toBe('next');
    expect(second.seq).toBe(2);
    expect(log.lastSeq).toBe(2);
    expect(log.sinceSnapshot).toBe(2);
    expect(log.inflight).toEqual([first.update, second.update]);
  });

  it('ST3 onStored runs once the write is durable, not before', async () => {
    const { db, step, typing, identified, events } = await setup();
    void step.run(identified(fromConnection(connectionOf('chair'), typing(7)), [7]));
    expect(events).toEqual([]);
    await db.next().resolve();
    expect(events).toEqual(['stored 1', 'onStored']);
  });

  it('ST3 a store failure calls onFailed and drops the change (never acknowledged)', async () => {
    const { db, step, typing, identified, failures, stored } = await setup();
    const change = identified(fromConnection(connectionOf('chair'), typing(7)), [7]);
    const pending = step.run(change);
    const err = new Error('disk full');
    await db.next().reject(err);
    expect(await pending).toBe('drop');
    expect(failures).toEqual([err]);
    expect(change.seq).toBeNull();
    expect(stored()).toBe(0);
    expect(await db.history(DOC_ID)).toEqual([]);
  });

  it('ST3 the write log settles after a failed write too (acknowledgements waiting on it go on)', async () => {
    const { db, log, step, typing, identified } = await setup();
    void step.run(identified(fromConnection(connectionOf('chair'), typing(7)), [7]));
    let settled = false;
    void log.settled().then(() => (settled = true));
    await settle();
    expect(settled).toBe(false);
    await db.next().reject(new Error('disk full'));
    expect(settled).toBe(true);
  });

  it('WS3 an update that adds nothing is not written, and nothing waits for it', async () => {
    const { db, log, step, typing, identified } = await setup();
    const change = identified(fromConnection(connectionOf('chair'), typing(7)), []);
    change.changed = false;
    expect(step.run(change)).toBe('next');
    expect(db.appends).toEqual([]);
    expect(log.inflight).toEqual([]);
    expect(change.seq).toBeNull();
  });

  it('AC7 a server-made change claims its client id for @server and is stored with its origin', async () => {
    const { db, step, clientIds, typing, identified } = await setup();
    const origin = { kind: 'system', reason: 'repair-block-ids' } as const;
    const change = identified(fromServer(typing(9), origin), [9]);
    const pending = step.run(change);
    // @server owns it from now on: no person can claim it, live or not.
    expect(clientIds.claim(connectionOf('chair'), [9], () => false)).toEqual(
      expect.objectContaining({ ok: false }),
    );
    expect(db.appends[0]!.meta).toEqual({
      origin,
      claims: [{ clientId: 9, personId: SERVER_HOLDER.principal.id }],
    });
    await db.next().resolve();
    expect(await pending).toBe('next');
    expect((await db.history(DOC_ID))[0]!.origin).toEqual(origin);
  });
});
