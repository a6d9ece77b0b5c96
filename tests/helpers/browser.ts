import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

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
  const dir = path.join(REPO_ROOT, 'client/dist');
  if (!fs.existsSync(path.join(dir, 'index.html'))) {
    throw new Error(`${dir}/index.html is missing: run \`npm run build\` before the browser tests`);
  }
  return dir;
}

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

/** How a test person appears; stored as the app stores it, so the name prompt is skipped. */
export interface TestPerson {
  name: string;
  color: string;
}

/** A page in its own browser context (own storage, own cookies): one person on one device. */
export interface PersonPage {
  context: BrowserContext;
  page: Page;
  /** Uncaught errors and console errors seen in the page, for a final "no errors" check. */
  errors: string[];
}

/**
 * Opens a fresh browser context with a desktop viewport. With `person`, the identity is placed in
 * localStorage before any script runs, as if the name prompt had been answered earlier.
 */
export async function openPerson(browser: Browser, person?: TestPerson): Promise<PersonPage> {
  const context = await browser.newContext({
    viewport: { width: 1360, height: 900 },
    deviceScaleFactor: 1,
  });
  if (person) {
    await context.addInitScript((identity) => {
      localStorage.setItem('accord.identity.v1', JSON.stringify({ ...identity, confirmed: true }));
    }, person);
  }
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    // The browser's own reports about sockets (refused while a test restarts the server, or
    // closed under a reply by a test's relay) are network weather, not errors of the app.
    if (
      msg.type() === 'error' &&
      !/^WebSocket (connection to .* failed|is already in CLOSING or CLOSED state)/.test(msg.text())
    ) {
      errors.push(`console error: ${msg.text()}`);
    }
  });
  return { context, page, errors };
}

/** Saves a full-page screenshot as tests/screenshots/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  const file = path.join(SCREENSHOTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: process.env.ACCORD_FULL_SCREENSHOTS === '1' });
  return file;
}

/**
 * Puts the caret at the end of the running text of the `index`-th block matching `selector`,
 * through the DOM selection that ProseMirror follows, so typing lands at a known place.
 */
export async function placeCaretAtEnd(page: Page, selector: string, index = 0): Promise<void> {
  const target = page.locator(selector).nth(index);
  await target.click();
  await target.evaluate((el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    range.collapse(false);
    const selection = window.getSelection();
    selection?.removeAllRanges();
    selection?.addRange(range);
  });
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
