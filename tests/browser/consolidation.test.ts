import { describe, expect, it } from 'vitest';
import type { Amendment } from '@accord/shared';
import { POLL, expectAccessible, screenshot, useBrowserSuite } from '../helpers/browser.js';
import { collabUrl, signIn } from '../helpers/server.js';
import { stockClient, synced } from '../helpers/yclient.js';
import { blockIds, typeInto } from '../helpers/amendments.js';

// The consolidation workspace in Chromium (SPEC CW1–CW5, AM15): the Secretariat opens it,
// filters by a delegation, selects two amendments by keyboard and accepts them, sees them
// accepted, undoes one; a delegation gets a clear 403 page. Axe on each state.

const { startServer, running, person } = useBrowserSuite();

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

describe('the consolidation workspace', () => {
  it('CW1 CW2 CW3 CW4 AM15 the Secretariat filters by a delegation, accepts two amendments by keyboard, and undoes one; a delegation is told the workspace is for the Chair and the Secretariat (403)', async () => {
    await startServer();
    await propose('germany', { PP1: 'Firmly ', OP1: 'Resolutely ' });
    await propose('pakistan', { PP2: 'Also ' });
    const secretariat = await person('icmpd', '/d/declaration/consolidation');
    const page = secretariat.page;
    const cards = page.locator('article.cw-card');
    await expect.poll(() => cards.count(), POLL).toBe(3);
    await expect
      .poll(() => page.locator('.cw-paragraph-label').allTextContents(), POLL)
      .toEqual(['PP1 · Preamble', 'PP2 · Preamble', 'OP1 · Operative part']);
    await expectAccessible(page, 'consolidation workspace');

    await page.getByLabel('Delegation').selectOption({ label: 'Germany' });
    await expect.poll(() => cards.count(), POLL).toBe(2);
    await expect
      .poll(() => page.locator('.cw-count').textContent(), POLL)
      .toBe('2 of 3 amendments shown');

    // j focuses the first, x selects it; again for the second; Shift+A asks, then accepts both.
    await page.locator('h1').click();
    for (const key of ['j', 'x', 'j', 'x']) await page.keyboard.press(key);
    await expect.poll(() => page.locator('article.cw-card[data-selected]').count(), POLL).toBe(2);
    await page.keyboard.press('Shift+A');
    const dialog = page.getByRole('dialog', { name: 'Accept 2 amendments?' });
    await dialog.waitFor();
    await expectAccessible(page, 'confirming a batch of decisions');
    await dialog.getByRole('button', { name: 'Accept selected' }).click();
    await expect
      .poll(() => page.locator('.cw-card .cw-status').allTextContents(), POLL)
      .toEqual(['Accepted', 'Accepted']);
    await expect
      .poll(() => page.locator('.cw-batch [role=status]').textContent(), POLL)
      .toContain('2 of 2 accepted');
    // The text follows live: PP1 now starts with Germany's word.
    await expect
      .poll(() => page.locator('.cw-text').first().textContent(), POLL)
      .toMatch(/^Firmly /);
    await screenshot(page, 'consolidation-accepted');
    await expectAccessible(page, 'consolidation workspace after decisions');

    // u undoes the decision on the focused card (OP1): open again, and OP1 as it was.
    await page.keyboard.press('u');
    await expect
      .poll(() => page.locator('.cw-card .cw-status').allTextContents(), POLL)
      .toEqual(['Accepted', 'Submitted']);
    await expect
      .poll(() => page.locator('.cw-text').nth(1).textContent(), POLL)
      .not.toMatch(/^Resolutely /);

    // The search narrows further; the status filter shows what is left to decide.
    await page.getByLabel('Delegation').selectOption({ label: 'All delegations' });
    await page.keyboard.press('/');
    await page.keyboard.type('Pakistan');
    await expect.poll(() => cards.count(), POLL).toBe(1);
    await page.getByLabel('Search').fill('');
    await page.getByLabel('Status').selectOption({ label: 'Open (not decided)' });
    await expect.poll(() => cards.count(), POLL).toBe(2);

    // A delegation, on the same server (a server of its own costs a start and a test's set-up).
    const germany = await person('germany', '/d/declaration/consolidation');
    await germany.page.locator('main[data-status="403"]').waitFor();
    expect(await germany.page.locator('h1').textContent()).toBe(
      'Only the Chair and the Secretariat consolidate the amendments',
    );
    await expectAccessible(germany.page, 'consolidation workspace refused');
  });

  it('CW3 CW4 the Chair rejects by keyboard with a reason, and merges two amendments to one paragraph into a compromise', async () => {
    await startServer();
    await propose('germany', { PP3: 'Firmly ' });
    await propose('pakistan', { PP3: 'Resolutely ' });
    await propose('hungary', { OP1: 'Also ' });
    const chair = await person('turkiye', '/d/declaration/consolidation');
    const page = chair.page;
    const cards = page.locator('article.cw-card');
    await expect.poll(() => cards.count(), POLL).toBe(3);

    // r on OP1's amendment asks for the reason; Enter rejects with it.
    await page.locator('h1').click();
    for (const key of ['j', 'j', 'j', 'r']) await page.keyboard.press(key);
    const reason = page.getByLabel(/Reason for rejecting A3/);
    await expect
      .poll(() => reason.evaluate((el) => el === document.activeElement), POLL)
      .toBe(true);
    await expectAccessible(page, 'rejecting with a reason');
    await page.keyboard.type('Out of scope.');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => cards.nth(2).locator('.cw-status').textContent(), POLL)
      .toBe('Rejected');
    await expect.poll(() => cards.nth(2).textContent(), POLL).toContain('reason: Out of scope.');

    // Both amendments to PP3, selected with the mouse, merged into one text.
    await cards.nth(0).getByRole('checkbox').check();
    await cards.nth(1).getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Merge selected into a compromise…' }).click();
    const text = page.getByLabel('Compromise text for A1, A2');
    const pp3 = (await page.locator('.cw-text').first().textContent()) ?? '';
    await text.fill(`Firmly and resolutely ${pp3}`);
    await expectAccessible(page, 'merging into a compromise');
    await page.getByRole('button', { name: 'Merge into the compromise' }).click();
    await expect
      .poll(() => page.locator('.cw-card .cw-status').allTextContents(), POLL)
      .toEqual(['Merged into a compromise', 'Merged into a compromise', 'Rejected']);
    await expect
      .poll(() => page.locator('.cw-text').first().textContent(), POLL)
      .toBe(`Firmly and resolutely ${pp3}`);
  });
});
