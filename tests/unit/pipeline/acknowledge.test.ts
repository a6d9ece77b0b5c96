import { describe, expect, it } from 'vitest';
import { acknowledge } from '../../../server/src/collab/pipeline/acknowledge.js';
import { WriteLog } from '../../../server/src/collab/WriteLog.js';
import { connectionOf, fromConnection, fromServer, settle } from '../../helpers/pipelineFakes.js';

/** A write the test settles, tracked by the log as the store step tracks its appends. */
function pendingWrite(log: WriteLog, events: string[]) {
  let resolve!: () => void;
  let reject!: (err: Error) => void;
  const write = new Promise<void>((res, rej) => {
    resolve = () => {
      events.push('write durable');
      res();
    };
    reject = (err) => {
      events.push('write failed');
      rej(err);
    };
  });
  log.track(write);
  return { resolve, reject };
}

const UPDATE = new Uint8Array([1, 2, 3]);

describe('pipeline step 6: acknowledge', () => {
  it('WS3 a stored change is acknowledged to its sender at once with SAVED', () => {
    const log = new WriteLog(0, 0);
    const chair = connectionOf('chair');
    const outcome = acknowledge({ log }).run(fromConnection(chair, UPDATE));
    expect(outcome).toBe('next');
    expect(chair.saved).toEqual([{ update: UPDATE, step2: false }]);
  });

  it('WS3 SAVED carries the step-2 flag of a catch-up', () => {
    const log = new WriteLog(0, 0);
    const chair = connectionOf('chair');
    acknowledge({ log }).run(fromConnection(chair, UPDATE, true));
    expect(chair.saved).toEqual([{ update: UPDATE, step2: true }]);
  });

  it('WS3 an update that adds nothing is acknowledged only after the writes before it are durable', async () => {
    const events: string[] = [];
    const log = new WriteLog(0, 0);
    const earlier = pendingWrite(log, events);
    const chair = connectionOf('chair', true, events);
    const change = fromConnection(chair, UPDATE, true);
    change.changed = false;
    const outcome = acknowledge({ log }).run(change);
    await settle();
    expect(chair.saved).toEqual([]);
    earlier.resolve();
    expect(await outcome).toBe('next');
    expect(events).toEqual(['write durable', 'saved chair']);
  });

  it('WS3 a no-op waiting on an earlier write is acknowledged when that write fails too (the room is closing anyway)', async () => {
    const events: string[] = [];
    const log = new WriteLog(0, 0);
    const earlier = pendingWrite(log, events);
    const chair = connectionOf('chair', true, events);
    const change = fromConnection(chair, UPDATE);
    change.changed = false;
    const outcome = acknowledge({ log }).run(change);
    earlier.reject(new Error('disk full'));
    expect(await outcome).toBe('next');
    expect(events).toEqual(['write failed', 'saved chair']);
  });

  it('WS3 with nothing in flight, a no-op is acknowledged on the next turn', async () => {
    const log = new WriteLog(0, 0);
    const chair = connectionOf('chair');
    const change = fromConnection(chair, UPDATE, true);
    change.changed = false;
    await acknowledge({ log }).run(change);
    expect(chair.saved).toEqual([{ update: UPDATE, step2: true }]);
  });

  it('PL3 a server-made change has no connection to acknowledge: the step just ends it', async () => {
    const log = new WriteLog(0, 0);
    expect(acknowledge({ log }).run(fromServer(UPDATE))).toBe('next');
    const noop = fromServer(UPDATE);
    noop.changed = false;
    expect(await acknowledge({ log }).run(noop)).toBe('next');
  });
});
