import { describe, expect, it } from 'vitest';
import { carryOver, type Amendment } from '@accord/shared';
import { amendment } from './amendmentRecord.js';

// What publishing a round does to the amendments still pending in it (shared/src/carryOver.ts,
// SPEC RD14), without a server.

const AT = '2024-03-30T17:00:00.000Z';
const review = { id: 'review' };
const second = { id: 'second-reading' };

/** Amendment `n` on OP`n`, submitted in round `roundId`, with any fields overridden. */
const submitted = (n: number, roundId: string | null, more: Partial<Amendment> = {}) =>
  amendment(n, `OP${n}`, n, { roundId, ...more });

describe('carry-over at publication (RD14)', () => {
  it('RD14 a pending amendment is carried into the next round, still open, with the round it came from', () => {
    const a = submitted(1, 'review');
    expect(carryOver([a], review, second, AT)).toEqual([
      { ...a, roundId: 'second-reading', carriedFrom: ['review'], updatedAt: AT },
    ]);
  });

  it('RD14 carried again, it keeps every round it came through, oldest first', () => {
    const a = submitted(1, 'review', { carriedFrom: ['zero-draft'] });
    const [carried] = carryOver([a], review, second, AT);
    expect(carried?.carriedFrom).toEqual(['zero-draft', 'review']);
    expect(carried?.status).toBe('submitted');
  });

  it('RD14 an amendment submitted before rounds existed is carried too', () => {
    const [carried] = carryOver([submitted(1, null)], review, second, AT);
    expect(carried).toMatchObject({ roundId: 'second-reading', carriedFrom: ['review'] });
  });

  it('RD14 an amendment whose paragraph is gone is superseded, not carried', () => {
    const a = submitted(1, 'review', { targetDeleted: true });
    expect(carryOver([a], review, second, AT)).toEqual([
      { ...a, status: 'superseded', updatedAt: AT },
    ]);
  });

  it('RD14 RD10 when no round follows (the text is final) every pending amendment is superseded', () => {
    const a = submitted(1, 'review');
    const b = submitted(2, null);
    expect(carryOver([a, b], review, null, AT)).toEqual([
      { ...a, status: 'superseded', updatedAt: AT },
      { ...b, status: 'superseded', updatedAt: AT },
    ]);
  });

  it("RD14 other rounds' amendments and closed ones are left untouched and not returned", () => {
    const untouched = [
      submitted(1, 'second-reading'),
      submitted(2, 'review', { status: 'withdrawn' }),
      submitted(3, 'review', { status: 'accepted' }),
      submitted(4, 'review', { status: 'accepted-with-changes' }),
      submitted(5, 'review', { status: 'rejected' }),
      submitted(6, 'review', { status: 'merged' }),
      submitted(7, 'review', { status: 'superseded', targetDeleted: true }),
    ];
    const pending = submitted(8, 'review');
    const changed = carryOver([...untouched, pending], review, second, AT);
    expect(changed.map((a) => a.number)).toEqual([8]);
    expect(carryOver(untouched, review, null, AT)).toEqual([]);
  });

  it('RD14 none is dropped: each pending one comes back carried or superseded, in input order', () => {
    const list = [
      submitted(1, 'review'),
      submitted(2, 'review', { targetDeleted: true }),
      submitted(3, null),
    ];
    const changed = carryOver(list, review, second, AT);
    expect(changed.map((a) => [a.number, a.status, a.roundId])).toEqual([
      [1, 'submitted', 'second-reading'],
      [2, 'superseded', 'review'],
      [3, 'submitted', 'second-reading'],
    ]);
    expect(changed.every((a) => a.updatedAt === AT)).toBe(true);
  });

  it('RD14 the input is not changed (pure)', () => {
    const a = submitted(1, 'review', { carriedFrom: ['zero-draft'] });
    const before = structuredClone(a);
    carryOver([a], review, second, AT);
    expect(a).toEqual(before);
  });
});
