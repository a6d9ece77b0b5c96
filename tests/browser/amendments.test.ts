import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  OP1,
  POLL,
  centreWhenStill,
  expectAccessible,
  indicatorText,
  placeCaretAtStart,
  screenshot,
  useBrowserSuite,
} from '../helpers/browser.js';

// Everyone sees a submitted amendment live, in the text, in the side panel and in the
// two-column view; another delegation co-sponsors it; the Chair accepts it.

const { startServer, running, person, personOn } = useBrowserSuite();

/** OP1 in a working copy (the draft page). */
const DRAFT_OP1 = '.draft-paper .declaration .operative > p.body';

/** The words marked as the delegation's insertions in the working copy's OP1. */
function draftInsertions(page: Page): Promise<string[]> {
  return page
    .locator(DRAFT_OP1)
    .first()
    .evaluate((el) => [...el.querySelectorAll('ins.tc-ins')].map((e) => e.textContent ?? ''));
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
  await centreWhenStill(page.locator(OP1).first());
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
  it('WC4 AM9 AF1 AM5 AM11 WC6 a delegation drafts with track changes and submits; a second sees it inline and co-sponsors from the panel; the Chair accepts; all follow without reloading', async () => {
    await startServer();
    const germany = await person('germany', '/d/declaration/draft');
    const pakistan = await personOn('pakistan');
    const chair = await personOn('turkiye');
    // A second tab of Germany's follows the two-column view.
    const columns = await germany.context.newPage();
    await columns.goto(`${running().url}/d/declaration/amendments`);
    await columns.getByText('No amendments have been submitted').waitFor({ timeout: 20_000 });
    const before = await baseText(pakistan.page);

    // Germany drafts "Firmly " at the start of OP1 in its working copy, with track changes,
    // and submits it from the panel.
    await germany.page.locator(DRAFT_OP1).first().waitFor({ state: 'visible', timeout: 20_000 });
    await expect.poll(() => indicatorText(germany.page), POLL).toBe('All changes saved');
    await placeCaretAtStart(germany.page, DRAFT_OP1, 0);
    await germany.page.keyboard.type('Firmly ');
    await expect.poll(() => draftInsertions(germany.page), POLL).toEqual(['Firmly ']);
    await expect.poll(() => indicatorText(germany.page), POLL).toBe('All changes saved');
    await screenshot(germany.page, 'amendments-0-drafted');
    const submit = germany.page.getByRole('complementary', { name: 'Submit amendments' });
    await submit.getByLabel('Justification').fill('Stronger wording.');
    await submit.getByRole('button', { name: 'Submit all' }).click();
    await expect
      .poll(() => germany.page.locator('.draft-own-item').first().textContent(), POLL)
      .toContain('Amendment 1 (OP1) — Submitted');

    // Pakistan sees it inline, in Germany's colour, with its name and number.
    await expect.poll(() => badges(pakistan.page), POLL).toEqual(['Germany · A1']);
    expect(await pakistan.page.locator(`${OP1} ins.am-ins`).first().textContent()).toBe('Firmly ');
    await screenshot(pakistan.page, 'amendments-1-inline-overlay');
    await expectAccessible(pakistan.page, 'editor with amendment overlays');

    // The two-column view shows it too, without reloading.
    const row = columns.locator('table.am-table').first();
    await row.waitFor({ timeout: 20_000 });
    expect(await row.locator('caption').textContent()).toContain('Amendment 1 · OP1');
    expect(await row.locator('td.am-before').textContent()).toBe(before);
    expect(await row.locator('td.am-after ins').textContent()).toContain('Firmly');
    expect(await row.textContent()).toContain('Stronger wording.');
    await screenshot(columns, 'amendments-2-two-column');
    await expectAccessible(columns, 'two-column view');

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
    await screenshot(columns, 'amendments-5-accepted-two-column');
    // Germany's working copy has the accepted text as base text, no longer as its own change.
    await expect.poll(() => draftInsertions(germany.page), POLL).toEqual([]);
    await expect
      .poll(() => germany.page.locator(DRAFT_OP1).first().textContent(), POLL)
      .toMatch(/^Firmly /);
    await expect
      .poll(() => germany.page.locator('.draft-own-item').first().textContent(), POLL)
      .toContain('Accepted');
    await screenshot(germany.page, 'amendments-6-accepted-working-copy');
    await expectAccessible(chair.page, 'editor after a decision');
  });
});
