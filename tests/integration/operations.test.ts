import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { healthSchema, readySchema } from '@accord/shared';
import type { Logger } from '../../server/src/index.js';
import { openSqliteStorage } from '../../server/src/index.js';
import { SignedInServer, collabUrl, startTestServer, tempDataDir } from '../helpers/server.js';
import {
  editAndSave,
  firstBody,
  stockClient,
  synced,
  type StockClient,
} from '../helpers/yclient.js';
import { waitFor } from '../helpers/wait.js';

// Operations (shared/SPEC.md OP1–OP5): structured logs with request and connection ids, the
// metrics of one instance, health with the store, readiness for load balancers.

/** One logged event, as the collecting logger saw it. */
interface LogLine {
  level: 'info' | 'warn' | 'error';
  message: string;
  fields: Record<string, unknown>;
}

/** A logger that keeps every line, for tests to look for their request's. */
function collectingLogger(lines: LogLine[]): Logger {
  const at =
    (level: LogLine['level']) =>
    (message: string, fields: Record<string, unknown> = {}) =>
      lines.push({ level, message, fields });
  return { info: at('info'), warn: at('warn'), error: at('error') };
}

/** The value of a sample line of the Prometheus text, e.g. `accord_connections`. */
function sample(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  if (!line) throw new Error(`no sample ${name} in:\n${text}`);
  return Number(line.slice(name.length + 1));
}

const lines: LogLine[] = [];
let world: SignedInServer;
let client: StockClient | null = null;

beforeAll(async () => {
  world = await SignedInServer.start(['turkiye'], {
    logger: collectingLogger(lines),
    metricsToken: 'scrape-secret',
  });
});

afterAll(async () => {
  client?.destroy();
  await world?.stop();
});

const metrics = async (): Promise<string> => {
  const res = await fetch(`${world.server.url}/metrics`, {
    headers: { authorization: 'Bearer scrape-secret' },
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain; version=0.0.4');
  return res.text();
};

describe('operations', () => {
  it('OP2 OP5 /metrics counts the connection, the rooms and the latency of a stock client’s edits', async () => {
    const latency = 'accord_update_latency_seconds_count{stage="commit"}';
    const before = sample(await metrics(), latency);
    client = stockClient(collabUrl(world.server), 'declaration', world.cookie('turkiye'));
    await synced(client);
    await editAndSave(client, (doc: Y.Doc) => firstBody(doc).insert(0, 'Operations '));
    await editAndSave(client, (doc: Y.Doc) => firstBody(doc).insert(0, 'Metrics '));
    const text = await waitFor(async () => {
      const t = await metrics();
      // The broadcast sample is observed in the same turn as the commit; the SAVED is after.
      return sample(t, latency) >= before + 2 ? t : '';
    }, 'the edits in the latency histogram');
    expect(sample(text, 'accord_connections')).toBe(1);
    expect(sample(text, 'accord_rooms')).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, 'accord_update_latency_seconds_count{stage="broadcast"}'),
    ).toBeGreaterThanOrEqual(1);
    expect(text).toContain('# TYPE accord_refused_writes_total counter');
  });

  it('OP5 /metrics refuses a scraper without the bearer token', async () => {
    const res = await fetch(`${world.server.url}/metrics`);
    expect(res.status).toBe(401);
    const wrong = await fetch(`${world.server.url}/metrics`, {
      headers: { authorization: 'Bearer scrape-secrets' },
    });
    expect(wrong.status).toBe(401);
  });

  it('OP1 every /api request gets an id, answered in X-Request-Id and in its log line', async () => {
    const res = await fetch(`${world.server.url}/api/documents`, {
      headers: { cookie: world.cookie('turkiye') },
    });
    expect(res.status).toBe(200);
    const id = res.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const line = await waitFor(
      () => lines.find((l) => l.message === 'request' && l.fields.requestId === id),
      'the request’s log line',
    );
    if (!line) throw new Error('no log line');
    expect(line.fields).toMatchObject({ method: 'GET', path: '/api/documents', status: 200 });
    expect(typeof line.fields.durationMs).toBe('number');
    // A proxy's id is kept, so one request can be followed across both logs.
    const forwarded = await fetch(`${world.server.url}/api/health`, {
      headers: { 'x-request-id': 'lb-1234' },
    });
    expect(forwarded.headers.get('x-request-id')).toBe('lb-1234');
  });

  it('OP1 a WebSocket connection logs its opening and close with one id, the person and the document', async () => {
    const c = stockClient(collabUrl(world.server), 'declaration', world.cookie('turkiye'));
    await synced(c);
    const opened = lines.filter((l) => l.message === 'connection opened').at(-1)!;
    expect(opened.fields).toMatchObject({ username: 'turkiye', documentId: 'declaration' });
    c.destroy();
    const closed = await waitFor(
      () =>
        lines.find(
          (l) =>
            l.message === 'connection closed' &&
            l.fields.connectionId === opened.fields.connectionId,
        ),
      'the close’s log line',
    );
    if (!closed) throw new Error('no log line');
    expect(closed.fields.personId).toBe(opened.fields.personId);
  });

  it('OP3 /api/health reports the store', async () => {
    const res = await fetch(`${world.server.url}/api/health`);
    expect(res.status).toBe(200);
    expect(healthSchema.parse(await res.json())).toEqual({ ok: true, store: 'ok', relay: 'none' });
  });
});

describe('operations of a server of its own', () => {
  it('OP3 /api/health answers 503 when the store does not answer', async () => {
    const storage = openSqliteStorage(tempDataDir());
    const server = await startTestServer({ storage });
    try {
      vi.spyOn(storage.documents, 'isEmpty').mockRejectedValue(new Error('database gone'));
      const res = await fetch(`${server.url}/api/health`);
      expect(res.status).toBe(503);
      expect(healthSchema.parse(await res.json())).toEqual({
        ok: false,
        store: 'unavailable',
        relay: 'none',
      });
    } finally {
      vi.restoreAllMocks();
      await server.close();
    }
  });

  it('OP4 /api/ready answers 200 once started and 503 while the server closes', async () => {
    const server = await startTestServer({ drainMs: 200 });
    const ready = async () => {
      const res = await fetch(`${server.url}/api/ready`);
      return { status: res.status, body: readySchema.parse(await res.json()) };
    };
    expect(await ready()).toEqual({ status: 200, body: { ready: true } });
    const closed = server.close();
    expect(await ready()).toEqual({ status: 503, body: { ready: false } });
    await closed;
  });
});
