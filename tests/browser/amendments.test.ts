import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  OP1,
  POLL,
  expectAccessible,
  screenshot,
  useBrowserSuite,
  type PersonPage,
} from '../helpers/browser.js';
import { collabUrl } from '../helpers/server.js';
import { editAndSave, firstBody, stockClient, synced } from '../helpers/yclient.js';

// Everyone sees a submitted amendment live, in the text, in the side panel and in the
// two-column view; another delegation co-sponsors it; the Chair accepts it.

const { startServer, running, person, openDeclaration } = useBrowserSuite();

/** The Cookie header of a person's browser context, for a Node client acting as them. */
async function cookieOf(p: PersonPage): Promise<string> {
  const cookies = await p.context.cookies();
  return cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}

/** OP1's text as the base has it: without overlays and colleagues' carets. */
function baseText(page: Page): Promise<string> {
  return page
    .locator(OP1)
    .first()
    .evaluate((el) => {
      const copy = el.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('.remote-caret, .am-ins, .am-badge').forEach((e) => e.remove());
      return copy.textContent ?? '';
    });
}

/**
 * Clicks in the middle of OP1's own words (not on an overlay, which takes no caret), as a
 * reader does to select the paragraph; read-only editors take the selection too.
 */
async function clickIntoOp1(page: Page): Promise<void> {
  const point = await page
    .locator(OP1)
    .first()
    .evaluate((el) => {
      el.scrollIntoView({ block: 'center' });
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT, {
        acceptNode: (node) =>
          node.parentElement?.closest('.remote-caret, .am-ins, .am-badge') ||
          (node.textContent ?? '').length < 4
            ? NodeFilter.FILTER_REJECT
            : NodeFilter.FILTER_ACCEPT,
      });
      const text = walker.nextNode() as Text;
      const range = document.createRange();
      const middle = Math.floor(text.length / 2);
      range.setStart(text, middle);
      range.setEnd(text, middle + 1);
      const rect = range.getClientRects()[0]!;
      return { x: rect.left + 1, y: rect.top + rect.height / 2 };
    });
  await page.mouse.click(point.x, point.y);
}

/** The overlay badges shown in OP1. */
function badges(page: Page): Promise<string[]> {
  return page
    .locator(`${OP1} .am-badge`)
    .allTextContents()
    .catch(() => []);
}

describe('amendments seen live by everyone', () => {
  it('AF1 AM5 AM11 a delegation submits; a second sees it inline and co-sponsors from the panel; the Chair accepts; all follow without reloading', async () => {
    await startServer();
    const germany = await person('germany');
    const pakistan = await person('pakistan');
    const chair = await person('turkiye');
    await openDeclaration(pakistan);
    await openDeclaration(chair);
    await germany.page.goto(`${running().url}/d/declaration/amendments`);
    await germany.page.getByText('No amendments have been submitted').waitFor({ timeout: 20_000 });
    const before = await baseText(pakistan.page);

    // Germany drafts "Firmly " at the start of OP1 in its working copy and submits it.
    const copy = stockClient(collabUrl(running()), 'declaration/draft', await cookieOf(germany));
    await synced(copy);
    await editAndSave(copy, (doc) => firstBody(doc, 'operative').insert(0, 'Firmly '));
    copy.destroy();
    const status = await germany.page.evaluate(async () => {
      const res = await fetch('/api/documents/declaration/amendments', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ all: true, justification: 'Stronger wording.', language: 'en' }),
      });
      return res.status;
    });
    expect(status).toBe(201);

    // Pakistan sees it inline, in Germany's colour, with its name and number.
    await expect.poll(() => badges(pakistan.page), POLL).toEqual(['Germany · A1']);
    expect(await pakistan.page.locator(`${OP1} ins.am-ins`).first().textContent()).toBe('Firmly ');
    await screenshot(pakistan.page, 'amendments-1-inline-overlay');
    await expectAccessible(pakistan.page, 'editor with amendment overlays');

    // The two-column view shows it too, without reloading.
    const row = germany.page.locator('table.am-table').first();
    await row.waitFor({ timeout: 20_000 });
    expect(await row.locator('caption').textContent()).toContain('Amendment 1 · OP1');
    expect(await row.locator('td.am-before').textContent()).toBe(before);
    expect(await row.locator('td.am-after ins').textContent()).toContain('Firmly');
    expect(await row.textContent()).toContain('Stronger wording.');
    await screenshot(germany.page, 'amendments-2-two-column');
    await expectAccessible(germany.page, 'two-column view');

    // Pakistan puts the cursor in OP1: the panel lists the amendment; it co-sponsors it.
    await clickIntoOp1(pakistan.page);
    const panel = pakistan.page.locator('aside.am-panel');
    await expect
      .poll(() => panel.getByRole('heading', { level: 2 }).textContent(), POLL)
      .toBe('Amendments to OP1');
    expect(await panel.textContent()).toContain('Or. en');
    await panel.getByRole('button', { name: 'Co-sponsor' }).click();
    await expect.poll(() => panel.textContent(), POLL).toContain('You co-sponsor it');
    await expect.poll(() => row.textContent(), POLL).toContain('co-sponsored by Pakistan');
    await screenshot(pakistan.page, 'amendments-3-cosponsored');

    // The Chair reaches the panel by keyboard (Alt+Shift+A) and accepts.
    await clickIntoOp1(chair.page);
    const chairPanel = chair.page.locator('aside.am-panel');
    await expect.poll(() => chairPanel.textContent(), POLL).toContain('Co-sponsors');
    await chair.page.keyboard.press('Alt+Shift+A');
    await expect
      .poll(() => chair.page.evaluate(() => document.activeElement?.textContent ?? ''), POLL)
      .toBe('Amendments to OP1');
    await screenshot(chair.page, 'amendments-4-chair-panel');
    await chairPanel.getByRole('button', { name: 'Accept', exact: true }).focus();
    await chair.page.keyboard.press('Enter');

    // All three show the new text; the overlay is gone; the two-column row says accepted.
    for (const p of [chair, pakistan]) {
      await expect.poll(() => baseText(p.page), POLL).toBe(`Firmly ${before}`);
      await expect.poll(() => badges(p.page), POLL).toEqual([]);
    }
    await expect.poll(() => row.textContent(), POLL).toContain('Accepted');
    await expect
      .poll(() => row.locator('.am-now').textContent(), POLL)
      .toBe(`Text now: Firmly ${before}`);
    await expect.poll(() => chairPanel.textContent(), POLL).toContain('Accepted by');
    await screenshot(chair.page, 'amendments-5-accepted-chair');
    await screenshot(pakistan.page, 'amendments-5-accepted-delegation');
    await screenshot(germany.page, 'amendments-5-accepted-two-column');
    await expectAccessible(chair.page, 'editor after a decision');
  });
});
