import * as Y from 'yjs';
import { api, paragraphs, type SignedInAccount } from './amendmentRound.js';
import { BenchClient } from './clients.js';

/** A word's start and end in a text, for anchoring a thread on it. */
function wordAt(text: string, nth: number): { from: number; to: number } {
  const spans = [...text.matchAll(/\S+/g)].map((m) => ({
    from: m.index,
    to: m.index + m[0].length,
  }));
  return spans[nth % Math.max(1, spans.length)] ?? { from: 0, to: Math.min(1, text.length) };
}

const encode = (text: Y.XmlText, index: number) =>
  Buffer.from(
    Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, index)),
  ).toString('base64');

/**
 * Starts `total` public comment threads on the base text (issue 8's realistic load), spread
 * over the numbered paragraphs and the delegations, each on one word, as a delegate selecting
 * a word and commenting would. Returns the wall time.
 */
export async function fillThreads(
  wsBase: string,
  httpBase: string,
  accounts: readonly SignedInAccount[],
  total: number,
): Promise<{ ms: number }> {
  const t0 = performance.now();
  const first = accounts[0];
  if (!first) throw new Error('no accounts to comment');
  const base = new BenchClient(wsBase, 'declaration', first.cookie);
  await base.synced();
  try {
    const paras = paragraphs(base.doc);
    const jobs = Array.from({ length: total }, (_, i) => i);
    const worker = async (lane: number) => {
      for (let i = lane; i < jobs.length; i += 8) {
        const para = paras[i % paras.length]!;
        // Offsets count an embedded footnote marker as one character, as Yjs does.
        const text = (para.body.toDelta() as { insert: unknown }[])
          .map((op) => (typeof op.insert === 'string' ? op.insert : '\uFFFC'))
          .join('');
        const { from, to } = wordAt(text, Math.floor(i / paras.length));
        const who = accounts[i % accounts.length]!;
        const res = await api(httpBase, who.cookie, 'POST', '/api/documents/declaration/threads', {
          anchor: { type: 'text', from: encode(para.body, from), to: encode(para.body, to) },
          visibility: 'public',
          text: `Comment ${i + 1}: can this word be clarified?`,
          quote: text.slice(from, to),
        });
        if (res.status !== 201)
          throw new Error(`thread refused: ${res.status} ${JSON.stringify(res.body)}`);
      }
    };
    await Promise.all(Array.from({ length: 8 }, (_, lane) => worker(lane)));
  } finally {
    base.destroy();
  }
  return { ms: performance.now() - t0 };
}
