import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  POLL,
  expectAccessible,
  indicatorText,
  placeCaretAtEnd,
  placeCaretAtStart,
  screenshot,
  useBrowserSuite,
  type PersonPage,
} from '../helpers/browser.js';

// Germany (a participating state) drafts; Türkiye holds the Chair and edits the base text.
const DELEGATION = 'germany';
const CHAIR = 'turkiye';

const PP = '.draft-paper .declaration .preambular > p.body';
const OP = '.draft-paper .declaration .operative > p.body';

const { startServer, person, personOn } = useBrowserSuite();

/** A member of `username`'s delegation on its working copy of the declaration, once saved. */
async function onDraft(username: string): Promise<PersonPage> {
  const p = await person(username, '/d/declaration/draft');
  await p.page.locator(OP).first().waitFor({ state: 'visible', timeout: 20_000 });
  await expect.poll(() => indicatorText(p.page), POLL).toBe('All changes saved');
  return p;
}

/** The inserted and deleted words shown in the `index`-th block matching `selector`. */
function marks(page: Page, selector: string, index: number) {
  return page
    .locator(selector)
    .nth(index)
    .evaluate((el) => ({
      ins: [...el.querySelectorAll('ins.tc-ins')].map((e) => e.textContent),
      del: [...el.querySelectorAll('del.tc-del')].map((e) => e.textContent),
    }));
}

/** A block's text without the struck-through words (what the working copy says). */
function copyText(page: Page, selector: string, index: number) {
  return page
    .locator(selector)
    .nth(index)
    .evaluate((el) => {
      const copy = el.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('del, .remote-caret').forEach((d) => d.remove());
      return copy.textContent ?? '';
    });
}

describe('the working copy in Chromium', () => {
  it('WC2 AM1 AM9 two members co-edit with track changes, follow the base, reset a paragraph and submit', async () => {
    await startServer();
    const a = await onDraft(DELEGATION);
    const b = await onDraft(DELEGATION);
    await expect(a.page.getByRole('heading', { name: 'Submit amendments' }).count()).resolves.toBe(
      1,
    );

    // One member inserts a word in PP1; both see it underlined.
    await placeCaretAtStart(a.page, PP, 0);
    await a.page.keyboard.type('Firmly ');
    for (const p of [a, b]) {
      await expect.poll(() => marks(p.page, PP, 0), POLL).toEqual({ ins: ['Firmly '], del: [] });
    }
    // The other deletes the last word of PP2; both see it struck through.
    const pp2 = await copyText(b.page, PP, 1);
    const lastWord = /(\S+)\W*$/u.exec(pp2)![1]!;
    await placeCaretAtEnd(b.page, PP, 1);
    const trailing = pp2.length - pp2.lastIndexOf(lastWord) - lastWord.length;
    for (let i = 0; i < trailing; i++) await b.page.keyboard.press('ArrowLeft');
    for (let i = 0; i < lastWord.length; i++) await b.page.keyboard.press('Backspace');
    for (const p of [a, b]) {
      await expect
        .poll(async () => (await marks(p.page, PP, 1)).del.join(''), POLL)
        .toContain(lastWord);
    }
    // And adds to OP1.
    await placeCaretAtEnd(b.page, OP, 0);
    await b.page.keyboard.type(' without delay');
    await expect
      .poll(async () => (await marks(a.page, OP, 0)).ins, POLL)
      .toEqual([' without delay']);
    await screenshot(a.page, 'draft-1-track-changes');

    // The Chair edits the base text: the change appears in the working copy, not as ours.
    const chair = await personOn(CHAIR);
    await placeCaretAtStart(chair.page, '.declaration .operative > p.body', 1);
    await chair.page.keyboard.type('Chair text ');
    await expect.poll(() => indicatorText(chair.page), POLL).toBe('All changes saved');
    for (const p of [a, b]) {
      await expect.poll(() => copyText(p.page, OP, 1), POLL).toMatch(/^Chair text /);
      // The base reaches the page twice (its own socket, and inside the copy), a moment apart:
      // once both have it, none of it is marked as the delegation's.
      await expect.poll(() => marks(p.page, OP, 1), POLL).toEqual({ ins: [], del: [] });
    }
    await expect.poll(async () => (await marks(a.page, PP, 0)).ins, POLL).toEqual(['Firmly ']);
    await screenshot(a.page, 'draft-2-base-followed');

    // Reset OP1 to the base text with the key; both members see the change gone.
    await placeCaretAtEnd(a.page, OP, 0);
    await expect(
      a.page.getByRole('button', { name: 'Reset OP1 to the base text' }).isEnabled(),
    ).resolves.toBe(true);
    await a.page.keyboard.press('Control+Alt+Backspace');
    for (const p of [a, b]) {
      await expect.poll(async () => (await marks(p.page, OP, 0)).ins, POLL).toEqual([]);
    }
    await expect.poll(() => indicatorText(a.page), POLL).toBe('All changes saved');

    // Submit the change to PP1 alone.
    const panel = a.page.getByRole('complementary', { name: 'Submit amendments' });
    await panel.getByRole('checkbox', { name: 'Change — PP1' }).check();
    await panel.getByLabel('Justification').fill('Stronger wording.');
    await panel.getByRole('button', { name: 'Submit selected (1)' }).click();
    const pp1Row = (p: PersonPage) =>
      p.page.locator('.draft-change', { hasText: 'Change — PP1' }).locator('.draft-change-status');
    await expect.poll(() => pp1Row(a).textContent(), POLL).toBe('Submitted as Amendment 1 (PP1)');
    // The other member's panel follows the feed.
    await expect.poll(() => pp1Row(b).textContent(), POLL).toBe('Submitted as Amendment 1 (PP1)');
    await expect
      .poll(() => a.page.locator('.draft-own-item').first().textContent(), POLL)
      .toContain('Amendment 1 (PP1) — Submitted');
    await expectAccessible(a.page, 'the working copy');
    await screenshot(a.page, 'draft-3-submitted');
  });
});
