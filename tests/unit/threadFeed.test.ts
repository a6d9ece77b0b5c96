import { describe, expect, it } from 'vitest';
import type { Thread } from '@accord/shared';
import { amendment } from './amendmentRecord.js';
import {
  applyEvent,
  EMPTY_FEED,
  loaded,
  resumePoint,
  upsertThread,
} from '../../client/src/amendments/feedState.js';

// Threads in the client's live store (client/src/amendments/feedState.ts): the document feed
// carries them beside amendments (issue 8).

function thread(n: number, seq: number, extra: Partial<Thread> = {}): Thread {
  return {
    id: `th-${n}`,
    documentId: 'declaration',
    anchor: { type: 'document' },
    visibility: 'public',
    delegationId: 'germany',
    quote: '',
    status: 'open',
    resolved: null,
    comments: [
      {
        id: `c-${n}`,
        personId: 'p-1',
        authorName: 'Anna',
        delegationId: 'germany',
        text: `comment ${n}`,
        createdAt: `2026-11-30T10:00:0${n}.000Z`,
        editedAt: null,
        deleted: false,
      },
    ],
    createdAt: `2026-11-30T10:00:0${n}.000Z`,
    updatedAt: `2026-11-30T10:00:0${n}.000Z`,
    seq,
    ...extra,
  };
}

describe('threads in the feed store', () => {
  it('CM8 loads the threads with the amendments, oldest first, and resumes after the highest seq', () => {
    const state = loaded(EMPTY_FEED, [amendment(1, 'OP1', 3)], [], [thread(2, 9), thread(1, 4)]);
    expect(state.threads.map((t) => t.id)).toEqual(['th-1', 'th-2']);
    expect(resumePoint(state)).toBe(9);
    expect(state.amendments).toHaveLength(1);
  });

  it('CM8 a thread event adds a thread or replaces it whole, in place', () => {
    let state = loaded(EMPTY_FEED, [], [], [thread(1, 1), thread(2, 2)]);
    state = applyEvent(state, {
      type: 'thread',
      seq: 5,
      thread: thread(1, 5, { status: 'resolved' }),
    });
    expect(state.threads.map((t) => [t.id, t.status])).toEqual([
      ['th-1', 'resolved'],
      ['th-2', 'open'],
    ]);
    state = applyEvent(state, { type: 'thread', seq: 6, thread: thread(3, 6) });
    expect(state.threads.map((t) => t.id)).toEqual(['th-1', 'th-2', 'th-3']);
    expect(resumePoint(state)).toBe(6);
  });

  it('keeps the newer thread when an older event arrives late (an answer folded in first)', () => {
    let state = upsertThread(EMPTY_FEED, thread(1, 8, { status: 'resolved' }));
    state = applyEvent(state, { type: 'thread', seq: 7, thread: thread(1, 7) });
    expect(state.threads[0]!.status).toBe('resolved');
  });

  it('keeps thread events that arrived before the list was loaded', () => {
    const early = applyEvent(EMPTY_FEED, {
      type: 'thread',
      seq: 20,
      thread: thread(1, 20, { status: 'resolved' }),
    });
    const state = loaded(early, [], [], [thread(1, 10), thread(2, 11)]);
    expect(state.threads.find((t) => t.id === 'th-1')!.status).toBe('resolved');
    expect(resumePoint(state)).toBe(20);
  });
});
