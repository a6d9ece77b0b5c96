import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { FRAGMENT_NAME } from '@accord/shared';
import { broadcast } from '../../../server/src/collab/pipeline/broadcast.js';
import { WriteLog } from '../../../server/src/collab/WriteLog.js';
import { doc, pp, title } from '../../helpers/builders.js';
import {
  blockWithId,
  connectionOf,
  editAs,
  fromConnection,
  fromServer,
  yDocAs,
} from '../../helpers/pipelineFakes.js';

/** The step over a durable document, recording every 'update' it emits and its origin. */
function setup() {
  const durable = yDocAs(doc(title('T'), pp('Recognising')), 1);
  const emitted: { update: Uint8Array; origin: unknown }[] = [];
  durable.on('update', (update: Uint8Array, origin: unknown) => emitted.push({ update, origin }));
  const typing = (client: number) =>
    editAs(durable, client, (f) => {
      const body = blockWithId(f, 'pp-1').get(0) as Y.XmlElement;
      (body.get(0) as Y.XmlText).insert(0, 'New ');
    });
  const text = () => blockWithId(durable.getXmlFragment(FRAGMENT_NAME), 'pp-1').toString();
  const log = new WriteLog(0, 0);
  return { durable, emitted, log, step: broadcast({ doc: durable, log }), typing, text };
}

describe('pipeline step 5: broadcast', () => {
  it('WS2 a change is applied to the durable document with the change as origin', () => {
    const { step, emitted, typing, text } = setup();
    const change = fromConnection(connectionOf('chair'), typing(7));
    expect(step.run(change)).toBe('next');
    expect(text()).toContain('New Recognising');
    expect(emitted).toHaveLength(1);
    // The room sends 'update' events to every connection but the change's source.
    expect(emitted[0]!.origin).toBe(change);
    expect(emitted[0]!.update).toEqual(change.update);
  });

  it('PL6 the broadcast update leaves the writes in flight only once the durable document holds it', () => {
    const { step, log, durable, typing } = setup();
    const first = fromConnection(connectionOf('chair'), typing(7));
    const second = fromConnection(connectionOf('cochair'), typing(8));
    log.inflight.push(first.update, second.update); // as store left them, in order
    step.run(first);
    expect(log.inflight).toEqual([second.update]);
    expect(Y.getState(durable.store, 7)).toBeGreaterThan(0);
    step.run(second);
    expect(log.inflight).toEqual([]);
  });

  it('PL3 a server-made change is broadcast the same way', () => {
    const { step, emitted, typing } = setup();
    const change = fromServer(typing(9));
    expect(step.run(change)).toBe('next');
    expect(emitted.map((e) => e.origin)).toEqual([change]);
  });

  it('WS3 an update that adds nothing is not applied and sends nobody anything', () => {
    const { step, emitted, log, typing, text } = setup();
    const inFlight = new Uint8Array([1]);
    log.inflight.push(inFlight);
    const change = fromConnection(connectionOf('chair'), typing(7));
    change.changed = false; // as validate or authorise would have said
    expect(step.run(change)).toBe('next');
    expect(emitted).toEqual([]);
    expect(log.inflight).toEqual([inFlight]);
    expect(text()).not.toContain('New');
  });
});
