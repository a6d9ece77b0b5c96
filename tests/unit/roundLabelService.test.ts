import { describe, expect, it } from 'vitest';
import type { Node } from 'prosemirror-model';
import * as Y from 'yjs';
import { deriveLabels, docToYDoc, type BlockLabel, type Round } from '@accord/shared';
import type { Room } from '../../server/src/collab/Room.js';
import { RoundLabelService } from '../../server/src/labels/RoundLabelService.js';
import type { RoundsView } from '../../server/src/rounds/RoundsView.js';
import { silentLogger } from '../../server/src/logger.js';
import { MemoryDocumentStore } from '../../server/src/storage/MemoryDocumentStore.js';
import { MemoryLabelStore } from '../../server/src/storage/MemoryLabelStore.js';
import { ManualClock } from '../../server/src/time/ManualClock.js';
import { doc, op, pp, title, withId } from '../helpers/builders.js';
import { waitFor } from '../helpers/wait.js';

// The server's labels (server/src/labels/RoundLabelService.ts) against a fake view of the rounds
// and a document held in memory: what the route answers, what is kept, and the fallbacks.

const O = (id: string) => withId(id, op(id));
const P = (id: string) => withId(id, pp(id));

const round = (id: string): Round => ({
  id,
  name: id,
  position: 0,
  phase: 'feedback',
  submitters: 'all',
  observersMaySubmit: false,
  deadline: null,
  startedAt: '2024-05-14T09:00:00.000Z',
  publishedAt: null,
  kind: 'reading',
});

/** A rounds view whose round under way the test sets. */
function fakeRounds(): RoundsView & { under: Round | null } {
  return {
    under: null,
    list() {
      return this.under ? [this.under] : [];
    },
    current() {
      return this.under;
    },
    lastPublished: () => null,
    isFinal: () => false,
    onChange: () => () => undefined,
  };
}

const startText = () =>
  doc(title('T'), P('pp-1'), O('op-1'), O('op-2'), O('op-3'), O('op-4'), O('op-5'));

async function setUp() {
  const clock = new ManualClock(Date.UTC(2024, 4, 14, 9));
  const documents = new MemoryDocumentStore(clock);
  await documents.createDocuments([{ id: 'declaration', title: 'D', kind: 'declaration' }]);
  const rounds = fakeRounds();
  const store = new MemoryLabelStore();
  const text = { current: startText() };
  const starts = new Map<string, Map<string, BlockLabel>>([['second', deriveLabels(startText())]]);
  const make = () =>
    new RoundLabelService({
      rounds,
      start: { startLabels: async (_documentId, r) => starts.get(r.id) ?? null },
      store,
      rooms: {
        readDocument: async <T>(_id: string, read: (room: Room) => T | Promise<T>) =>
          read({ doc: docToYDoc(text.current) as Y.Doc } as Room),
      },
      documents,
      clock,
      logger: silentLogger,
    });
  return { clock, rounds, store, text, starts, make, service: make() };
}

/** "id=short" of `labels` in document order. */
function shorts(labels: Record<string, BlockLabel>, d: Node): string[] {
  const out: string[] = [];
  d.forEach((node) => {
    const id = node.attrs.id as string | null;
    if (id && labels[id]) out.push(`${id}=${labels[id].short}`);
  });
  return out;
}

describe('RoundLabelService', () => {
  it('SL1 SL2 within a round a paragraph added after OP4 is "OP4 bis" and OP5 stays OP5', async () => {
    const { rounds, text, service } = await setUp();
    rounds.under = round('second');
    text.current = doc(
      title('T'),
      P('pp-1'),
      O('op-1'),
      O('op-2'),
      O('op-3'),
      O('op-4'),
      O('op-new'),
      O('op-5'),
    );
    const answer = await service.labels('declaration');
    if ('refused' in answer) throw new Error(answer.message);
    expect(answer.roundId).toBe('second');
    expect(shorts(answer.labels, text.current).slice(-3)).toEqual([
      'op-4=OP4',
      'op-new=OP4 bis',
      'op-5=OP5',
    ]);
    expect(answer.start).toEqual(Object.fromEntries(deriveLabels(startText())));
    expect(answer.kept).toEqual({
      'op-new': { short: 'OP4 bis', long: 'Operative paragraph 4 bis' },
    });
  });

  it('SL5 SL8 a kept label stays with its block across a later insertion and a new service (restart)', async () => {
    const { rounds, text, store, make, service } = await setUp();
    rounds.under = round('second');
    text.current = doc(
      title('T'),
      P('pp-1'),
      O('op-1'),
      O('op-2'),
      O('op-3'),
      O('op-4'),
      O('op-x'),
      O('op-5'),
    );
    await service.keepLabels('declaration');
    expect(await store.kept('second', 'declaration')).toEqual(
      new Map([['op-x', { short: 'OP4 bis', long: 'Operative paragraph 4 bis' }]]),
    );
    // A second paragraph between OP4 and x: x keeps "OP4 bis" after a restart.
    text.current = doc(
      title('T'),
      P('pp-1'),
      O('op-1'),
      O('op-2'),
      O('op-3'),
      O('op-4'),
      O('op-y'),
      O('op-x'),
      O('op-5'),
    );
    const labels = (await make().labeller('declaration'))(text.current);
    expect(labels.get('op-y')?.short).toBe('OP4 ter');
    expect(labels.get('op-x')?.short).toBe('OP4 bis');
  });

  it('SL4 a deleted paragraph leaves its number unused', async () => {
    const { rounds, text, service } = await setUp();
    rounds.under = round('second');
    text.current = doc(
      title('T'),
      P('pp-1'),
      O('op-1'),
      O('op-2'),
      O('op-4'),
      O('op-z'),
      O('op-5'),
    );
    const labels = (await service.labeller('declaration'))(text.current);
    expect([...labels.values()].map((l) => l.short)).toEqual([
      'PP1',
      'OP1',
      'OP2',
      'OP4',
      'OP4 bis',
      'OP5',
    ]);
  });

  it('SL8 outside a round, or without start labels, the labels are the text’s own numbering', async () => {
    const { rounds, text, service } = await setUp();
    text.current = doc(title('T'), P('pp-1'), O('op-1'), O('op-new'), O('op-2'));
    const none = await service.labels('declaration');
    expect(none).toMatchObject({ roundId: null, start: null, kept: {} });
    rounds.under = round('unversioned');
    const answer = await service.labels('declaration');
    expect(answer).toMatchObject({ roundId: 'unversioned', start: null, kept: {} });
    if ('refused' in answer) throw new Error(answer.message);
    expect(shorts(answer.labels, text.current)).toEqual([
      'pp-1=PP1',
      'op-1=OP1',
      'op-new=OP2',
      'op-2=OP3',
    ]);
  });

  it('SL8 the next round starts afresh: labels kept in one round are not carried into another', async () => {
    const { rounds, text, starts, service } = await setUp();
    rounds.under = round('second');
    text.current = doc(
      title('T'),
      P('pp-1'),
      O('op-1'),
      O('op-2'),
      O('op-3'),
      O('op-4'),
      O('op-x'),
      O('op-5'),
    );
    await service.keepLabels('declaration');
    starts.set('third', deriveLabels(text.current));
    rounds.under = round('third');
    const answer = await service.labels('declaration');
    expect(answer).toMatchObject({ roundId: 'third', kept: {} });
    if ('refused' in answer) throw new Error(answer.message);
    expect(answer.labels['op-x']?.short).toBe('OP5');
  });

  it('SL8 a base change keeps the new labels shortly after, once', async () => {
    const { clock, rounds, text, store, service } = await setUp();
    rounds.under = round('second');
    text.current = doc(
      title('T'),
      P('pp-1'),
      O('op-w'),
      O('op-1'),
      O('op-2'),
      O('op-3'),
      O('op-4'),
      O('op-5'),
    );
    service.baseChanged('declaration');
    service.baseChanged('declaration');
    expect(await store.kept('second', 'declaration')).toEqual(new Map());
    clock.advance(300);
    await waitFor(
      async () => (await store.kept('second', 'declaration')).size === 1,
      'the new label kept',
    );
    expect((await store.kept('second', 'declaration')).get('op-w')?.short).toBe('OP0');
  });

  it('a document that does not exist is refused with 404', async () => {
    const { service } = await setUp();
    expect(await service.labels('nowhere')).toMatchObject({ refused: true, status: 404 });
  });
});
