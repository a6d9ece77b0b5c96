import type { Amendment } from './amendment.js';
import type { Round } from './round.js';

/**
 * RD14: what publishing `round` does to the amendments still pending in it (submitted, in that
 * round or before rounds existed). None is dropped: each is carried into `next` — it stays open
 * there, with the rounds it came through in `carriedFrom` — or, when its paragraph is no longer
 * in the text or no round follows (the text is final), marked `superseded`. Returns only the
 * amendments that change, with `updatedAt` set to `at`. Pure.
 */
export function carryOver(
  amendments: readonly Amendment[],
  round: Pick<Round, 'id'>,
  next: Pick<Round, 'id'> | null,
  at: string,
): Amendment[] {
  const changed: Amendment[] = [];
  for (const a of amendments) {
    if (a.status !== 'submitted') continue;
    if (a.roundId !== null && a.roundId !== round.id) continue;
    if (next === null || a.targetDeleted)
      changed.push({ ...a, status: 'superseded', updatedAt: at });
    else
      changed.push({
        ...a,
        roundId: next.id,
        carriedFrom: [...a.carriedFrom, round.id],
        updatedAt: at,
      });
  }
  return changed;
}
