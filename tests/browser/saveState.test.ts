import fs from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { CloseCode } from '@accord/shared';
import type { AccordServer } from '../../server/src/index.js';
import { startTestServer, tempDataDir } from '../helpers/server.js';
import {
  builtClientDir,
  indicatorText,
  launchBrowser,
  openPerson,
  placeCaretAtEnd,
  relayCollab,
  screenshot,
  signInThroughPage,
  type PersonPage,
} from '../helpers/browser.js';

// Demo accounts: Türkiye holds the Chair and edits; Germany follows the text read-only.
const CHAIR = 'turkiye';
const DELEGATE = 'germany';
const POLL = { timeout: 20_000, interval: 50 };
const OP1 = '.declaration .operative > p.body';

let clientDir: string;
let browser: Browser;
let server: AccordServer | null = null;
let dataDir: string;
const people: PersonPage[] = [];

/** A person of `username`'s delegation, signed in through the sign-in page. */
async function person(username: string): Promise<PersonPage> {
  if (!server) throw new Error('server not running');
  const p = await openPerson(browser);
  people.push(p);
  await signInThroughPage(p.page, server.url, username);
  return p;
}

async function openDeclaration(p: PersonPage): Promise<void> {
  if (!server) throw new Error('server not running');
  await p.page.goto(`${server.url}/d/declaration`);
  await p.page.locator(OP1).first().waitFor({ state: 'visible', timeout: 20_000 });
  await expect.poll(() => indicatorText(p.page), POLL).toBe('All changes saved');
}

function textOf(p: PersonPage, selector: string, index = 0): Promise<string | null> {
  return p.page.locator(selector).nth(index).textContent();
}

beforeAll(async () => {
  clientDir = builtClientDir();
  browser = await launchBrowser();
});

afterEach(async () => {
  for (const p of people.splice(0)) {
    expect(p.errors, 'errors in the page').toEqual([]);
    await p.context.close();
  }
  await server?.close();
  server = null;
  fs.rmSync(dataDir, { recursive: true, force: true });
});

afterAll(async () => {
  await browser?.close();
});

describe('the save indicator tells the truth', () => {
  it('says "Saving…" until the server confirms, even when others already see the change', async () => {
    dataDir = tempDataDir();
    server = await startTestServer({ dataDir, clientDir });
    const a = await person(CHAIR);
    const relay = await relayCollab(a.page);
    const b = await person(DELEGATE);
    await openDeclaration(a);
    await openDeclaration(b);

    relay.holdSaved = true;
    await placeCaretAtEnd(a.page, OP1);
    await a.page.keyboard.type(' [held]');
    // The server stored and broadcast it (B has it), but A has no confirmation yet.
    await expect.poll(() => textOf(b, OP1), POLL).toContain('[held]');
    expect(await indicatorText(a.page)).toBe('Saving…');
    await screenshot(a.page, 'indicator-saving');

    relay.holdSaved = false;
    relay.releaseSaved();
    await expect.poll(() => indicatorText(a.page), POLL).toBe('All changes saved');
  });

  it('reloads the document from the server when the server refuses a change', async () => {
    dataDir = tempDataDir();
    server = await startTestServer({ dataDir, clientDir });
    const a = await person(CHAIR);
    const relay = await relayCollab(a.page);
    const b = await person(DELEGATE);
    await openDeclaration(a);
    await openDeclaration(b);
    const original = await textOf(a, OP1);

    relay.refuseNextUpdate(CloseCode.InvalidUpdate, 'test refusal');
    await placeCaretAtEnd(a.page, OP1);
    await a.page.keyboard.type('§');

    const notice = a.page.locator('.notice-warning');
    await notice.waitFor({ timeout: 20_000 });
    expect(await notice.textContent()).toContain(
      'The server refused a change (server: test refusal).',
    );
    // A fresh copy from the server: a new socket, the refused keystroke gone, saved again.
    await expect.poll(() => relay.connections, POLL).toBe(2);
    await expect.poll(() => textOf(a, OP1), POLL).toBe(original);
    await expect.poll(() => indicatorText(a.page), POLL).toBe('All changes saved');
    await screenshot(a.page, 'refused-reloaded');

    // The reloaded editor works: the next change is saved and reaches B, the refused one never did.
    await placeCaretAtEnd(a.page, OP1);
    await a.page.keyboard.type(' [after reload]');
    await expect.poll(() => textOf(b, OP1), POLL).toContain('[after reload]');
    await expect.poll(() => indicatorText(a.page), POLL).toBe('All changes saved');
    expect(await textOf(b, OP1)).not.toContain('§');
  });

  it('keeps edits made offline and confirms them after the server comes back', async () => {
    dataDir = tempDataDir();
    server = await startTestServer({ dataDir, clientDir });
    const port = server.port;
    const a = await person(CHAIR);
    await openDeclaration(a);

    await server.close();
    server = null;
    await expect
      .poll(() => indicatorText(a.page), POLL)
      .toBe('Offline — edits kept on this device');
    await placeCaretAtEnd(a.page, OP1);
    await a.page.keyboard.type(' [typed while offline]');
    await screenshot(a.page, 'offline-editing');

    // Same port, same data: the provider reconnects and sends the offline edits as sync step 2.
    server = await startTestServer({ dataDir, clientDir, port });
    await expect.poll(() => indicatorText(a.page), POLL).toBe('All changes saved');

    const fresh = await person(DELEGATE);
    await openDeclaration(fresh);
    expect(await textOf(fresh, OP1)).toContain('[typed while offline]');
  });
});
