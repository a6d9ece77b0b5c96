import { describe, expect, it } from 'vitest';
import { WritingWindow } from '../../server/src/rounds/WritingWindow.js';
import type { Thread } from '@accord/shared';
import { ThreadService } from '../../server/src/comments/ThreadService.js';
import type { Principal } from '../../server/src/auth/Principal.js';
import { MemoryThreadStore } from '../../server/src/storage/MemoryThreadStore.js';
import { MemoryAuditLog } from '../../server/src/storage/MemoryAuditLog.js';
import { ManualClock } from '../../server/src/time/ManualClock.js';
import type { ThreadServiceDeps } from '../../server/src/comments/ThreadService.js';

// The thread service stores a thread whole: changes to one thread must not start from the same
// record at once (CM3), whatever the store's latency.

/** A memory store whose reads take a while, as a database's do. */
class SlowThreadStore extends MemoryThreadStore {
  override async get(id: string): Promise<Thread | null> {
    const read = await super.get(id);
    await new Promise((r) => setTimeout(r, 2));
    return read;
  }
}

const person = (id: string, delegation: string): Principal => ({
  id,
  username: id,
  name: `Delegate of ${delegation}`,
  delegation: { id: delegation, name: delegation, kind: 'participating-state', roles: [] },
  color: '#123456',
});

describe('CM3 concurrent changes to one thread', () => {
  it('CM3 replies sent at the same moment are all kept', async () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 30));
    const threads = new SlowThreadStore();
    const service = new ThreadService({
      threads,
      audit: new MemoryAuditLog(clock),
      clock,
      feed: { publish: () => undefined },
      window: WritingWindow.open(),
      documents: {
        getDocument: async () => ({ id: 'declaration', title: 'D', kind: 'declaration' }),
      },
    } as unknown as ThreadServiceDeps);
    const germany = person('p1', 'germany');
    const started = await service.create(germany, 'declaration', {
      anchor: { type: 'document' },
      visibility: 'public',
      text: 'A general remark.',
      quote: '',
    });
    if ('refused' in started) throw new Error(started.message);
    const names = ['pakistan', 'france', 'spain', 'italy', 'austria', 'greece'];
    await Promise.all(
      names.map((d, i) => service.reply(person(`p${i + 2}`, d), started.id, `${d} agrees`)),
    );
    const stored = await threads.get(started.id);
    expect(stored!.comments.map((c) => c.text)).toEqual([
      'A general remark.',
      ...names.map((d) => `${d} agrees`),
    ]);
  });
});
