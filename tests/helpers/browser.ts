import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Locator,
  type Page,
} from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import type { Node } from 'prosemirror-model';
import { afterEach, beforeAll, expect } from 'vitest';
import { FRAGMENT_NAME, schema, yFragmentToDoc } from '@accord/shared';
import {
  openSqliteStorage,
  type AccordServer,
  type AccordServerOptions,
} from '../../server/src/index.js';
import { DEMO_PASSWORD, signIn, startTestServer, tempDataDir } from './server.js';
import { storedDoc } from './access.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Debian's Chromium; playwright-core never downloads a browser of its own here. */
export const CHROMIUM_PATH = process.env.ACCORD_CHROMIUM ?? '/usr/bin/chromium';

/** Where browser tests leave their screenshots (ignored by git). */
export const SCREENSHOTS_DIR = path.join(REPO_ROOT, 'tests/screenshots');

/**
 * The built client the server under test serves. Fails with the fix when it is missing: a
 * browser test against a stale or absent build would test nothing.
 */
export function builtClientDir(): string {
  // ACCORD_CLIENT_DIST lets two developers (or helpers) test their own builds side by side.
  const dir = process.env.ACCORD_CLIENT_DIST ?? path.join(REPO_ROOT, 'client/dist');
  if (!fs.existsSync(path.join(dir, 'index.html'))) {
    throw new Error(`${dir}/index.html is missing: run \`npm run build\` before the browser tests`);
  }
  return dir;
}

/** How long, and how often, browser tests poll for what a page shows. */
export const POLL = { timeout: 20_000, interval: 50 };

/** The running text of the declaration's first operative paragraph, OP1 (`.first()` of it). */
export const OP1 = '.declaration .operative > p.body';

/** Starts headless Chromium; fails with the fix when it is not installed. */
export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `no Chromium at ${CHROMIUM_PATH}: install Debian's \`chromium\` (see .ci/run) or set ACCORD_CHROMIUM`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** A page in its own browser context (own storage, own cookies): one person on one device. */
export interface PersonPage {
  context: BrowserContext;
  page: Page;
  /** Uncaught errors and console errors seen in the page, for a final "no errors" check. */
  errors: string[];
}

/**
 * Browser reports that are not errors of the app: network weather (sockets and requests
 * refused while a test restarts the server, sockets closed by a test's relay), and HTTP
 * refusals (401 before sign-in, 403 for a delegation, 410 for a used link) that the app
 * receives as answers and shows as such.
 */
const EXPECTED_CONSOLE_ERRORS = [
  /^WebSocket (connection to .* failed|is already in CLOSING or CLOSED state)/,
  /^Failed to load resource: net::ERR_CONNECTION_REFUSED/,
  /^Failed to load resource: the server responded with a status of 4\d\d /,
];

/** Opens a fresh browser context with a desktop viewport: nobody signed in, nothing stored. */
export async function openPerson(browser: Browser): Promise<PersonPage> {
  const context = await browser.newContext({
    viewport: { width: 1360, height: 900 },
    deviceScaleFactor: 1,
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !EXPECTED_CONSOLE_ERRORS.some((re) => re.test(msg.text()))) {
      errors.push(`console error: ${msg.text()}`);
    }
  });
  return { context, page, errors };
}

/**
 * Opens `path` and signs in on the sign-in page the app redirects to, as a person would; waits
 * until the app has brought the person back to `path`, signed in.
 */
export async function signInThroughPage(
  page: Page,
  baseUrl: string,
  username: string,
  { password = DEMO_PASSWORD, path = '/' }: { password?: string; path?: string } = {},
): Promise<void> {
  await page.goto(`${baseUrl}${path}`);
  await page.waitForURL((url) => url.pathname === '/signin', { timeout: 20_000 });
  await page.locator('input[name=username]').fill(username);
  await page.locator('input[name=password]').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname === path, { timeout: 20_000 });
  await page.locator('.account-name').waitFor({ timeout: 20_000 });
}

/** The session the page's cookie carries, as the server describes it (GET /api/session). */
export async function sessionOf(page: Page): Promise<{
  person: { id: string; username: string; displayName: string };
  delegation: { id: string; name: string };
}> {
  return page.evaluate(async () => {
    const response = await fetch('/api/session');
    if (!response.ok) throw new Error(`GET /api/session answered ${response.status}`);
    return (await response.json()) as {
      person: { id: string; username: string; displayName: string };
      delegation: { id: string; name: string };
    };
  });
}

/** The HTTP status of a request made from the page, with its cookies (as the app would). */
export function statusFromPage(
  page: Page,
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<number> {
  return page.evaluate(
    async ({ path, method, body }) => {
      const response = await fetch(path, {
        method: method ?? 'GET',
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return response.status;
    },
    { path, method: init.method, body: init.body },
  );
}

/**
 * Saves a screenshot as tests/screenshots/<name>.png (for people reviewing the pages) and
 * returns its path. With ACCORD_SCREENSHOTS=0 nothing is captured: CI keeps no files, and the
 * captures cost some 70 renders per run.
 */
export async function screenshot(page: Page, name: string): Promise<string | null> {
  if (process.env.ACCORD_SCREENSHOTS === '0') return null;
  fs.mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  const file = path.join(SCREENSHOTS_DIR, `${name}.png`);
  // A page behind another one gets no fresh frames; a capture could show a stale scroll.
  await page.bringToFront();
  await page.screenshot({ path: file, fullPage: process.env.ACCORD_FULL_SCREENSHOTS === '1' });
  return file;
}

/**
 * Scrolls `target` to the middle of the view and waits until it stands still. Blocks off screen
 * are laid out only when they come into view (content-visibility), so the page may still move
 * for a frame or two after scrolling: a click measured before that lands elsewhere.
 */
export async function centreWhenStill(target: Locator): Promise<void> {
  let last = '';
  for (let settled = 0; settled < 2;) {
    const box = await target.evaluate(async (el) => {
      el.scrollIntoView({ block: 'center' });
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const r = el.getBoundingClientRect();
      return `${Math.round(r.top)},${Math.round(r.left)},${Math.round(r.height)}`;
    });
    settled = box === last ? settled + 1 : 0;
    last = box;
  }
}

/**
 * Puts the caret at the start or the end of the text of the `index`-th block matching
 * `selector` by clicking there, as a person would: ProseMirror takes the caret from the click
 * itself. (Setting the DOM selection after a click races with ProseMirror's own selection
 * sync after the mouse-up, so a key pressed right after could act where the click landed.)
 * Fails when the caret did not end up there.
 */
async function placeCaret(
  page: Page,
  selector: string,
  index: number,
  edge: 'start' | 'end',
): Promise<void> {
  const target = page.locator(selector).nth(index);
  await target.waitFor();
  await centreWhenStill(target);
  const point = await target.evaluate((el, atStart) => {
    // Centred, so the sticky document bar cannot be in the way of the click.
    el.scrollIntoView({ block: 'center' });
    const texts: Text[] = [];
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT, {
      // Colleagues' caret flags are not text of the block.
      acceptNode: (node) =>
        node.parentElement?.closest('.remote-caret') || node.textContent === ''
          ? NodeFilter.FILTER_REJECT
          : NodeFilter.FILTER_ACCEPT,
    });
    while (walker.nextNode()) texts.push(walker.currentNode as Text);
    const text = atStart ? texts[0] : texts[texts.length - 1];
    if (!text) {
      const box = el.getBoundingClientRect();
      return { x: box.left + 2, y: box.top + box.height / 2 };
    }
    const range = document.createRange();
    const length = text.length;
    range.setStart(text, atStart ? 0 : length - 1);
    range.setEnd(text, atStart ? 1 : length);
    const rects = range.getClientRects();
    const rect = atStart ? rects[0]! : rects[rects.length - 1]!;
    return atStart
      ? { x: rect.left + 1, y: rect.top + rect.height / 2 }
      : { x: rect.right + 4, y: rect.top + rect.height / 2 };
  }, edge === 'start');
  await page.mouse.click(point.x, point.y);
  const where = await target.evaluate((el, atStart) => {
    const selection = window.getSelection();
    if (!selection || selection.rangeCount === 0) return 'no selection';
    const caret = selection.getRangeAt(0);
    if (!el.contains(caret.startContainer)) return 'outside the block';
    const before = document.createRange();
    before.selectNodeContents(el);
    before.setEnd(caret.startContainer, caret.startOffset);
    const offset = before.toString().length;
    const copy = el.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('.remote-caret').forEach((c) => c.remove());
    const full = copy.textContent?.length ?? 0;
    return (atStart ? offset === 0 : offset >= full) ? 'ok' : `at ${offset} of ${full}`;
  }, edge === 'start');
  if (where !== 'ok') {
    throw new Error(
      `the click meant for the ${edge} of ${selector} [${index}] put the caret ${where}`,
    );
  }
  // The DOM has the caret; ProseMirror takes it on the next selectionchange, which a key
  // pressed at once (Enter) can overtake on a loaded machine, acting at the old caret.
  await syncSelection(page);
}

/**
 * Makes ProseMirror read the browser's selection now. Keys that move the selection natively
 * (Shift+arrows) change it in the DOM first; ProseMirror takes it on the next `selectionchange`
 * event, which a key pressed right after (Ctrl-X, a letter) can overtake.
 */
export async function syncSelection(page: Page): Promise<void> {
  await page.evaluate(() => document.dispatchEvent(new Event('selectionchange')));
}

/** Puts the caret at the end of the running text of the `index`-th block matching `selector`. */
export function placeCaretAtEnd(page: Page, selector: string, index = 0): Promise<void> {
  return placeCaret(page, selector, index, 'end');
}

/** Puts the caret at the very start of the `index`-th block matching `selector`. */
export function placeCaretAtStart(page: Page, selector: string, index = 0): Promise<void> {
  return placeCaret(page, selector, index, 'start');
}

/** The WCAG levels Accord's pages are checked against. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * Runs axe on the page as it is now and fails with every violation (rule, impact, the elements)
 * when there is any. `what` names the page in the failure.
 */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  // Legacy mode runs axe.run in the page itself; the default runs it per frame and finishes in a
  // new blank page, twice the time for the same result on Accord's pages (no frames). Only
  // violations are read, so only they are gathered in full.
  const results = await new AxeBuilder({ page })
    .options({ resultTypes: ['violations'] })
    .withTags(AXE_TAGS)
    .setLegacyMode()
    .analyze();
  const violations = results.violations.map(
    (v) =>
      `${v.id} (${v.impact ?? 'no impact'}): ${v.help} — ${v.nodes
        .slice(0, 5)
        .map((n) => n.target.join(' '))
        .join(', ')}`,
  );
  expect(violations, `axe violations on ${what}`).toEqual([]);
}

/** The save indicator's words on a page. */
export function indicatorText(page: Page): Promise<string | null> {
  return page.locator('.indicator-text').textContent();
}

/** Controls a page's collaboration socket from the test, standing between page and server. */
export interface CollabRelay {
  /** While true, the server's SAVED messages are held back from the page (in order). */
  holdSaved: boolean;
  /** Delivers the SAVED messages held so far. */
  releaseSaved(): void;
  /**
   * Makes the next sync update the page sends never reach the server: the socket is closed with
   * `code` instead, as the server does when it refuses an update.
   */
  refuseNextUpdate(code: number, reason: string): void;
  /** How many sockets the page has opened so far (a reload opens a new one). */
  readonly connections: number;
}

/** First byte of a SAVED message (MessageType.Saved as a one-byte varUint). */
const SAVED_TYPE = 100;

/**
 * Routes the page's `/collab/` WebSockets through the test, forwarding everything unless told
 * otherwise. Playwright sees the frames in both directions without touching the app's code.
 */
export async function relayCollab(page: Page): Promise<CollabRelay> {
  const held: { deliver: () => void }[] = [];
  let refusal: { code: number; reason: string } | null = null;
  let connections = 0;
  const relay: CollabRelay = {
    holdSaved: false,
    releaseSaved() {
      for (const h of held.splice(0)) h.deliver();
    },
    refuseNextUpdate(code, reason) {
      refusal = { code, reason };
    },
    get connections() {
      return connections;
    },
  };
  await page.routeWebSocket(/\/collab\//, (ws) => {
    connections++;
    const server = ws.connectToServer();
    ws.onMessage((message) => {
      const bytes = typeof message === 'string' ? Buffer.from(message) : message;
      // [0 = sync][2 = update]: a local change on its way to the server.
      if (refusal && bytes[0] === 0 && bytes[1] === 2) {
        const { code, reason } = refusal;
        refusal = null;
        void server.close({ code: 1000, reason: 'relay closed' });
        void ws.close({ code, reason });
        return;
      }
      server.send(message);
    });
    server.onMessage((message) => {
      const bytes = typeof message === 'string' ? Buffer.from(message) : message;
      if (relay.holdSaved && bytes[0] === SAVED_TYPE)
        held.push({ deliver: () => ws.send(message) });
      else ws.send(message);
    });
  });
  return relay;
}

/**
 * Waits until a document page shows the text (the declaration: OP1; another document: its
 * title) and says all changes are saved.
 */
async function documentShown(p: PersonPage, documentId: string): Promise<void> {
  await p.page
    .locator(documentId === 'declaration' ? OP1 : '.declaration .title')
    .first()
    .waitFor({ state: 'visible', timeout: 20_000 });
  await expect.poll(() => indicatorText(p.page), POLL).toBe('All changes saved');
}

/** What a browser test file works with; see `useBrowserSuite`. */
export interface BrowserSuite {
  /**
   * Starts the server, serving the built client, on the test's data folder (made at the test's
   * first start, removed after the test). Give the old `port` to come back where open pages
   * reconnect.
   */
  startServer: (
    options?: { port?: number; seedsDir?: string | null } & Pick<
      AccordServerOptions,
      'clock' | 'calendar'
    >,
  ) => Promise<AccordServer>;
  /** Stops the server; its data folder stays for the test's next `startServer`. */
  stopServer: () => Promise<void>;
  /** The running server; throws when none is. */
  running: () => AccordServer;
  /** A fresh browser context, nobody signed in; its page errors fail the test. */
  newPage: () => Promise<PersonPage>;
  /**
   * A person of `username`'s delegation in a fresh context, signed in (through the API), on
   * `path` (the documents page unless told): a test that goes elsewhere first names it here and
   * saves a page load (0.3-0.5 s of Chromium's CPU each). With `null` the page stays blank,
   * for a test that routes its sockets (`relayCollab`) before it opens anything.
   */
  person: (username: string, path?: string | null) => Promise<PersonPage>;
  /**
   * `person` on a document (the declaration unless told), waited for as `openDeclaration` or
   * `openDocument` waits: one page load where the two calls make two.
   */
  personOn: (username: string, documentId?: string) => Promise<PersonPage>;
  /** Opens the declaration and waits until OP1 shows and the page says all changes are saved. */
  openDeclaration: (p: PersonPage) => Promise<void>;
  /** Opens a document and waits until its text shows and the page says all changes are saved. */
  openDocument: (p: PersonPage, documentId: string) => Promise<void>;
  /** The document as the server's database holds it now (schema-checked). */
  stored: (documentId: string) => Promise<Node>;
}

/**
 * The test worker's Chromium, shared by the browser files it runs (the helpers are imported once
 * per worker: isolate is off), instead of a start and a stop per file. It ends with the worker:
 * Chromium exits when the pipe Playwright drives it through closes. A crashed one is replaced.
 */
let workerBrowser: Promise<Browser> | null = null;

function sharedBrowser(): Promise<Browser> {
  if (!workerBrowser) {
    const launching = launchBrowser();
    workerBrowser = launching;
    launching.then(
      (b) => b.on('disconnected', () => (workerBrowser = null)),
      () => (workerBrowser = null),
    );
  }
  return workerBrowser;
}

/**
 * Sets up a browser test file: the worker's Chromium; after each test, every page opened is
 * checked for errors and closed, the server stopped and its data folder removed. Call it once,
 * at the top of the file.
 */
export function useBrowserSuite(): BrowserSuite {
  let clientDir: string;
  let browser: Browser;
  let server: AccordServer | null = null;
  let dataDir: string | null = null;
  const people: PersonPage[] = [];

  beforeAll(async () => {
    clientDir = builtClientDir();
    browser = await sharedBrowser();
  });

  afterEach(async () => {
    const closing = people.splice(0);
    try {
      // Errors in the page (React, ProseMirror, y-prosemirror) fail the test that caused them.
      for (const p of closing) expect(p.errors, 'errors in the page').toEqual([]);
    } finally {
      await Promise.all(closing.map((p) => p.context.close()));
    }
    await server?.close();
    server = null;
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    dataDir = null;
  });

  const running = (): AccordServer => {
    if (!server) throw new Error('server not running');
    return server;
  };
  const newPage = async (): Promise<PersonPage> => {
    const p = await openPerson(browser);
    people.push(p);
    return p;
  };

  const suite: BrowserSuite = {
    async startServer(options = {}) {
      dataDir ??= tempDataDir();
      server = await startTestServer({ dataDir, clientDir, ...options });
      return server;
    },
    async stopServer() {
      await running().close();
      server = null;
    },
    running,
    newPage,
    async person(username, path = '/') {
      const url = running().url;
      // Signed in through the API, its session cookie handed to the browser: the sign-in page
      // has tests of its own (roles.test.ts), and going through it for every person costs two
      // page loads each, a large share of the browser suite's time.
      const [p, cookie] = await Promise.all([newPage(), signIn(running(), username)]);
      const at = cookie.indexOf('=');
      await p.context.addCookies([
        {
          name: cookie.slice(0, at),
          value: cookie.slice(at + 1),
          url,
          httpOnly: true,
          sameSite: 'Lax',
        },
      ]);
      if (path === null) return p;
      await p.page.goto(`${url}${path}`);
      await p.page.locator('.account-name').waitFor({ timeout: 20_000 });
      return p;
    },
    async personOn(username, documentId = 'declaration') {
      const p = await suite.person(username, `/d/${documentId}`);
      await documentShown(p, documentId);
      return p;
    },
    async openDeclaration(p) {
      await p.page.goto(`${running().url}/d/declaration`);
      await documentShown(p, 'declaration');
    },
    async openDocument(p, documentId) {
      await p.page.goto(`${running().url}/d/${documentId}`);
      await documentShown(p, documentId);
    },
    async stored(documentId) {
      if (!dataDir) throw new Error('server never started');
      // A second connection to the same SQLite database (WAL): it sees every committed update.
      const storage = openSqliteStorage(dataDir);
      try {
        const ydoc = await storedDoc(storage, documentId);
        const node = yFragmentToDoc(ydoc.getXmlFragment(FRAGMENT_NAME), schema);
        node.check();
        ydoc.destroy();
        return node;
      } finally {
        await storage.close();
      }
    },
  };
  return suite;
}
