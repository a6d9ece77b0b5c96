import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '@accord/shared';
import { authorise } from '../../../server/src/collab/pipeline/authorise.js';
import { RefusedWrites } from '../../../server/src/collab/RefusedWrites.js';
import type { PipelineConnection } from '../../../server/src/collab/pipeline/Change.js';
import { doc, op, pp, title } from '../../helpers/builders.js';
import {
  blockWithId,
  connectionOf,
  editAs,
  fromConnection,
  fromServer,
  yDocAs,
} from '../../helpers/pipelineFakes.js';

/** The step over a small document, with the refused writes it counted and audited. */
function setup(limit = 20) {
  const durable = yDocAs(doc(title('T'), pp('Recognising'), op('Adopt')), 1);
  const audited: { conn: PipelineConnection; reason: string }[] = [];
  const refusedWrites = new RefusedWrites(limit, (conn, reason) => audited.push({ conn, reason }));
  const step = authorise({ doc: durable, refusedWrites });
  const typing = (client: number) =>
    editAs(durable, client, (f) => {
      const body = blockWithId(f, 'pp-1').get(0) as Y.XmlElement;
      (body.get(0) as Y.XmlText).insert(0, 'x');
    });
  return { durable, audited, refusedWrites, step, typing };
}

describe('pipeline step 1: authorise', () => {
  it('AC3 a connection with the write right goes on to the next step, counted nowhere', () => {
    const { step, typing, refusedWrites, audited } = setup();
    const writer = connectionOf('chair');
    expect(step.run(fromConnection(writer, typing(7)))).toBe('next');
    expect(refusedWrites.of(writer)).toBe(0);
    expect(audited).toEqual([]);
    expect(writer.closes).toEqual([]);
  });

  it('AC3 a reader’s sync step 2 that changes nothing is acknowledged, not counted', () => {
    const { step, durable, refusedWrites, audited } = setup();
    const reader = connectionOf('observer', false);
    const echo = Y.encodeStateAsUpdate(durable);
    expect(step.run(fromConnection(reader, echo, true))).toBe('acknowledge');
    expect(step.run(fromConnection(reader, Y.encodeStateAsUpdate(new Y.Doc()), true))).toBe(
      'acknowledge',
    );
    expect(refusedWrites.of(reader)).toBe(0);
    expect(audited).toEqual([]);
  });

  it('AC3 a reader’s delete of something already deleted changes nothing: acknowledged', () => {
    const { step, durable } = setup();
    const deletion = editAs(durable, 7, (f) => blockWithId(f, 'op-1').delete(0, 1));
    Y.applyUpdate(durable, deletion);
    const reader = connectionOf('observer', false);
    expect(step.run(fromConnection(reader, deletion))).toBe('acknowledge');
  });

  it('AC3 a reader’s real write is dropped, counted, and audited once', () => {
    const { step, typing, refusedWrites, audited } = setup();
    const reader = connectionOf('observer', false);
    expect(step.run(fromConnection(reader, typing(7)))).toBe('drop');
    expect(step.run(fromConnection(reader, typing(7)))).toBe('drop');
    expect(refusedWrites.of(reader)).toBe(2);
    expect(audited).toEqual([{ conn: reader, reason: expect.stringMatching(/read-only/) }]);
    expect(reader.closes).toEqual([]);
  });

  it('AC3 a reader’s deletion of existing text is a write: dropped', () => {
    const { step, durable, refusedWrites } = setup();
    const reader = connectionOf('observer', false);
    const deletion = editAs(durable, 7, (f) => blockWithId(f, 'op-1').delete(0, 1));
    expect(step.run(fromConnection(reader, deletion))).toBe('drop');
    expect(refusedWrites.of(reader)).toBe(1);
  });

  it('AC3 a reader’s bytes that do not decode count as a write (dropped, not acknowledged)', () => {
    const { step, refusedWrites } = setup();
    const reader = connectionOf('observer', false);
    expect(step.run(fromConnection(reader, new Uint8Array([0xff, 0xff, 0xff])))).toBe('drop');
    expect(refusedWrites.of(reader)).toBe(1);
  });

  it('AC3 the 21st refused write closes the socket with 4403, not the 20th', () => {
    const { step, typing, audited } = setup(20);
    const reader = connectionOf('observer', false);
    for (let i = 0; i < 20; i++) step.run(fromConnection(reader, typing(7)));
    expect(reader.closes).toEqual([]);
    expect(step.run(fromConnection(reader, typing(7)))).toBe('drop');
    expect(reader.closes).toEqual([{ code: CloseCode.Forbidden, reason: expect.any(String) }]);
    expect(audited).toHaveLength(1);
  });

  it('AC3 refused writes are counted per connection', () => {
    const { step, typing, refusedWrites, audited } = setup(1);
    const one = connectionOf('observer', false);
    const other = connectionOf('observer', false);
    step.run(fromConnection(one, typing(7)));
    step.run(fromConnection(other, typing(8)));
    expect(refusedWrites.of(one)).toBe(1);
    expect(refusedWrites.of(other)).toBe(1);
    expect(one.closes).toEqual([]);
    expect(other.closes).toEqual([]);
    expect(audited.map((a) => a.conn)).toEqual([one, other]);
  });

  it('AC9 the right is read when the change arrives: a connection that gains it writes at once', () => {
    const { step, typing, refusedWrites } = setup();
    const conn = connectionOf('drafter', false);
    expect(step.run(fromConnection(conn, typing(7)))).toBe('drop');
    conn.canWrite = true;
    expect(step.run(fromConnection(conn, typing(7)))).toBe('next');
    expect(refusedWrites.of(conn)).toBe(1);
  });

  it('PL3 a server-made change goes on (its route authorised the person before making it)', () => {
    const { step, typing } = setup();
    expect(step.run(fromServer(typing(9)))).toBe('next');
    expect(step.run(fromServer(new Uint8Array([0xff])))).toBe('next');
  });
});
