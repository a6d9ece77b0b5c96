import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  POLL,
  expectAccessible,
  indicatorText,
  placeCaretAtEnd,
  useBrowserSuite,
} from '../helpers/browser.js';
import { signIn } from '../helpers/server.js';

// Stable labels within a round in Chromium (SPEC SL2, SL5, SL8): the Chair, a pen-holder, adds
// paragraphs in a round's drafting phase and the gutter labels them at once, after the paragraph
// they follow, without moving a label already shown.

const CHAIR = 'turkiye';
const OP_BODY = '.declaration .operative > p.body';

const { startServer, running, personOn } = useBrowserSuite();

/**
 * Publishes the seeded review round and starts a second reading in drafting, so the Chair may
 * edit the text within a round that started from the published version.
 */
async function secondReadingInDrafting(): Promise<void> {
  const server = running();
  const cookie = await signIn(server, CHAIR);
  const call = async (method: string, path: string, body: unknown) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { cookie, 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify(body),
    });
    const answer = (await res.json()) as { id: string };
    expect(res.status, `${method} ${path}: ${JSON.stringify(answer)}`).toBeLessThan(300);
    return answer;
  };
  const second = await call('POST', '/api/rounds', {
    name: 'Second reading',
    deadline: { date: '2099-12-31', time: '23:59', zone: 'Europe/Budapest' },
  });
  await call('POST', '/api/rounds/review-round/phase', { phase: 'consolidation' });
  await call('POST', '/api/rounds/review-round/phase', { phase: 'published' });
  await call('POST', `/api/rounds/${second.id}/phase`, { phase: 'drafting' });
}

/** The gutter labels of the operative paragraphs, in order. */
function operativeLabels(page: Page): Promise<(string | null)[]> {
  return page
    .locator('.declaration .operative')
    .evaluateAll((els) => els.map((el) => el.getAttribute('data-label')));
}

describe('stable labels within a round in Chromium', () => {
  it('SL2 SL5 SL8 a paragraph added after OP4 shows "OP4 bis" at once, and keeps it when another is added before it', async () => {
    await startServer({ calendar: 'budapest' });
    await secondReadingInDrafting();
    const chair = await personOn(CHAIR);
    const page = chair.page;
    const before = await operativeLabels(page);
    expect(before.slice(0, 5)).toEqual(['OP1', 'OP2', 'OP3', 'OP4', 'OP5']);

    // A new paragraph after OP4: "OP4 bis", and OP5 stays OP5.
    await placeCaretAtEnd(page, OP_BODY, 3);
    await page.keyboard.press('Enter');
    await page.keyboard.type('A paragraph added in drafting.');
    await expect
      .poll(async () => (await operativeLabels(page)).slice(3, 6), POLL)
      .toEqual(['OP4', 'OP4 bis', 'OP5']);
    await expect.poll(() => indicatorText(page), POLL).toBe('All changes saved');

    // Another right after OP4, before the first: it is "OP4 ter", the first keeps "OP4 bis".
    await placeCaretAtEnd(page, OP_BODY, 3);
    await page.keyboard.press('Enter');
    await page.keyboard.type('Another one.');
    await expect
      .poll(async () => (await operativeLabels(page)).slice(3, 7), POLL)
      .toEqual(['OP4', 'OP4 ter', 'OP4 bis', 'OP5']);
    await expect.poll(() => indicatorText(page), POLL).toBe('All changes saved');

    // A reload reads the same labels from the server (kept, SL8).
    await page.reload();
    await page.locator(OP_BODY).first().waitFor({ state: 'visible', timeout: 20_000 });
    await expect
      .poll(async () => (await operativeLabels(page)).slice(3, 7), POLL)
      .toEqual(['OP4', 'OP4 ter', 'OP4 bis', 'OP5']);
    await expectAccessible(page, 'the declaration with round labels');
  });
});
