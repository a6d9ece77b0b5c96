import { afterEach, describe, expect, it } from 'vitest';
import type { AccordServer } from '../../server/src/index.js';
import { openSqliteStorage } from '../../server/src/index.js';
import { signIn, startTestServer, tempDataDir } from '../helpers/server.js';
import { readSeed } from '../helpers/seeds.js';

let server: AccordServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function post(path: string, cookie: string, body: unknown): Promise<Response> {
  return fetch(`${server!.url}${path}`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('IM5 without seeds the negotiation starts empty and the Secretariat imports it', () => {
  it('IM5 a fresh server without seeds has no documents and one Secretariat account', async () => {
    const dataDir = tempDataDir();
    server = await startTestServer({ dataDir, seedsDir: null });
    const cookie = await signIn(server, 'secretariat');
    const docs = await fetch(`${server.url}/api/documents`, { headers: { cookie } });
    expect(await docs.json()).toEqual([]);
    const session = await (
      await fetch(`${server.url}/api/session`, { headers: { cookie } })
    ).json();
    expect(session.capabilities).toContain('participants.manage');
  });

  it('IM5 a text the importer cannot read is refused with its line, and nothing is stored', async () => {
    const dataDir = tempDataDir();
    server = await startTestServer({ dataDir, seedsDir: null });
    const cookie = await signIn(server, 'secretariat');
    const bad =
      'The Budapest Process Ministerial Declaration\n\nWE, the Ministers;\n\n1. An action before any goal;\n';
    const res = await post('/api/admin/import', cookie, { text: bad });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/could not be imported: line \d+/);
    const docs = await fetch(`${server.url}/api/documents`, { headers: { cookie } });
    expect(await docs.json()).toEqual([]);
  });

  it('IM5 importing seed 003 creates both documents once; a second import is refused (409)', async () => {
    const dataDir = tempDataDir();
    server = await startTestServer({ dataDir, seedsDir: null });
    const cookie = await signIn(server, 'secretariat');
    const res = await post('/api/admin/import', cookie, { text: readSeed('003') });
    expect(res.status).toBe(201);
    expect((await res.json()).map((d: { id: string }) => d.id)).toEqual([
      'declaration',
      'call-for-action',
    ]);
    const again = await post('/api/admin/import', cookie, { text: readSeed('003') });
    expect(again.status).toBe(409);
    const audit = await (
      await fetch(`${server.url}/api/admin/audit?limit=20`, { headers: { cookie } })
    ).json();
    expect(audit).toContainEqual(
      expect.objectContaining({ action: 'document.import', outcome: 'ok' }),
    );
    await server.close();
    server = null;
    const storage = openSqliteStorage(dataDir);
    const stored = await storage.documents.loadDocument('declaration');
    expect(stored.snapshot).not.toBeNull();
    await storage.close();
  });

  it('AC8 a delegation that is not the Secretariat cannot import (403)', async () => {
    server = await startTestServer();
    const res = await post('/api/admin/import', await signIn(server, 'germany'), {
      text: readSeed('003'),
    });
    expect(res.status).toBe(403);
  });
});
