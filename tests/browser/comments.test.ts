import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  OP1,
  POLL,
  expectAccessible,
  indicatorText,
  placeCaretAtStart,
  screenshot,
  syncSelection,
  useBrowserSuite,
} from '../helpers/browser.js';

// Comments (issue 8): Germany comments on a phrase of OP3, Pakistan sees it live and replies,
// the Chair deletes the phrase and both see the thread detached with its words, the Chair
// resolves it; Germany's internal thread never reaches Pakistan.

const { startServer, person, personOn } = useBrowserSuite();

/** OP1 in a working copy (the draft page). */
const DRAFT_OP1 = '.draft-paper .declaration .operative > p.body';

/** OP3's body in the base text. */
const OP3_INDEX = 2;

/**
 * Selects words `first`..`last` (counted from 0) of the `index`-th operative paragraph's first
 * run of text, as a mouse drag would, and makes ProseMirror read it; returns the words.
 */
async function selectWords(page: Page, index: number, first: number, last: number, selector = OP1) {
  const phrase = await page
    .locator(selector)
    .nth(index)
    .evaluate(
      (el, [from, to]) => {
        el.scrollIntoView({ block: 'center' });
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT, {
          acceptNode: (node) =>
            node.parentElement?.closest('.remote-caret, .am-ins, .am-badge') ||
            (node.textContent ?? '').split(' ').length < to! + 2
              ? NodeFilter.FILTER_REJECT
              : NodeFilter.FILTER_ACCEPT,
        });
        const text = walker.nextNode() as Text;
        const words = text.data.split(' ');
        const start = words.slice(0, from).join(' ').length + (from! > 0 ? 1 : 0);
        const end = words.slice(0, to! + 1).join(' ').length;
        const range = document.createRange();
        range.setStart(text, start);
        range.setEnd(text, end);
        const selection = window.getSelection()!;
        selection.removeAllRanges();
        selection.addRange(range);
        return text.data.slice(start, end);
      },
      [first, last],
    );
  await syncSelection(page);
  return phrase;
}

/**
 * Selects `phrase` in the `index`-th operative paragraph, across the text nodes highlights
 * split it into, and makes ProseMirror read it.
 */
async function selectPhrase(page: Page, index: number, phrase: string): Promise<void> {
  await page
    .locator(OP1)
    .nth(index)
    .evaluate((el, words) => {
      const texts: Text[] = [];
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT, {
        acceptNode: (node) =>
          node.parentElement?.closest('.remote-caret, .am-ins, .am-badge')
            ? NodeFilter.FILTER_REJECT
            : NodeFilter.FILTER_ACCEPT,
      });
      while (walker.nextNode()) texts.push(walker.currentNode as Text);
      const whole = texts.map((t) => t.data).join('');
      const start = whole.indexOf(words);
      if (start === -1) throw new Error(`"${words}" is not in the paragraph`);
      const place = (offset: number): [Text, number] => {
        for (const t of texts) {
          if (offset <= t.length) return [t, offset];
          offset -= t.length;
        }
        throw new Error('past the end');
      };
      const range = document.createRange();
      range.setStart(...place(start));
      range.setEnd(...place(start + words.length));
      const selection = window.getSelection()!;
      selection.removeAllRanges();
      selection.addRange(range);
    }, phrase);
  await syncSelection(page);
}

/** The threads' cards in the margin, as text. */
/**
 * The margin's text, off-screen cards included: cards far from the screen are not rendered
 * (content-visibility), which `innerText` would leave out though they are there.
 */
async function marginText(page: Page): Promise<string> {
  return (await page.locator('aside.cm-margin').textContent()) ?? '';
}

describe('comments in the margin, live', () => {
  it('CM1 CM2 CM3 CM5 CM8 Germany comments on a phrase of OP3; Pakistan replies live; the Chair deletes the phrase, both see the thread detached with its words, and the Chair resolves it; an internal thread stays in Germany', async () => {
    await startServer();
    const germany = await personOn('germany');
    const pakistan = await personOn('pakistan');
    const chair = await personOn('turkiye');

    // Germany selects three words of OP3 and comments (Ctrl+Alt+M), for everyone.
    const phrase = await selectWords(germany.page, OP3_INDEX, 1, 3);
    expect(phrase.split(' ')).toHaveLength(3);
    await germany.page.keyboard.press('Control+Alt+M');
    const form = germany.page.getByRole('form', { name: 'New comment' });
    await form.waitFor({ timeout: 20_000 });
    expect(await form.getByRole('radio', { name: 'Everyone' }).isChecked()).toBe(true);
    await screenshot(germany.page, 'comments-0-new-thread-form');
    await expectAccessible(germany.page, 'editor with the new comment form');
    await form.getByRole('textbox').fill('We cannot accept this wording.');
    await form.getByRole('button', { name: 'Comment' }).click();
    await expect
      .poll(() => marginText(germany.page), POLL)
      .toContain('We cannot accept this wording.');
    await expect
      .poll(() => germany.page.locator('.declaration .cm-anchor').allTextContents(), POLL)
      .toEqual([phrase]);

    // Pakistan sees it live: highlighted in OP3, in the margin, counted beside the label.
    await expect
      .poll(() => marginText(pakistan.page), POLL)
      .toContain('We cannot accept this wording.');
    await expect
      .poll(() => pakistan.page.locator('.declaration .cm-anchor').allTextContents(), POLL)
      .toEqual([phrase]);
    await expect
      .poll(() => pakistan.page.locator('.declaration [data-open-threads="1"]').count(), POLL)
      .toBe(1);
    await screenshot(pakistan.page, 'comments-1-pakistan-sees-thread');
    await expectAccessible(pakistan.page, 'editor with a comment in the margin');

    // Pakistan opens the thread and replies; Germany sees the reply live.
    const card = pakistan.page.locator('aside.cm-margin article.cm-thread').first();
    await card.getByRole('button', { expanded: false }).first().click();
    await card.getByRole('textbox', { name: 'Reply' }).fill('Which word exactly?');
    await card.getByRole('button', { name: 'Reply' }).click();
    await expect.poll(() => card.textContent(), POLL).toContain('Which word exactly?');
    const germanyCard = germany.page.locator('aside.cm-margin article.cm-thread').first();
    // Open (Germany's selection is still in the words) or folded to its first comment.
    await expect
      .poll(() => germanyCard.textContent(), POLL)
      .toMatch(/Which word exactly\?|1 reply/);
    await screenshot(pakistan.page, 'comments-2-pakistan-replied');

    // Germany starts an internal thread on OP1: only Germany's members may see it.
    await selectWords(germany.page, 0, 1, 2);
    await germany.page.getByRole('button', { name: 'Comment', exact: true }).click();
    const internal = germany.page.getByRole('form', { name: 'New comment' });
    await internal.getByRole('radio', { name: 'Only Germany' }).check();
    await internal.getByRole('textbox').fill('Internal note: hold firm on this.');
    await internal.getByRole('button', { name: 'Comment' }).click();
    await expect.poll(() => marginText(germany.page), POLL).toContain('Internal: Germany');

    // The Chair deletes the phrase in the base text.
    await placeCaretAtStart(chair.page, OP1, OP3_INDEX);
    await selectPhrase(chair.page, OP3_INDEX, phrase);
    await chair.page.keyboard.press('Backspace');
    await expect.poll(() => indicatorText(chair.page), POLL).toBe('All changes saved');

    // Germany and Pakistan see the thread detached, with the words it was on.
    const detachedNote = `The words this was on were deleted: “${phrase}”`;
    for (const p of [germany.page, pakistan.page]) {
      await expect.poll(() => marginText(p), POLL).toContain(detachedNote);
      await expect
        .poll(() => p.locator('.declaration .cm-anchor').allTextContents(), POLL)
        .not.toContain(phrase);
    }
    await screenshot(germany.page, 'comments-3-germany-detached');
    await screenshot(pakistan.page, 'comments-4-pakistan-detached');

    // The Chair resolves it (a pen-holder, on a public thread).
    await expect.poll(() => marginText(chair.page), POLL).toContain(detachedNote);
    const chairCard = chair.page.locator('aside.cm-margin article.cm-thread-detached').first();
    await chairCard.getByRole('button', { expanded: false }).first().click();
    await chairCard.getByRole('button', { name: 'Resolve' }).click();
    for (const p of [germany.page, pakistan.page, chair.page])
      await expect.poll(() => marginText(p), POLL).not.toContain('We cannot accept');
    await pakistan.page.getByLabel('Show resolved').check();
    await expect.poll(() => marginText(pakistan.page), POLL).toContain('Resolved');
    await screenshot(pakistan.page, 'comments-5-resolved');
    await expectAccessible(chair.page, 'editor after resolving');

    // Germany's internal thread never reached Pakistan (nor the Chair): not shown, not listed.
    for (const p of [pakistan.page, chair.page]) {
      expect(await p.locator('body').textContent()).not.toContain('Internal note');
      const listed = await p.evaluate(() =>
        fetch('/api/documents/declaration/threads').then((r) => r.text()),
      );
      expect(listed).not.toContain('Internal note');
      expect(listed).toContain('Which word exactly?');
    }
    expect(await marginText(germany.page)).toContain('Internal note: hold firm on this.');
  });

  it('CM1 a comment on the working copy is seen only by the delegation, beside its paragraph', async () => {
    await startServer();
    const germany = await person('germany', '/d/declaration/draft');
    const pakistan = await personOn('pakistan');
    await germany.page.locator(DRAFT_OP1).first().waitFor({ state: 'visible', timeout: 20_000 });
    await expect.poll(() => indicatorText(germany.page), POLL).toBe('All changes saved');
    await placeCaretAtStart(germany.page, DRAFT_OP1, 0);
    await selectWords(germany.page, 0, 1, 2, DRAFT_OP1);
    await germany.page.getByRole('button', { name: 'Comment', exact: true }).click();
    const form = germany.page.getByRole('form', { name: 'New comment' });
    expect(await form.innerText()).toContain('Only Germany sees comments on its working copy');
    await form.getByRole('textbox').fill('Draft note: check with the capital.');
    await form.getByRole('button', { name: 'Comment' }).click();
    await expect
      .poll(() => germany.page.locator('aside.cm-margin').textContent(), POLL)
      .toContain('Draft note: check with the capital.');
    // The highlight follows once the new thread's positions are resolved in the copy.
    await expect.poll(() => germany.page.locator('.draft-paper .cm-anchor').count(), POLL).toBe(1);
    await screenshot(germany.page, 'comments-6-working-copy');
    await expectAccessible(germany.page, 'working copy with a comment');
    const listed = await pakistan.page.evaluate(() =>
      fetch('/api/documents/declaration/threads').then((r) => r.text()),
    );
    expect(listed).not.toContain('Draft note');
    expect(await pakistan.page.locator('body').textContent()).not.toContain('Draft note');
  });
});
