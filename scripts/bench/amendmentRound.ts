import * as Y from 'yjs';
import {
  FRAGMENT_NAME,
  can,
  newBlockId,
  seededRandom,
  updateDigest,
  type Amendment,
} from '@accord/shared';
import {
  PasswordHasher,
  openSqliteStorage,
  seedParticipants,
  silentLogger,
} from '../../server/src/index.js';
import { BenchClient, until } from './clients.js';
import { seedStates } from './seed.js';
import { DEMO_PASSWORD } from './sessions.js';

/** One delegation taking part in the round, with the account it proposes through. */
export interface RoundAccount {
  delegationId: string;
  username: string;
}

/** A delegation signed in: its account and session cookie. */
export interface SignedInAccount extends RoundAccount {
  cookie: string;
}

/** The Chair's demo account (Türkiye), who decides and whose editor the browser bench uses. */
export const CHAIR = 'turkiye';

/**
 * Gives a fresh data folder, before Accord first starts on it, the seeded delegations and one
 * account in each of `count` proposing delegations (the demo accounts where there is one).
 * Writing through the storage API is what an import of a participant list would do; the seeds
 * name 69 delegations, and the server then leaves an existing directory as it is.
 */
export async function prepareParticipants(
  dataDir: string,
  seedsDir: string,
  count: number,
): Promise<RoundAccount[]> {
  const storage = openSqliteStorage(dataDir);
  try {
    // Cost 10 (the tests' cost): 65 sign-ins then take milliseconds, not seconds.
    const passwords = new PasswordHasher(10);
    await seedParticipants(storage.directory, seedsDir, DEMO_PASSWORD, silentLogger, passwords);
    // Pen-holders decide rather than propose; every other delegation proposes.
    const proposers = (await storage.directory.listDelegations()).filter(
      (d) => !can(d, 'amendment.decide'),
    );
    if (proposers.length < count)
      throw new Error(`the seeds give ${proposers.length} proposing delegations, not ${count}`);
    const people = await storage.directory.listPeople();
    const passwordHash = await passwords.hash(DEMO_PASSWORD);
    const accounts: RoundAccount[] = [];
    for (const delegation of proposers.slice(0, count)) {
      const existing = people.find((p) => p.delegationId === delegation.id);
      if (existing) {
        accounts.push({ delegationId: delegation.id, username: existing.username });
        continue;
      }
      const username = `bench-${delegation.id}`.slice(0, 40);
      const person = await storage.directory.createPerson({
        username,
        delegationId: delegation.id,
        displayName: `Delegate of ${delegation.name}`,
        passwordHash,
      });
      if (typeof person === 'string') throw new Error(`could not create ${username}: ${person}`);
      accounts.push({ delegationId: delegation.id, username });
    }
    return accounts;
  } finally {
    await storage.close();
  }
}

/** Signs `username` in through the API and returns its cookie. */
export async function signInAccount(httpBase: string, username: string): Promise<string> {
  const res = await fetch(`${httpBase}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
    signal: AbortSignal.timeout(10_000),
  });
  const cookie = res.headers.get('set-cookie')?.split(';')[0];
  if (!res.ok || !cookie) throw new Error(`sign-in of ${username} failed: ${res.status}`);
  return cookie;
}

/** Signs every account in, a few at a time. */
export async function signInAll(
  httpBase: string,
  accounts: readonly RoundAccount[],
): Promise<SignedInAccount[]> {
  const out: SignedInAccount[] = [];
  for (let i = 0; i < accounts.length; i += 8) {
    const batch = accounts.slice(i, i + 8);
    const cookies = await Promise.all(batch.map((a) => signInAccount(httpBase, a.username)));
    batch.forEach((a, j) => out.push({ ...a, cookie: cookies[j] ?? '' }));
  }
  return out;
}

/** Sends a JSON request with a session and returns the status, body and round-trip time. */
export async function api(
  httpBase: string,
  cookie: string,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<{ status: number; body: unknown; ms: number }> {
  const t0 = performance.now();
  const res = await fetch(`${httpBase}${path}`, {
    method,
    headers: {
      cookie,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(120_000),
  });
  const parsed = (await res.json()) as unknown;
  return { status: res.status, body: parsed, ms: performance.now() - t0 };
}

/** A top-level numbered paragraph of the declaration: its block id and running text. */
export interface Paragraph {
  id: string;
  body: Y.XmlText;
}

/** The preambular and operative paragraphs of a declaration Y.Doc, in document order. */
export function paragraphs(doc: Y.Doc): Paragraph[] {
  const out: Paragraph[] = [];
  for (const block of doc.getXmlFragment(FRAGMENT_NAME).toArray()) {
    if (!(block instanceof Y.XmlElement)) continue;
    if (block.nodeName !== 'preambular' && block.nodeName !== 'operative') continue;
    const id = block.getAttribute('id');
    const body = block.get(0);
    const text = body instanceof Y.XmlElement ? body.get(0) : null;
    if (typeof id === 'string' && text instanceof Y.XmlText) out.push({ id, body: text });
  }
  return out;
}

/** The plain text of an XmlText (embeds such as footnote markers left out). */
function plainText(text: Y.XmlText): string {
  return (text.toDelta() as { insert: unknown }[])
    .map((op) => (typeof op.insert === 'string' ? op.insert : ''))
    .join('');
}

const words = (s: string) => s.split(/\s+/).filter(Boolean).length;

/**
 * Makes the declaration about `targetWords` long (30 pages ≈ 15,000 words) as the Chair would
 * by pasting: operative paragraphs copied from the seeded texts (declaration and Call for
 * Action) appended before the footnotes, in one edit through the Chair's stock client.
 * Returns the word count reached and the ids of all numbered paragraphs, in order.
 */
export async function enlargeDeclaration(
  wsBase: string,
  chairCookie: string,
  seedsDir: string,
  targetWords: number,
): Promise<{ words: number; blockIds: string[] }> {
  const sources: string[] = [];
  for (const state of seedStates(seedsDir).values()) {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, state);
    const collect = (el: Y.XmlElement | Y.XmlFragment) => {
      for (const child of el.toArray()) {
        if (!(child instanceof Y.XmlElement)) continue;
        if (child.nodeName === 'body') {
          const t = child.get(0);
          if (t instanceof Y.XmlText && words(plainText(t)) >= 8) sources.push(plainText(t));
        } else collect(child);
      }
    };
    collect(doc.getXmlFragment(FRAGMENT_NAME));
    doc.destroy();
  }
  const chair = new BenchClient(wsBase, 'declaration', chairCookie);
  try {
    await chair.synced();
    const fragment = chair.doc.getXmlFragment(FRAGMENT_NAME);
    let total = paragraphs(chair.doc).reduce((n, p) => n + words(plainText(p.body)), 0);
    const added: Y.XmlElement[] = [];
    for (let i = 0; total < targetWords; i++) {
      const text = sources[i % sources.length] ?? 'Text.';
      const paragraph = new Y.XmlElement('operative');
      paragraph.setAttribute('id', newBlockId());
      const body = new Y.XmlElement('body');
      const run = new Y.XmlText();
      run.insert(0, text);
      body.insert(0, [run]);
      paragraph.insert(0, [body]);
      added.push(paragraph);
      total += words(text);
    }
    const last = fragment.get(fragment.length - 1);
    const at =
      last instanceof Y.XmlElement && last.nodeName === 'footnotes'
        ? fragment.length - 1
        : fragment.length;
    await editAndSave(chair, () => fragment.insert(at, added));
    return { words: total, blockIds: paragraphs(chair.doc).map((p) => p.id) };
  } finally {
    chair.destroy();
  }
}

/**
 * Makes an edit through a stock client and waits for the server's SAVED notice of exactly
 * that update: then the server holds it, and a submission reads it.
 */
export async function editAndSave(
  client: BenchClient,
  edit: () => void,
  timeoutMs = 60_000,
): Promise<void> {
  const updates: Uint8Array[] = [];
  const record = (u: Uint8Array, origin: unknown) => {
    if (origin !== client.provider) updates.push(u);
  };
  const saved = new Set<number>();
  client.onSaved = (notice) => {
    if (!notice.step2) saved.add(notice.digest);
  };
  client.doc.on('update', record);
  try {
    client.doc.transact(edit);
  } finally {
    client.doc.off('update', record);
  }
  const digests = updates.map(updateDigest);
  if (!(await until(() => digests.every((d) => saved.has(d)), timeoutMs)))
    throw new Error('the server did not save an edit in time');
  client.onSaved = null;
}

/** Phrases a delegation adds; varied so that different delegations' amendments differ. */
const PHRASES = [
  'firmly',
  'where appropriate,',
  'in full respect of international law,',
  'collectively',
  'in line with national legislation,',
  'as a matter of priority,',
  'in close cooperation with countries of origin,',
  'with due regard to human rights,',
];

/**
 * A delegation's word-level change to one paragraph, as a track-changes edit: mostly an
 * inserted phrase, sometimes a deleted word, at a position that depends on the delegation
 * and the paragraph. Deterministic for the same (seed), so runs compare.
 */
export function draftChange(body: Y.XmlText, seed: number): void {
  const text = plainText(body);
  const random = seededRandom(seed);
  const starts: number[] = [];
  const re = /\S+/g;
  for (let m = re.exec(text); m; m = re.exec(text)) starts.push(m.index);
  // Footnote markers are embeds: positions in the plain text would then be off, so append.
  if (starts.length < 3 || text.length !== body.length) {
    body.insert(body.length, ` ${PHRASES[seed % PHRASES.length] ?? ''}`.trimEnd());
    return;
  }
  const w = 1 + Math.floor(random() * (starts.length - 2));
  const at = starts[w] ?? 0;
  if (seed % 5 === 4) {
    const end = starts[w + 1] ?? text.length;
    body.delete(at, end - at);
  } else {
    body.insert(at, `${PHRASES[Math.floor(random() * PHRASES.length)] ?? ''} `);
  }
}

/** A delegation's stock client on its working copy of the declaration. */
export async function openDraft(wsBase: string, cookie: string): Promise<BenchClient> {
  const client = new BenchClient(wsBase, 'declaration/draft', cookie);
  await client.synced();
  return client;
}

/** Changes the given paragraphs of a working copy (one edit) and waits until it is saved. */
export async function draftChanges(
  draft: BenchClient,
  changes: readonly { blockId: string; seed: number }[],
): Promise<void> {
  const byId = new Map(paragraphs(draft.doc).map((p) => [p.id, p.body]));
  await editAndSave(draft, () => {
    for (const { blockId, seed } of changes) {
      const body = byId.get(blockId);
      if (!body) throw new Error(`the working copy has no paragraph ${blockId}`);
      draftChange(body, seed);
    }
  });
}

/** Submits changes of the caller's working copy; returns the amendments and the request time. */
export async function submit(
  httpBase: string,
  cookie: string,
  which: { all: true } | { blockIds: string[] },
): Promise<{ amendments: Amendment[]; ms: number }> {
  const res = await api(httpBase, cookie, 'POST', '/api/documents/declaration/amendments', {
    ...which,
    justification: 'To strengthen the commitment.',
    language: 'en',
  });
  if (res.status !== 201)
    throw new Error(`submission refused: ${res.status} ${JSON.stringify(res.body)}`);
  return { amendments: (res.body as { amendments: Amendment[] }).amendments, ms: res.ms };
}

/**
 * Fills the round: each of `accounts` changes its share of `total` paragraphs (spread over
 * `blockIds`, never twice the same one) in its working copy and submits them all at once.
 * Returns the amendments created and the wall time.
 */
export async function fillRound(
  wsBase: string,
  httpBase: string,
  accounts: readonly SignedInAccount[],
  blockIds: readonly string[],
  total: number,
  progress: (done: number) => void = () => undefined,
): Promise<{ created: number; ms: number }> {
  const t0 = performance.now();
  let created = 0;
  for (let d = 0; d < accounts.length; d++) {
    const account = accounts[d];
    if (!account) continue;
    const share = Math.floor(total / accounts.length) + (d < total % accounts.length ? 1 : 0);
    if (share === 0) continue;
    if (share > blockIds.length) throw new Error(`only ${blockIds.length} paragraphs to amend`);
    // A stride coprime with the count spreads each delegation over the whole text.
    const stride = coprimeStride(blockIds.length, d);
    const changes = Array.from({ length: share }, (_, k) => ({
      blockId: blockIds[(d * 7 + k * stride) % blockIds.length] ?? '',
      seed: d * 10_007 + k,
    }));
    const draft = await openDraft(wsBase, account.cookie);
    try {
      await draftChanges(draft, changes);
      created += (await submit(httpBase, account.cookie, { all: true })).amendments.length;
    } finally {
      draft.destroy();
    }
    progress(created);
  }
  return { created, ms: performance.now() - t0 };
}

function coprimeStride(n: number, d: number): number {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  for (let s = 1 + ((d * 3) % Math.max(1, n - 1)); ; s++) if (gcd(s, n) === 1) return s;
}
