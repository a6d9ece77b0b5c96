import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { Response } from 'express';
import type { AmendmentEvent } from '@accord/shared';
import { AmendmentFeed } from '../../server/src/amendments/AmendmentFeed.js';
import { ManualClock } from '../../server/src/time/ManualClock.js';

// The server side of the amendment feed (SPEC AF2, AF3), with a stand-in HTTP response.

class FakeResponse extends EventEmitter {
  written = '';
  ended = false;
  status() {
    return this;
  }
  setHeader() {}
  flushHeaders() {}
  write(chunk: string) {
    this.written += chunk;
    return true;
  }
  end() {
    this.ended = true;
    this.emit('close');
  }
  /** The event ids written, in order. */
  ids(): number[] {
    return [...this.written.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
  }
}

const READER = { delegationId: 'germany', session: null };

const event = (seq: number): AmendmentEvent =>
  ({ type: 'amendment', seq, amendment: { id: `a${seq}` } }) as unknown as AmendmentEvent;

describe('AF the feed on the server', () => {
  it('AF2 events published during the catch-up are written after it, none twice', async () => {
    const feed = new AmendmentFeed(new ManualClock(0));
    const res = new FakeResponse();
    let release: (events: AmendmentEvent[]) => void = () => undefined;
    const opened = feed.open(res as unknown as Response, 'declaration', 1, READER, () => {
      return new Promise((resolve) => (release = resolve));
    });
    feed.publish('declaration', [event(4)]);
    feed.publish('other', [event(5)]);
    release([event(2), event(3), event(4)]);
    await opened;
    feed.publish('declaration', [event(6)]);
    expect(res.ids()).toEqual([2, 3, 4, 6]);
    feed.closeAll();
  });

  it('AF2 a failed catch-up ends the stream, so the client resumes from where it was', async () => {
    const feed = new AmendmentFeed(new ManualClock(0));
    const res = new FakeResponse();
    await expect(
      feed.open(res as unknown as Response, 'declaration', 3, READER, () =>
        Promise.reject(new Error('store down')),
      ),
    ).rejects.toThrow('store down');
    feed.publish('declaration', [event(9)]);
    expect(res.ended).toBe(true);
    expect(res.ids()).toEqual([]);
    expect(feed.size).toBe(0);
  });

  it('AF3 a stream ends once its session has expired', async () => {
    const clock = new ManualClock(1_000);
    const feed = new AmendmentFeed(clock);
    const res = new FakeResponse();
    const session = { tokenHash: 'h', expiresAt: 20_000 };
    await feed.open(
      res as unknown as Response,
      'declaration',
      0,
      { delegationId: 'germany', session },
      async () => [],
    );
    clock.advance(25_000);
    expect(res.ended).toBe(true);
    expect(feed.size).toBe(0);
    feed.closeAll();
  });
});
