import fs from 'node:fs/promises';
import { chromium, type Browser, type LaunchOptions } from 'playwright-core';
import type { Logger } from '../logger.js';

/**
 * HTML printed to PDF by a real engine, Chromium's print to PDF (issue 10, SPEC EX5). Starting a
 * Chromium takes about a second, most of a PDF's time, so a `PdfPrinter` keeps one running per
 * server instance (started on the first PDF, started again after a crash, closed with the
 * server) and prints each file in a fresh browser context of its own: nothing of one reader's
 * file (cookies, storage, cache) is seen by the next. Not pure (a process), so it stays this
 * small: the page itself is `revisionHtml`.
 */

/** Where Chromium is looked for: ACCORD_CHROMIUM, else Debian's path. */
export function defaultChromium(): string {
  return process.env.ACCORD_CHROMIUM ?? '/usr/bin/chromium';
}

/** Chromium cannot print here (missing, failed or too slow): the message says which. */
export class PdfUnavailable extends Error {
  override name = 'PdfUnavailable';
}

/** Starts a browser; `chromium.launch` unless a test wants to hold the process itself. */
export type BrowserLauncher = (options: LaunchOptions) => Promise<Browser>;

/** How the printing runs. */
export interface PdfOptions {
  /** The Chromium executable (default `defaultChromium()`). */
  chromium?: string;
  /** How long one print may take, and the browser's start, before it is abandoned (default 30 s). */
  timeoutMs?: number;
  /** Where starts and crashes of the browser are reported (default: nowhere). */
  logger?: Logger;
  /** Starts the browser (default `chromium.launch`). */
  launch?: BrowserLauncher;
  /** How many files print at once; more wait their turn (default 4). */
  maxConcurrent?: number;
}

/** Chromium's flags: no sandbox (containers have no user namespaces), GPU or background traffic. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
];

/** How long a hung context may take to close before its browser is stopped instead. */
const CLOSE_GRACE_MS = 5_000;

/** Why a print is refused once the printer is closed. */
const CLOSED = 'the PDF printer was closed (the server is stopping)';

/** The browser went away during a print (crashed, killed): worth one more try in a new one. */
class BrowserGone extends Error {
  override name = 'BrowserGone';
}

/** The first line of an error's message: Playwright's messages carry a call log after it. */
function reason(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
}

/**
 * One headless Chromium that prints HTML to PDF, shared by every export of a server instance
 * (or of one run of `npm run export`). The browser starts on the first print; several prints
 * may run at once, each in its own context; a browser that crashed or disconnected is started
 * again by the next print; `close` stops it (AccordServer.close, the command line's exit).
 */
export class PdfPrinter {
  private readonly chromium: string;
  private readonly timeoutMs: number;
  private readonly logger: Logger | undefined;
  private readonly launcher: BrowserLauncher;
  /** The running (or starting) browser; null before the first print and after a crash. */
  private browser: Promise<Browser> | null = null;
  private closed = false;
  private started = 0;
  /** Prints under way, and those waiting for a free renderer (at most `maxConcurrent` run). */
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly maxConcurrent: number;

  constructor(options: PdfOptions = {}) {
    this.chromium = options.chromium ?? defaultChromium();
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.logger = options.logger;
    this.launcher = options.launch ?? ((launchOptions) => chromium.launch(launchOptions));
    this.maxConcurrent = options.maxConcurrent ?? 4;
  }

  /** How many times a browser was started (tests: one for many files, one more after a crash). */
  get launches(): number {
    return this.started;
  }

  /**
   * `html` as PDF bytes (A4 unless the page's @page says otherwise, its own margins and
   * backgrounds, no browser header or footer). Throws `PdfUnavailable` with a clear message
   * when Chromium is missing, cannot start, fails, or exceeds the timeout.
   */
  async print(html: string): Promise<Uint8Array> {
    // Each print is a renderer process: fifty readers exporting at once wait their turn
    // rather than start fifty renderers on the server.
    if (this.active >= this.maxConcurrent)
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await this.printWithRetry(html);
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }

  private async printWithRetry(html: string): Promise<Uint8Array> {
    try {
      return await this.printOnce(html);
    } catch (err) {
      // A browser that died under this print (not a slow page) gets one more try in a new one.
      if (!(err instanceof BrowserGone)) throw err;
    }
    try {
      return await this.printOnce(html);
    } catch (err) {
      if (!(err instanceof BrowserGone)) throw err;
      throw new PdfUnavailable(`Chromium stopped while printing the PDF, twice: ${err.message}`);
    }
  }

  /** Stops the browser; later prints are refused. Safe to call more than once. */
  async close(): Promise<void> {
    this.closed = true;
    const browser = this.browser;
    this.browser = null;
    if (!browser) return;
    const running = await browser.catch(() => null);
    await running?.close().catch(() => undefined);
  }

  /**
   * One print in a fresh context, bounded by the timeout. Throws `PdfUnavailable`, or
   * `BrowserGone` when the browser disconnected during it (for `print` to retry).
   */
  private async printOnce(html: string): Promise<Uint8Array> {
    const browser = await this.running();
    let timer: NodeJS.Timeout | undefined;
    let timedOut = false;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        timedOut = true;
        reject(new PdfUnavailable(`Chromium did not print the PDF within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
    });
    deadline.catch(() => undefined);
    const context = browser.newContext({ javaScriptEnabled: false });
    try {
      const printed = (async () => {
        const page = await (await context).newPage();
        await page.setContent(html, { waitUntil: 'load', timeout: this.timeoutMs });
        return page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true });
      })();
      // The print may still settle after the timeout or the close: its outcome is not wanted.
      printed.catch(() => undefined);
      const bytes = await Promise.race([printed, deadline]);
      if (bytes.length === 0) throw new PdfUnavailable('Chromium wrote no PDF');
      return new Uint8Array(bytes);
    } catch (err) {
      if (err instanceof PdfUnavailable) throw err;
      if (this.closed) throw new PdfUnavailable(CLOSED);
      if (!(await this.alive(browser))) {
        await this.forget(browser);
        throw new BrowserGone(reason(err));
      }
      throw new PdfUnavailable(`Chromium failed to print the PDF: ${reason(err)}`);
    } finally {
      clearTimeout(timer);
      await this.discard(browser, context, timedOut);
    }
  }

  /** Closes a print's context; a hung one (after a timeout) costs the browser instead. */
  private async discard(
    browser: Browser,
    context: Promise<{ close(): Promise<void> }>,
    timedOut: boolean,
  ): Promise<void> {
    const closing = context.then((c) => c.close()).catch(() => undefined);
    if (!timedOut) return closing;
    let grace: NodeJS.Timeout | undefined;
    const closedInTime = await Promise.race([
      closing.then(() => true),
      new Promise<false>((resolve) => (grace = setTimeout(() => resolve(false), CLOSE_GRACE_MS))),
    ]);
    clearTimeout(grace);
    if (!closedInTime) {
      this.logger?.warn('Chromium did not close a timed-out print: it is stopped');
      await this.forget(browser);
    }
  }

  /**
   * Whether `browser` still answers: a crashed Chromium can fail a print a moment before its
   * connection is seen to close, and a page that crashed alone leaves the browser well.
   */
  private async alive(browser: Browser): Promise<boolean> {
    if (!browser.isConnected()) return false;
    let timer: NodeJS.Timeout | undefined;
    try {
      const session = await Promise.race([
        browser.newBrowserCDPSession(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('no answer')), CLOSE_GRACE_MS);
        }),
      ]);
      await session.detach().catch(() => undefined);
      return true;
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  /** A dead or hung browser is stopped and no longer used: the next print starts another. */
  private async forget(browser: Browser): Promise<void> {
    const current = this.browser;
    if (current && (await current.catch(() => null)) === browser && this.browser === current)
      this.browser = null;
    void browser.close().catch(() => undefined);
  }

  /** The running browser, started now if there is none yet or it crashed. */
  private async running(): Promise<Browser> {
    if (this.closed) throw new PdfUnavailable(CLOSED);
    const seen = this.browser;
    const current = seen ? await seen.catch(() => null) : null;
    if (current?.isConnected()) return current;
    // Prints that find no browser, or the same dead one, share one start.
    if (this.browser === seen && !this.closed) this.browser = this.launch();
    const starting = this.browser;
    if (!starting) throw new PdfUnavailable(CLOSED);
    try {
      return await starting;
    } catch (err) {
      // A failed start is not kept: the next print tries again (Chromium may be installed since).
      if (this.browser === starting) this.browser = null;
      throw err;
    }
  }

  /** Starts Chromium; a missing executable or a failed start is a `PdfUnavailable`. */
  private async launch(): Promise<Browser> {
    try {
      await fs.access(this.chromium, fs.constants.X_OK);
    } catch {
      throw new PdfUnavailable(
        `PDF export needs Chromium, which is not installed at ${this.chromium} (set ACCORD_CHROMIUM)`,
      );
    }
    let browser: Browser;
    try {
      browser = await this.launcher({
        executablePath: this.chromium,
        args: CHROMIUM_ARGS,
        timeout: this.timeoutMs,
        // The server stops on its own signals (main.ts) and closes the printer then.
        handleSIGINT: false,
        handleSIGTERM: false,
        handleSIGHUP: false,
      });
    } catch (err) {
      throw new PdfUnavailable(`Chromium could not be started (${this.chromium}): ${reason(err)}`);
    }
    this.started++;
    if (this.closed) {
      // Closed while it started: nobody will close it later.
      await browser.close().catch(() => undefined);
      throw new PdfUnavailable(CLOSED);
    }
    this.logger?.info('Chromium started for PDF exports', { version: browser.version() });
    browser.on('disconnected', () => {
      if (!this.closed)
        this.logger?.warn('Chromium for PDF exports disconnected: the next PDF starts it again');
    });
    return browser;
  }
}

/**
 * `html` as PDF bytes by a Chromium started for this one file and stopped after it: for a
 * single print (the bench's empty page); exports use a `PdfPrinter`, which keeps one running.
 */
export async function htmlToPdf(html: string, options: PdfOptions = {}): Promise<Uint8Array> {
  const printer = new PdfPrinter(options);
  try {
    return await printer.print(html);
  } finally {
    await printer.close();
  }
}
