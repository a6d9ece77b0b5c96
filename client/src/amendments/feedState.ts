import type { Amendment, AmendmentEvent, Compromise, Thread } from '@accord/shared';

/**
 * What the client knows of a document's amendments and compromises: the list it loaded, with
 * every feed event since folded in. Pure, so the store and its tests share one set of rules.
 */
export interface FeedState {
  /** Every amendment, in document order (see `compareAmendments`). */
  amendments: readonly Amendment[];
  compromises: readonly Compromise[];
  /** Comment threads the reader may see (issue 8), oldest first. */
  threads: readonly Thread[];
  /** The highest `seq` seen: the feed is resumed after it. */
  lastSeq: number;
  /** False until the first list has been loaded. */
  loaded: boolean;
}

/** The state before anything was loaded. */
export const EMPTY_FEED: FeedState = {
  amendments: [],
  compromises: [],
  threads: [],
  lastSeq: 0,
  loaded: false,
};

const ADVERBS = ['bis', 'ter', 'quater', 'quinquies', 'sexies', 'septies', 'octies', 'novies'];
const PARTS = ['PP', 'OP', 'Goal'];

/**
 * A label's place in the text as a list of numbers: "PP2 bis" → [0, 2, 2], "OP1 (b)" →
 * [1, 1, 2], "Goal 2" → [2, 2]. Labels order like the paragraphs they cite, without the text.
 */
export function labelKey(label: string): number[] {
  const key: number[] = [];
  const part = PARTS.findIndex((p) => label.startsWith(p));
  key.push(part === -1 ? PARTS.length : part);
  for (const token of label.match(/\d+|\([a-z]+\)|[a-z]+/g) ?? []) {
    if (/^\d+$/.test(token)) key.push(Number(token));
    else if (token.startsWith('(')) key.push(token.charCodeAt(1) - 96);
    else {
      const n = ADVERBS.indexOf(token);
      if (n !== -1) key.push(n + 2);
    }
  }
  return key;
}

/** Document order of amendments: by their label's place, then by number. */
export function compareAmendments(a: Amendment, b: Amendment): number {
  const ka = labelKey(a.label);
  const kb = labelKey(b.label);
  for (let i = 0; i < Math.max(ka.length, kb.length); i++) {
    const d = (ka[i] ?? -1) - (kb[i] ?? -1);
    if (d !== 0) return d;
  }
  return a.number - b.number;
}

/** The highest `seq` of the records, at least `floor`. */
function highestSeq(records: readonly { seq: number }[], floor: number): number {
  return records.reduce((max, r) => Math.max(max, r.seq), floor);
}

/**
 * The state after a full load. Events that arrived while the list was loading and are newer
 * than what it holds are kept: the feed may have been opened first.
 */
export function loaded(
  state: FeedState,
  amendments: readonly Amendment[],
  compromises: readonly Compromise[],
  threads: readonly Thread[] = [],
): FeedState {
  let next: FeedState = {
    amendments: [...amendments].sort(compareAmendments),
    compromises: [...compromises],
    threads: [...threads].sort(compareThreads),
    lastSeq: highestSeq(threads, highestSeq(compromises, highestSeq(amendments, 0))),
    loaded: true,
  };
  for (const a of state.amendments) next = upsertAmendment(next, a);
  for (const c of state.compromises) next = upsertCompromise(next, c);
  for (const t of state.threads) next = upsertThread(next, t);
  return { ...next, lastSeq: Math.max(next.lastSeq, state.lastSeq) };
}

/** Replaces the amendment with the same id (unless the stored one is newer) or adds it. */
export function upsertAmendment(state: FeedState, amendment: Amendment): FeedState {
  const i = state.amendments.findIndex((a) => a.id === amendment.id);
  if (i !== -1 && state.amendments[i]!.seq > amendment.seq) return state;
  const amendments =
    i === -1
      ? [...state.amendments, amendment].sort(compareAmendments)
      : state.amendments.map((a, j) => (j === i ? amendment : a));
  // A revision may change the label of nothing, but an insert's label can only be known now.
  if (i !== -1 && state.amendments[i]!.label !== amendment.label)
    amendments.sort(compareAmendments);
  return { ...state, amendments, lastSeq: Math.max(state.lastSeq, amendment.seq) };
}

/** Replaces the compromise with the same id or adds it. */
export function upsertCompromise(state: FeedState, compromise: Compromise): FeedState {
  const i = state.compromises.findIndex((c) => c.id === compromise.id);
  const compromises =
    i === -1
      ? [...state.compromises, compromise]
      : state.compromises.map((c, j) => (j === i ? compromise : c));
  return { ...state, compromises, lastSeq: Math.max(state.lastSeq, compromise.seq) };
}

/** Threads oldest first (then by id), so the margin's order does not change as they do. */
function compareThreads(a: Thread, b: Thread): number {
  return a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1;
}

/**
 * Replaces the thread with the same id (unless the stored one is newer) or adds it. A thread
 * the reader may no longer see is never pushed to them, so nothing is removed here.
 */
export function upsertThread(state: FeedState, thread: Thread): FeedState {
  const i = state.threads.findIndex((t) => t.id === thread.id);
  if (i !== -1 && state.threads[i]!.seq > thread.seq) return state;
  const threads =
    i === -1
      ? [...state.threads, thread].sort(compareThreads)
      : state.threads.map((t, j) => (j === i ? thread : t));
  return { ...state, threads, lastSeq: Math.max(state.lastSeq, thread.seq) };
}

/** Folds one feed event in: the whole record as it is now replaces what was known. */
export function applyEvent(state: FeedState, event: AmendmentEvent): FeedState {
  const next =
    event.type === 'amendment'
      ? upsertAmendment(state, event.amendment)
      : event.type === 'compromise'
        ? upsertCompromise(state, event.compromise)
        : upsertThread(state, event.thread);
  return { ...next, lastSeq: Math.max(next.lastSeq, event.seq) };
}

/** Where to resume the feed after a reconnect: after the highest `seq` seen. */
export function resumePoint(state: FeedState): number {
  return state.lastSeq;
}

/** The amendments whose record differs between two states: old and new of each changed one, added, gone. */
export function changedAmendments(before: FeedState, after: FeedState): Amendment[] {
  if (before.amendments === after.amendments) return [];
  const old = new Map(before.amendments.map((a) => [a.id, a]));
  const out: Amendment[] = [];
  for (const a of after.amendments) {
    const was = old.get(a.id);
    if (was !== a) out.push(...(was ? [was, a] : [a]));
    old.delete(a.id);
  }
  out.push(...old.values());
  return out;
}
