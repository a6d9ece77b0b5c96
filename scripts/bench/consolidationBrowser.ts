import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { groupIdentical, type Amendment } from '@accord/shared';
import {
  CHAIR,
  api,
  enlargeDeclaration,
  fillRound,
  prepareParticipants,
  signInAccount,
  signInAll,
} from './amendmentRound.js';
import { ROUND } from './amendmentsServer.js';
import type { AccordPaths } from './coldJoin.js';
import type { BenchOptions } from './options.js';
import { fmt, formatTable, type Row } from './report.js';
import { makeDataDir, removeDataDir, startAccord } from './servers.js';
import { median } from './stats.js';

const CHROMIUM = process.env.ACCORD_CHROMIUM ?? '/usr/bin/chromium';
/** Page loads and filter changes timed (the first of each warms up). */
const TIMES = 5;

/** What the consolidation workspace's benchmark measured (issue 10's goals: 1 s and 100 ms). */
export interface ConsolidationBrowserResult {
  amendments: number;
  entries: number;
  /** Navigation start → the count of amendments shown and the first card drawn. */
  firstMs: number[];
  /** Navigation start → every card drawn. */
  allMs: number[];
  /** A delegation chosen → the list shows only its amendments (next frame). */
  filterMs: number[];
  /** The filter cleared → every card drawn again. */
  clearMs: number[];
  /** A word typed in the search → the list filtered (next frame). */
  searchMs: number[];
  /**
   * Where a load's time goes: per request (scripts, API answers) and per mark the page sets
   * (`cw:` user timings), the moments from navigation start, one list per load.
   */
  timeline: Record<string, number[]>;
}

/**
 * The workspace of the Chair's team in a realistic round (issue 10): headless Chromium signed
 * in as the Chair on a 30-page declaration with 2,000 pending amendments from 65 delegations.
 * Times the workspace's load, a filter by delegation and its clearing, and a search. Null
 * (with a note) when there is no built client to serve.
 */
export async function runConsolidationBrowser(
  paths: AccordPaths,
  options: BenchOptions,
): Promise<ConsolidationBrowserResult | null> {
  if (!fs.existsSync(path.join(options.clientDir, 'index.html'))) {
    process.stdout.write(`  skipped: no built client in ${options.clientDir}\n`);
    return null;
  }
  const dataDir = makeDataDir(options.dataRoot);
  try {
    const accounts = await prepareParticipants(dataDir, paths.seedsDir, ROUND.delegations);
    const server = await startAccord(paths.repoRoot, paths.seedsDir, options.dataRoot, {
      dataDir,
      nodeArgs: paths.nodeArgs,
      clientDir: options.clientDir,
    });
    try {
      const httpBase = server.wsBase.replace(/^ws/, 'http').replace(/\/collab$/, '');
      const chair = await signInAccount(httpBase, CHAIR);
      const text = await enlargeDeclaration(server.wsBase, chair, paths.seedsDir, ROUND.words);
      const signed = await signInAll(httpBase, accounts);
      process.stdout.write(
        `  ${text.words} words; ${ROUND.amendments} amendments from ${signed.length} delegations…`,
      );
      const fill = await fillRound(
        server.wsBase,
        httpBase,
        signed,
        text.blockIds,
        ROUND.amendments,
      );
      process.stdout.write(` ${fmt(fill.ms / 1000)} s\n`);
      const listed = await api(httpBase, chair, 'GET', '/api/documents/declaration/amendments');
      return await measure(httpBase, chair, listed.body as Amendment[]);
    } finally {
      await server.stop();
    }
  } finally {
    removeDataDir(dataDir);
  }
}

async function measure(
  httpBase: string,
  chairCookie: string,
  amendments: Amendment[],
): Promise<ConsolidationBrowserResult> {
  const entries = groupIdentical(amendments).length;
  const byDelegation = new Map<string, number>();
  for (const a of amendments)
    byDelegation.set(a.delegationId, (byDelegation.get(a.delegationId) ?? 0) + 1);
  const [delegation] = [...byDelegation.entries()].sort((x, y) => y[1] - x[1])[0] ?? [''];
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    const [name, ...value] = chairCookie.split('=');
    await context.addCookies([{ name: name ?? '', value: value.join('='), url: httpBase }]);
    const page = await context.newPage();
    const result: ConsolidationBrowserResult = {
      amendments: amendments.length,
      entries,
      firstMs: [],
      allMs: [],
      filterMs: [],
      clearMs: [],
      searchMs: [],
      timeline: {},
    };
    const profile = process.env.ACCORD_BENCH_CPU_PROFILE;
    for (let i = 0; i <= TIMES; i++) {
      // ACCORD_BENCH_CPU_PROFILE=file.cpuprofile: the page's CPU profile of the last load.
      const cdp = profile && i === TIMES ? await context.newCDPSession(page) : null;
      if (cdp) {
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
        await cdp.send('Profiler.start');
      }
      const load = await timeLoad(page, `${httpBase}/d/declaration/consolidation`, entries);
      if (cdp && profile) {
        const { profile: data } = await cdp.send('Profiler.stop');
        fs.writeFileSync(profile, JSON.stringify(data));
        await cdp.detach();
      }
      if (i === 0) continue;
      result.firstMs.push(load.firstMs);
      result.allMs.push(load.allMs);
      for (const [name, at] of Object.entries(load.timeline))
        (result.timeline[name] ??= []).push(at);
    }
    process.stdout.write(
      `  timeline (medians, ms from navigation start):\n${Object.entries(result.timeline)
        .map(([name, at]) => [name, median(at)] as const)
        .sort((a, b) => a[1] - b[1])
        .map(([name, at]) => `    ${fmt(at).padStart(7)}  ${name}`)
        .join('\n')}\n`,
    );
    process.stdout.write(
      `  load: first card ${result.firstMs.map(fmt).join(', ')} ms; all ${entries} ` +
        `${result.allMs.map(fmt).join(', ')} ms\n`,
    );
    for (let i = 0; i <= TIMES; i++) {
      const filter = await timeChange(page, 'select', delegation ?? '', (n) => n < entries);
      const clear = await timeChange(page, 'select', '', (n) => n === entries);
      const search = await timeChange(page, 'search', 'whole', () => true);
      await timeChange(page, 'search', '', (n) => n === entries);
      if (i === 0) continue;
      result.filterMs.push(filter);
      result.clearMs.push(clear);
      result.searchMs.push(search);
    }
    process.stdout.write(
      `  filter ${result.filterMs.map(fmt).join(', ')} ms; clear ${result.clearMs
        .map(fmt)
        .join(', ')} ms; search ${result.searchMs.map(fmt).join(', ')} ms\n`,
    );
    await context.close();
    return result;
  } finally {
    await browser.close();
  }
}

/**
 * Navigation start → the first card, and → every card drawn (checked each frame); and the
 * load's timeline: when each script and API answer ended (query strings and content hashes
 * dropped so that loads compare), when the session was known and when the page's `cw:` marks
 * were set.
 */
async function timeLoad(
  page: Page,
  url: string,
  entries: number,
): Promise<{ firstMs: number; allMs: number; timeline: Record<string, number> }> {
  await page.goto(url, { waitUntil: 'commit' });
  const handle = await page.waitForFunction(
    (entries) => {
      const w = window as unknown as { __benchFirst?: number };
      const cards = document.querySelectorAll('article.cw-card').length;
      if (w.__benchFirst === undefined && cards > 0) w.__benchFirst = performance.now();
      if (cards >= entries) return { firstMs: w.__benchFirst!, allMs: performance.now() };
      return false;
    },
    entries,
    { polling: 'raf', timeout: 120_000 },
  );
  const times = (await handle.jsonValue()) as { firstMs: number; allMs: number };
  const timeline = await page.evaluate(() => {
    const out: Record<string, number> = {};
    for (const e of performance.getEntriesByType('resource') as PerformanceResourceTiming[]) {
      const name = new URL(e.name).pathname.replace(/-[\w-]{8}\.js$/, '.js');
      if (!/\.js$|^\/api\//.test(name)) continue;
      if (name.startsWith('/api/')) out[`fetch ${name} (sent)`] = e.startTime;
      out[`${e.initiatorType === 'script' || name.endsWith('.js') ? 'script' : 'fetch'} ${name}`] =
        e.responseEnd;
    }
    for (const m of performance.getEntriesByType('mark'))
      if (m.name.startsWith('cw:')) out[m.name] = m.startTime;
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    out['document parsed (DOMContentLoaded)'] = nav.domContentLoadedEventEnd;
    return out;
  });
  return { ...times, timeline };
}

/**
 * Sets the delegation filter (`select`, a delegation id or '' for all) or the search, and
 * returns the time until the shown count satisfies `done` and the next frame was painted.
 */
async function timeChange(
  page: Page,
  control: 'select' | 'search',
  value: string,
  done: (shown: number) => boolean,
): Promise<number> {
  const before = await page.locator('.cw-count').textContent();
  const t = await page.evaluate(
    async ({ control, value, before }) => {
      // No named helpers in here: the bundler's wrappers do not exist in the page.
      await new Promise((r) => requestAnimationFrame(r));
      const t0 = performance.now();
      if (control === 'select') {
        const select = document.querySelector<HTMLSelectElement>('.cw-filters select')!;
        select.value = value;
        select.dispatchEvent(new Event('change', { bubbles: true }));
      } else {
        const input = document.querySelector<HTMLInputElement>('.cw-filters input[type=search]')!;
        // React reads the value through its own setter: set it as the browser does.
        Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(
          input,
          value,
        );
        input.dispatchEvent(new Event('input', { bubbles: true }));
      }
      for (;;) {
        await new Promise((r) => requestAnimationFrame(r));
        const text = document.querySelector('.cw-count')?.textContent ?? '';
        if (text !== before) return { ms: performance.now() - t0, text };
        if (performance.now() - t0 > 30_000) throw new Error('the list did not change');
      }
    },
    { control, value, before },
  );
  const shown = Number(/^(\d+)/.exec(t.text)?.[1] ?? NaN);
  if (!done(shown)) throw new Error(`unexpected count after ${control} "${value}": ${t.text}`);
  return t.ms;
}

/** The table: each time against the issue's goal. */
export function consolidationBrowserTable(r: ConsolidationBrowserResult): string {
  const rows: Row[] = [
    ['load: navigation → first card (ms)', median(r.firstMs), 1000],
    [`load: navigation → all ${r.entries} cards (ms)`, median(r.allMs), 1000],
    ['filter by a delegation → list shown (ms)', median(r.filterMs), 100],
    ['filter cleared → list shown (ms)', median(r.clearMs), 100],
    ['search a word → list shown (ms)', median(r.searchMs), 100],
  ];
  return (
    `Consolidation workspace, browser: the Chair (${CHAIR}) in headless Chromium with ` +
    `${r.amendments} amendments (${r.entries} entries) from ${ROUND.delegations} delegations ` +
    `on a 30-page declaration. Medians of ${r.allMs.length}, in the page's clock, to the next ` +
    `frame; the reference column is the issue's goal.\n` +
    formatTable(rows, ['metric', 'measured', 'goal', 'ratio'])
  );
}
