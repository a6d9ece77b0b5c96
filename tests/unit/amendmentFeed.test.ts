import { describe, expect, it } from 'vitest';
import type { Amendment, AmendmentEvent, Compromise } from '@accord/shared';
import { amendment } from './amendmentRecord.js';
import {
  applyEvent,
  changedAmendments,
  EMPTY_FEED,
  labelKey,
  loaded,
  resumePoint,
} from '../../client/src/amendments/feedState.js';

// The client's live store of amendments (client/src/amendments/feedState.ts): what a reload
// and the feed's events leave it holding.

const event = (a: Amendment): AmendmentEvent => ({ type: 'amendment', seq: a.seq, amendment: a });

describe('the amendment feed store', () => {
  it('orders amendments in document order by label, then number', () => {
    const state = loaded(
      EMPTY_FEED,
      [
        amendment(1, 'OP2', 1),
        amendment(2, 'PP2 ter', 2),
        amendment(3, 'OP1 (b)', 3),
        amendment(4, 'PP2', 4),
        amendment(5, 'PP2 bis', 5),
        amendment(6, 'PP10', 6),
        amendment(7, 'OP1', 7),
        amendment(8, 'PP2', 8),
      ],
      [],
    );
    expect(state.amendments.map((a) => a.label)).toEqual([
      'PP2',
      'PP2',
      'PP2 bis',
      'PP2 ter',
      'PP10',
      'OP1',
      'OP1 (b)',
      'OP2',
    ]);
    expect(state.amendments.slice(0, 2).map((a) => a.number)).toEqual([4, 8]);
    expect(labelKey('OP3 quater')).toEqual([1, 3, 4]);
  });

  it('AM5 an event carries the whole record: it replaces the one with the same id, in place', () => {
    let state = loaded(EMPTY_FEED, [amendment(1, 'OP1', 1), amendment(2, 'OP2', 2)], []);
    state = applyEvent(state, event(amendment(1, 'OP1', 5, { cosponsors: ['france'] })));
    expect(state.amendments.map((a) => [a.id, a.cosponsors])).toEqual([
      ['am-1', ['france']],
      ['am-2', []],
    ]);
    // A new one takes its place in document order.
    state = applyEvent(state, event(amendment(3, 'OP1 bis', 6)));
    expect(state.amendments.map((a) => a.label)).toEqual(['OP1', 'OP1 bis', 'OP2']);
  });

  it('keeps the newer record when an older event arrives late', () => {
    let state = loaded(EMPTY_FEED, [amendment(1, 'OP1', 7, { status: 'accepted' })], []);
    state = applyEvent(state, event(amendment(1, 'OP1', 3)));
    expect(state.amendments[0]!.status).toBe('accepted');
  });

  it('resumes after the highest seq seen, from the list or from events', () => {
    let state = loaded(EMPTY_FEED, [amendment(1, 'OP1', 4), amendment(2, 'OP2', 9)], []);
    expect(resumePoint(state)).toBe(9);
    const compromise: Compromise = {
      id: 'c-1',
      documentId: 'declaration',
      blockId: 'op-1',
      amendmentIds: ['am-1'],
      text: 'Adopt.',
      reason: null,
      by: 'turkiye',
      personId: 'p-1',
      at: '2026-11-30T10:00:00.000Z',
      seq: 12,
    };
    state = applyEvent(state, { type: 'compromise', seq: 12, compromise });
    expect(resumePoint(state)).toBe(12);
    expect(state.compromises).toEqual([compromise]);
    expect(resumePoint(EMPTY_FEED)).toBe(0);
  });

  it('keeps events that arrived before the list was loaded, and their seq', () => {
    const early = applyEvent(EMPTY_FEED, event(amendment(1, 'OP1', 20, { supports: ['italy'] })));
    const state = loaded(early, [amendment(1, 'OP1', 10), amendment(2, 'OP2', 11)], []);
    expect(state.amendments.find((a) => a.id === 'am-1')!.supports).toEqual(['italy']);
    expect(resumePoint(state)).toBe(20);
    expect(state.loaded).toBe(true);
  });

  it('names the records that changed between two states', () => {
    const before = loaded(EMPTY_FEED, [amendment(1, 'OP1', 1), amendment(2, 'OP2', 2)], []);
    const after = applyEvent(before, event(amendment(2, 'OP2', 3, { status: 'withdrawn' })));
    expect(changedAmendments(before, after).map((a) => [a.id, a.status])).toEqual([
      ['am-2', 'submitted'],
      ['am-2', 'withdrawn'],
    ]);
    expect(changedAmendments(after, after)).toEqual([]);
  });
});
