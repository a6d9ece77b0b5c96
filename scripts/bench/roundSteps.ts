import type * as Y from 'yjs';
import { roundResponseSchema, updateDigest, type RoundPhase } from '@accord/shared';
import { api } from './amendmentRound.js';
import type { BenchClient } from './clients.js';

/** How long a keystroke may wait for its SAVED notice before the bench gives up. */
const SAVED_TIMEOUT_MS = 15_000;
/** Rounds the bench adds get a deadline this far ahead: feedback needs one still to come (RD2). */
const DEADLINE_AHEAD_MS = 21 * 24 * 3600 * 1000;

/**
 * Adds a reading round at the end of the negotiation, as the Secretariat would through
 * `POST /api/rounds`, with a deadline three weeks ahead so that it can later open for feedback.
 * Returns the round's id.
 */
export async function addRound(httpBase: string, cookie: string, name: string): Promise<string> {
  const res = await api(httpBase, cookie, 'POST', '/api/rounds', {
    name,
    deadline: {
      at: new Date(Date.now() + DEADLINE_AHEAD_MS).toISOString(),
      zone: 'Europe/Budapest',
    },
  });
  if (res.status !== 201)
    throw new Error(`adding round "${name}" refused: ${res.status} ${JSON.stringify(res.body)}`);
  return roundResponseSchema.parse(res.body).id;
}

/**
 * Moves a round to `phase` through `POST /api/rounds/:id/phase` and returns the request's time.
 * Refusals throw: the bench follows the phases in order, so one is a bug, not a measurement.
 */
export async function movePhase(
  httpBase: string,
  cookie: string,
  roundId: string,
  phase: RoundPhase,
): Promise<number> {
  const res = await api(httpBase, cookie, 'POST', `/api/rounds/${roundId}/phase`, { phase });
  if (res.status !== 200)
    throw new Error(
      `moving round ${roundId} to ${phase} refused: ${res.status} ${JSON.stringify(res.body)}`,
    );
  return res.ms;
}

/**
 * One keystroke through a stock client: `edit` runs in one transaction, and the time is from
 * just before it until the server's SAVED notice for exactly that update arrives (its arrival
 * time as the client's message handler saw it, not a poll). Throws when the server never
 * saves it, e.g. because the gate refused the edit.
 */
export async function timedKeystroke(client: BenchClient, edit: () => void): Promise<number> {
  const updates: Uint8Array[] = [];
  const record = (u: Uint8Array, origin: unknown) => {
    if (origin !== client.provider) updates.push(u);
  };
  let resolveSaved: (at: number) => void = () => undefined;
  const saved = new Promise<number>((resolve) => (resolveSaved = resolve));
  // Notices arrive on a later turn of the event loop, so `pending` is filled before any comes.
  const pending = new Set<number>();
  client.onSaved = (notice, at) => {
    if (notice.step2) return;
    pending.delete(notice.digest);
    if (pending.size === 0 && updates.length > 0) resolveSaved(at);
  };
  client.doc.on('update', record);
  const t0 = performance.now();
  try {
    client.doc.transact(edit);
  } finally {
    client.doc.off('update', record);
  }
  if (updates.length === 0) throw new Error('the keystroke changed nothing');
  for (const u of updates) pending.add(updateDigest(u));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error('the server did not save a keystroke in time')),
      SAVED_TIMEOUT_MS,
    );
  });
  try {
    return (await Promise.race([saved, timeout])) - t0;
  } finally {
    clearTimeout(timer);
    client.onSaved = null;
  }
}

/** Types one character at a place that moves through the text, so no paragraph grows much. */
export function typeOneCharacter(texts: readonly Y.XmlText[], i: number): () => void {
  const text = texts[(i * 7) % texts.length];
  if (!text) throw new Error('no paragraph to type into');
  return () => text.insert(Math.min(text.length, (i * 13) % 40), 'e');
}
