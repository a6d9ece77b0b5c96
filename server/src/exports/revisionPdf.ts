import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * HTML printed to PDF by a real engine, Chromium's print to PDF (issue 10, SPEC EX5): the
 * redline page is written to a private temporary folder and printed by a headless Chromium
 * with a profile of its own, bounded by a timeout. Not pure (a process and files), so it stays
 * this small: the page itself is `revisionHtml`.
 */

/** Where Chromium is looked for: ACCORD_CHROMIUM, else Debian's path. */
export function defaultChromium(): string {
  return process.env.ACCORD_CHROMIUM ?? '/usr/bin/chromium';
}

/** Chromium cannot print here (missing, failed or too slow): the message says which. */
export class PdfUnavailable extends Error {
  override name = 'PdfUnavailable';
}

/** How the printing runs. */
export interface PdfOptions {
  /** The Chromium executable (default `defaultChromium()`). */
  chromium?: string;
  /** How long the print may take before Chromium is stopped (default 30 s). */
  timeoutMs?: number;
}

/** Runs `command`, whole process group killed after `timeoutMs`; rejects with its stderr's tail. */
function run(command: string, args: readonly string[], timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    // Its own process group, so the renderer and GPU helpers go with it on a timeout.
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2000);
    });
    const timer = setTimeout(() => {
      if (child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
      reject(new PdfUnavailable(`Chromium did not print the PDF within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new PdfUnavailable(`Chromium could not be started (${command}): ${err.message}`));
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else
        reject(
          new PdfUnavailable(
            `Chromium failed to print the PDF (${signal ?? `exit ${code}`}): ${stderr.trim()}`,
          ),
        );
    });
  });
}

/**
 * `html` as PDF bytes, printed by headless Chromium (A4, the page's own @page margins, no
 * browser header or footer). Throws `PdfUnavailable` with a clear message when Chromium is
 * missing, fails or exceeds the timeout.
 */
export async function htmlToPdf(html: string, options: PdfOptions = {}): Promise<Uint8Array> {
  const chromium = options.chromium ?? defaultChromium();
  try {
    await fs.access(chromium, fs.constants.X_OK);
  } catch {
    throw new PdfUnavailable(
      `PDF export needs Chromium, which is not installed at ${chromium} (set ACCORD_CHROMIUM)`,
    );
  }
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'accord-pdf-'));
  try {
    const page = path.join(dir, 'revision.html');
    const pdf = path.join(dir, 'revision.pdf');
    await fs.writeFile(page, html, 'utf8');
    await run(
      chromium,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-dev-shm-usage',
        '--no-first-run',
        '--no-default-browser-check',
        `--user-data-dir=${path.join(dir, 'profile')}`,
        '--no-pdf-header-footer',
        `--print-to-pdf=${pdf}`,
        pathToFileURL(page).href,
      ],
      options.timeoutMs ?? 30_000,
    );
    const bytes = await fs.readFile(pdf).catch(() => null);
    if (!bytes || bytes.length === 0) throw new PdfUnavailable('Chromium wrote no PDF');
    return new Uint8Array(bytes);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
