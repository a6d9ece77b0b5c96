import { afterEach, describe, expect, it } from 'vitest';
import { CloseCode } from '@accord/shared';
import { ManualClock } from '../../server/src/time/ManualClock.js';
import type { AccordServer } from '../../server/src/index.js';
import type { ScheduledTask } from '../../server/src/storage/TaskStore.js';
import { collabUrl, signIn, startTestServer, tempDataDir } from '../helpers/server.js';
import { RawClient } from '../helpers/yclient.js';
import { waitFor } from '../helpers/wait.js';

let server: AccordServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

const HOUR = 60 * 60 * 1000;

describe('one clock for the whole server (TM)', () => {
  it('TM1 sessions expire by the server’s clock: moving it past 12 h ends the session on the API and on open sockets', async () => {
    const clock = new ManualClock(Date.UTC(2024, 11, 20, 9));
    server = await startTestServer({ clock, heartbeatMs: 50 });
    const cookie = await signIn(server, 'germany');
    const session = await fetch(`${server.url}/api/session`, { headers: { cookie } });
    expect(session.status).toBe(200);
    const socket = await RawClient.connect(collabUrl(server), 'declaration', { cookie });
    clock.advance(12 * HOUR + 1);
    expect(await socket.closed()).toBe(CloseCode.Unauthenticated);
    const after = await fetch(`${server.url}/api/session`, { headers: { cookie } });
    expect(after.status).toBe(401);
  });

  it('TM1 the audit trail is dated by the server’s clock', async () => {
    const clock = new ManualClock(Date.UTC(2023, 11, 20, 22, 59));
    server = await startTestServer({ clock });
    const cookie = await signIn(server, 'icmpd');
    const res = await fetch(`${server.url}/api/admin/audit?limit=5`, { headers: { cookie } });
    const entries = (await res.json()) as { action: string; at: string }[];
    const signInEntry = entries.find((e) => e.action === 'sign-in');
    expect(signInEntry?.at).toBe('2023-12-20T22:59:00.000Z');
  });

  it('TM2 a task whose instant passed while the server was down fires when it starts again', async () => {
    const dataDir = tempDataDir();
    const clock = new ManualClock(Date.UTC(2023, 11, 20, 12));
    const fired: ScheduledTask[] = [];
    const handlers = { 'test.deadline': (task: ScheduledTask) => void fired.push(task) };
    server = await startTestServer({ dataDir, clock, taskHandlers: handlers });
    const deadline = Date.UTC(2023, 11, 20, 22, 59);
    await server.scheduler.schedule({ kind: 'test.deadline', at: deadline, key: 'round-1' });
    await server.close();
    server = null;
    expect(fired).toEqual([]);
    // Down over the deadline: the next start fires it, once.
    clock.set(deadline + HOUR);
    server = await startTestServer({ dataDir, clock, taskHandlers: handlers });
    await waitFor(() => fired.length === 1, 'the deadline task');
    expect(fired[0]).toMatchObject({ kind: 'test.deadline', at: deadline, key: 'round-1' });
    await server.close();
    server = await startTestServer({ dataDir, clock, taskHandlers: handlers });
    await server.scheduler.idle();
    expect(fired).toHaveLength(1);
  });

  it('TM2 a task in the future fires when the clock reaches its instant, not before', async () => {
    const clock = new ManualClock(Date.UTC(2024, 5, 27, 8));
    const fired: string[] = [];
    server = await startTestServer({
      clock,
      taskHandlers: { 'test.later': (t) => void fired.push(t.id) },
    });
    await server.scheduler.schedule({ kind: 'test.later', at: clock.now() + HOUR });
    clock.advance(HOUR - 1);
    await server.scheduler.idle();
    expect(fired).toEqual([]);
    clock.advance(1);
    await waitFor(() => fired.length === 1, 'the task at its instant');
  });
});
