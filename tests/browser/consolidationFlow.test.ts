import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import { DEFAULT_ROUNDS, type Amendment, type Round } from '@accord/shared';
import {
  OP1,
  POLL,
  expectAccessible,
  placeCaretAtStart,
  screenshot,
  syncSelection,
  useBrowserSuite,
} from '../helpers/browser.js';
import { collabUrl, signIn } from '../helpers/server.js';
import { stockClient, synced } from '../helpers/yclient.js';
import { blockIds, typeInto } from '../helpers/amendments.js';

// Issue 10's whole flow in Chromium: the Secretariat consolidates in the workspace (CW1–CW4),
// brackets a phrase in the text (NS7), and downloads the revision from the app's exports dialog
// (EX1, EX2): the Word file's tracked insertions are by the delegation whose amendments went in.

const { startServer, running, person } = useBrowserSuite();

const [zeroDraft] = DEFAULT_ROUNDS as [Round];

/** `user` drafts `word` at the start of each labelled paragraph and submits them. */
async function propose(user: string, edits: Record<string, string>): Promise<Amendment[]> {
  const server = running();
  const cookie = await signIn(server, user);
  const copy = stockClient(collabUrl(server), 'declaration/draft', cookie);
  try {
    await synced(copy);
    const ids = blockIds(copy.doc);
    for (const [label, word] of Object.entries(edits)) await typeInto(copy, ids[label]!, 0, word);
    const res = await fetch(`${server.url}/api/documents/declaration/amendments`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ all: true, justification: `Proposed by ${user}.`, language: 'en' }),
    });
    const body = (await res.json()) as { amendments: Amendment[] };
    expect(res.status, JSON.stringify(body)).toBe(201);
    return body.amendments;
  } finally {
    copy.destroy();
  }
}

describe('consolidation to revision (issue 10)', () => {
  it('CW2 CW4 NS7 EX1 EX2 EX7 the Secretariat filters by Germany, accepts two amendments, brackets a phrase and downloads the tracked .docx: w:ins by Germany, the bracket printed (EX7)', async () => {
    const server = await startServer({ calendar: 'none' });
    // The text as a round started from it: the revision's "from".
    await server.versions.ensureStartVersion(zeroDraft, '2023-12-05T08:00:00.000Z');
    await propose('germany', { PP1: 'Firmly ', OP1: 'Resolutely ' });
    await propose('pakistan', { PP2: 'Also ' });

    const secretariat = await person('icmpd', '/d/declaration/consolidation');
    const page = secretariat.page;
    const cards = page.locator('article.cw-card');
    await expect.poll(() => cards.count(), POLL).toBe(3);
    await page.getByLabel('Delegation').selectOption({ label: 'Germany' });
    await expect.poll(() => cards.count(), POLL).toBe(2);
    await page.locator('h1').click();
    for (const key of ['j', 'x', 'j', 'x']) await page.keyboard.press(key);
    await page.keyboard.press('Shift+A');
    const confirm = page.getByRole('dialog', { name: 'Accept 2 amendments?' });
    await confirm.getByRole('button', { name: 'Accept selected' }).click();
    await expect
      .poll(() => page.locator('.cw-card .cw-status').allTextContents(), POLL)
      .toEqual(['Accepted', 'Accepted']);

    // In the text, the Secretariat brackets OP1's first words for Pakistan (Ctrl/⌘+Alt+B).
    await page.goto(`${running().url}/d/declaration`);
    await page.locator(OP1).first().waitFor({ state: 'visible', timeout: 20_000 });
    await expect.poll(() => page.locator(OP1).first().textContent(), POLL).toMatch(/^Resolutely /);
    await page.getByLabel('Delegation that asked for the bracket').selectOption('pakistan');
    await placeCaretAtStart(page, OP1);
    for (let i = 0; i < 10; i++) await page.keyboard.press('Shift+ArrowRight');
    await syncSelection(page);
    await page.keyboard.press('Control+Alt+b');
    await page.locator(`${OP1} .bracket`).first().waitFor({ timeout: 20_000 });

    // Back in the workspace, the exports dialog: from the start version to the live text.
    await page.goto(`${running().url}/d/declaration/consolidation`);
    await expect.poll(() => cards.count(), POLL).toBe(3);
    await page.getByRole('button', { name: 'Export…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export' });
    await dialog.getByLabel('To', { exact: true }).waitFor();
    await expect
      .poll(() => dialog.getByLabel('To', { exact: true }).inputValue(), POLL)
      .toBe('live');
    expect(await dialog.getByLabel('Revision format').inputValue()).toBe('docx');
    await expectAccessible(page, 'the exports dialog');
    await screenshot(page, 'exports-dialog');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      dialog.getByRole('button', { name: 'Download revision' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^declaration-.+-to-live\.docx$/);
    await expect
      .poll(() => dialog.locator('.ex-progress').textContent(), POLL)
      .toMatch(/^Saved declaration-.+-to-live\.docx \(/);
    const file = await download.path();
    const zip = await JSZip.loadAsync(fs.readFileSync(file));
    const xml = await zip.file('word/document.xml')!.async('string');
    const insertions = [
      ...xml.matchAll(/<w:ins\b[^>]*w:author="([^"]*)"[^>]*>([\s\S]*?)<\/w:ins>/g),
    ];
    const byGermany = insertions.filter(([, author]) => author!.startsWith('Germany'));
    expect(byGermany.length).toBeGreaterThanOrEqual(2);
    const words = byGermany.map(([, , body]) =>
      [...body!.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''),
    );
    expect(words.join('|')).toContain('Firmly');
    // The Secretariat's bracket is a mark, printed by the export inside Germany's insertion.
    expect(words.join('|')).toContain('[Resolutely] ');
    // Escape closes the dialog and gives the focus back to its button.
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count(), POLL).toBe(0);
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent ?? ''), POLL)
      .toBe('Export…');
  });
});
