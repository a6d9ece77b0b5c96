import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '@accord/shared';
import { identify } from '../../../server/src/collab/pipeline/identify.js';
import { ClientIds, SERVER_HOLDER } from '../../../server/src/collab/ClientIds.js';
import { doc, op, pp, title } from '../../helpers/builders.js';
import {
  blockWithId,
  connectionOf,
  editAs,
  fromConnection,
  fromServer,
  yDocAs,
} from '../../helpers/pipelineFakes.js';

/** Client 1 wrote the document (as seeding does, so it belongs to nobody); owners as given. */
function setup(owners: [number, string][] = []) {
  const durable = yDocAs(doc(title('T'), pp('abc'), op('Adopt')), 1);
  const clientIds = new ClientIds(new Map(owners));
  const step = identify({ clientIds, clock: (c) => Y.getState(durable.store, c) });
  /** Client `client` types `chars` at `index` of PP1's text. */
  const typing = (client: number, index = 0, chars = 'x') =>
    editAs(durable, client, (f) => {
      const body = blockWithId(f, 'pp-1').get(0) as Y.XmlElement;
      (body.get(0) as Y.XmlText).insert(index, chars);
    });
  return { durable, clientIds, step, typing };
}

describe('pipeline step 2: identify', () => {
  it('WS10 bytes that are not a Yjs V1 update are refused with 4422', () => {
    const { step } = setup();
    const change = fromConnection(connectionOf('chair'), new Uint8Array([0xff, 0xff, 0xff]));
    expect(step.run(change)).toEqual({
      refused: true,
      code: CloseCode.InvalidUpdate,
      reason: expect.stringMatching(/cannot decode/),
      action: 'document.write',
    });
    expect(change.claim).toBeNull();
  });

  it('AC7 a new client id is claimed for the sender’s person, bound only when stored', () => {
    const { step, clientIds, typing } = setup();
    const chair = connectionOf('chair');
    const change = fromConnection(chair, typing(7));
    expect(step.run(change)).toBe('next');
    expect(change.clients).toEqual(new Set([7]));
    expect(change.claim).toEqual({ ok: true, newOwners: [7], replaced: [] });
    // Claims are committed by `store`, so a refused update binds nothing.
    expect(clientIds.holderOf(7)).toBeUndefined();
  });

  it('AC7 items the server already has are nobody’s claim: a catch-up lists only new clients', () => {
    const { step, durable, typing } = setup();
    const catchUp = Y.mergeUpdates([Y.encodeStateAsUpdate(durable), typing(7)]);
    const change = fromConnection(connectionOf('chair'), catchUp, true);
    expect(step.run(change)).toBe('next');
    expect(change.clients).toEqual(new Set([7]));
    const echo = fromConnection(connectionOf('chair'), Y.encodeStateAsUpdate(durable), true);
    expect(step.run(echo)).toBe('next');
    expect(echo.clients).toEqual(new Set());
    expect(echo.claim).toEqual({ ok: true, newOwners: [], replaced: [] });
  });

  it('AC7 items under a client id another person owns are refused with 4403', () => {
    const { step, typing } = setup([[7, 'alice']]);
    const change = fromConnection(connectionOf('bob'), typing(7));
    expect(step.run(change)).toEqual({
      refused: true,
      code: CloseCode.Forbidden,
      reason: expect.stringMatching(/client id 7 belongs to someone else/),
      action: 'document.write',
    });
    expect(change.claim).toBeNull();
  });

  it('AC7 a client id another person’s live connection holds is refused with 4403', () => {
    const { step, clientIds, typing } = setup();
    const alice = connectionOf('alice');
    clientIds.commit(alice, [7], [7]);
    expect(step.run(fromConnection(connectionOf('bob'), typing(7)))).toEqual(
      expect.objectContaining({
        code: CloseCode.Forbidden,
        reason: expect.stringMatching(/in use/),
      }),
    );
  });

  it('AC7 the seed’s client ids belong to nobody: writing under one is refused', () => {
    const { step, typing } = setup();
    expect(step.run(fromConnection(connectionOf('chair'), typing(1)))).toEqual(
      expect.objectContaining({ code: CloseCode.Forbidden }),
    );
  });

  it('AC7 the same person on a newer connection takes its client id over (the old one is to be replaced)', () => {
    const { step, clientIds, typing } = setup([[7, 'alice']]);
    const oldTab = connectionOf('alice');
    clientIds.commit(oldTab, [7], []);
    const newTab = connectionOf('alice');
    const change = fromConnection(newTab, typing(7));
    expect(step.run(change)).toBe('next');
    expect(change.claim).toEqual({ ok: true, newOwners: [], replaced: [oldTab] });
    expect(oldTab.closes).toEqual([]); // closing is store's job, once the update is durable
  });

  it('AC7 a server-made change claims its client id for @server, and no person can claim it after', () => {
    const { step, clientIds, typing } = setup();
    const change = fromServer(typing(9));
    expect(step.run(change)).toBe('next');
    expect(change.claim).toEqual({ ok: true, newOwners: [9], replaced: [] });
    clientIds.commit(SERVER_HOLDER, [], change.claim!.newOwners); // as store does: owner, never live
    const attempt = fromConnection(connectionOf('chair'), typing(9, 0, 'y'));
    expect(step.run(attempt)).toEqual(expect.objectContaining({ code: CloseCode.Forbidden }));
    // Not even after a restart, when only the recorded owner is left.
    const restarted = setup([[9, SERVER_HOLDER.principal.id]]);
    expect(restarted.step.run(fromConnection(connectionOf('chair'), restarted.typing(9)))).toEqual(
      expect.objectContaining({ code: CloseCode.Forbidden }),
    );
  });

  it('AC7 the server cannot write under a client id a person owns', () => {
    const { step, typing } = setup([[7, 'alice']]);
    expect(step.run(fromServer(typing(7)))).toEqual(
      expect.objectContaining({ code: CloseCode.Forbidden }),
    );
  });

  it('AC7 an update that only deletes writes under no client id and claims nothing', () => {
    const { step, durable } = setup();
    const deletion = editAs(durable, 7, (f) => {
      const body = blockWithId(f, 'pp-1').get(0) as Y.XmlElement;
      (body.get(0) as Y.XmlText).delete(2, 1);
    });
    const change = fromConnection(connectionOf('chair'), deletion);
    expect(step.run(change)).toBe('next');
    expect(change.clients).toEqual(new Set());
    expect(change.claim).toEqual({ ok: true, newOwners: [], replaced: [] });
  });
});
