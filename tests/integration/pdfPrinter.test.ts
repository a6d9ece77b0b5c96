import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserServer, type LaunchOptions } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { PdfPrinter, PdfUnavailable } from '../../server/src/exports/revisionPdf.js';

// The PDF export's one Chromium (issue 10, SPEC EX5) with the real browser: started once for
// many files, printing several at once, started again after a crash, a hung page bounded.

const PAGE = (text: string) =>
  `<!doctype html><html lang="en"><title>${text}</title><style>@page { size: A4; margin: 20mm }</style><p>${text}</p></html>`;

/** A PDF's bytes look like one. */
function isPdf(bytes: Uint8Array): boolean {
  return new TextDecoder().decode(bytes.subarray(0, 5)) === '%PDF-';
}

/**
 * A printer whose browsers the test holds by their process: each start is a browser server
 * the printer connects to, so killing its process is a real crash seen from the printer.
 */
function crashablePrinter(options: { timeoutMs?: number } = {}) {
  const servers: BrowserServer[] = [];
  const printer = new PdfPrinter({
    ...options,
    launch: async (launchOptions: LaunchOptions) => {
      const server = await chromium.launchServer(launchOptions);
      servers.push(server);
      return chromium.connect(server.wsEndpoint());
    },
  });
  return { printer, servers };
}

const printers: PdfPrinter[] = [];
const browserServers: BrowserServer[] = [];
afterAll(async () => {
  for (const printer of printers) await printer.close();
  for (const server of browserServers) await server.close().catch(() => undefined);
});

describe('PdfPrinter (EX5)', () => {
  // Each test is one printer's life: a Chromium start and a print take a second or two, and a
  // print that hangs takes its whole timeout, so the checks of one life share them.
  it('EX5 two PDFs, and three at once, are printed by one Chromium started on the first; a Chromium that crashed is started again by the next PDF', async () => {
    const { printer, servers } = crashablePrinter();
    printers.push(printer);
    expect(printer.launches).toBe(0);
    expect(isPdf(await printer.print(PAGE('first')))).toBe(true);
    expect(isPdf(await printer.print(PAGE('second')))).toBe(true);
    const together = await Promise.all(['a', 'b', 'c'].map((t) => printer.print(PAGE(t))));
    expect(together.every(isPdf)).toBe(true);
    expect(printer.launches).toBe(1);
    expect(servers).toHaveLength(1);

    const [crashed] = servers;
    browserServers.push(crashed!);
    const pid = crashed!.process().pid!;
    const exited = new Promise((resolve) => crashed!.process().once('exit', resolve));
    process.kill(pid, 'SIGKILL');
    await exited;
    // Two prints arrive after the crash: they share one new browser.
    const after = await Promise.all([printer.print(PAGE('after')), printer.print(PAGE('again'))]);
    expect(after.every(isPdf)).toBe(true);
    expect(printer.launches).toBe(2);
    browserServers.push(...servers.slice(1));
  });

  it('EX5 a print that hangs is a PdfUnavailable within the timeout, and the next one prints; at most maxConcurrent files print at once, the others wait their turn; close stops the browser, later prints are refused, not started anew', async () => {
    // A page whose image never arrives never reaches "load".
    const hanging = http.createServer(() => undefined);
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const { port } = hanging.address() as AddressInfo;
    const launched: Browser[] = [];
    const printer = new PdfPrinter({
      timeoutMs: 2_500,
      maxConcurrent: 1,
      launch: async (launchOptions: LaunchOptions) => {
        const browser = await chromium.launch(launchOptions);
        launched.push(browser);
        return browser;
      },
    });
    printers.push(printer);
    try {
      const t0 = Date.now();
      const done: string[] = [];
      const slow = printer
        .print(`<!doctype html><p>x</p><img alt="" src="http://127.0.0.1:${port}/never">`)
        .then(
          () => ({ refused: null, after: Date.now() - t0 }),
          (err: unknown) => {
            done.push('slow refused');
            return { refused: err, after: Date.now() - t0 };
          },
        );
      const quick = printer.print(PAGE('quick')).then((bytes) => {
        done.push('quick printed');
        return bytes;
      });
      const [{ refused, after }, next] = await Promise.all([slow, quick]);
      expect(refused).toBeInstanceOf(PdfUnavailable);
      expect((refused as Error).message).toMatch(/did not print the PDF within 2500 ms/);
      expect(after).toBeLessThan(10_000);
      // With one renderer allowed, the quick file waited for the slow one to give up, then
      // printed on the same browser.
      expect(done).toEqual(['slow refused', 'quick printed']);
      expect(isPdf(next)).toBe(true);
      expect(printer.launches).toBe(1);

      await printer.close();
      expect(launched).toHaveLength(1);
      expect(launched[0]!.isConnected()).toBe(false);
      await expect(printer.print(PAGE('late'))).rejects.toThrow(/printer was closed/);
      expect(printer.launches).toBe(1);
    } finally {
      hanging.closeAllConnections();
      hanging.close();
    }
  });
});
