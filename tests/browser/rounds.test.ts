import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { formatDeadline } from '@accord/shared';
import {
  POLL,
  expectAccessible,
  indicatorText,
  placeCaretAtEnd,
  screenshot,
  statusFromPage,
  useBrowserSuite,
  type PersonPage,
} from '../helpers/browser.js';
import { signIn } from '../helpers/server.js';
import { ShiftedClock } from '../helpers/shiftedClock.js';

// The rounds in Chromium (issue 9): the banner's countdown on the server's clock, the submit
// controls closing at the deadline without a reload, the Secretariat moving a round on while
// another browser's banner follows, and the feedback tracker.

const DELEGATION = 'germany';
const SECRETARIAT = 'icmpd';
const ROUND = 'review-round';
const OP = '.draft-paper .declaration .operative > p.body';

const { startServer, running, person, personOn } = useBrowserSuite();

/** A member of `username`'s delegation on its working copy of the declaration, once saved. */
async function onDraft(username: string): Promise<PersonPage> {
  const p = await person(username, '/d/declaration/draft');
  await p.page.locator(OP).first().waitFor({ state: 'visible', timeout: 20_000 });
  await expect.poll(() => indicatorText(p.page), POLL).toBe('All changes saved');
  return p;
}

/** The round banner of a text page. */
function banner(page: Page) {
  return page.getByRole('region', { name: 'Negotiation round' });
}

/** Marks the page, so that a test can tell it was never reloaded. */
async function markPage(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as Window & { accordMark?: boolean }).accordMark = true;
  });
}

/** True when the page still carries the mark (no reload since `markPage`). */
function stillMarked(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as Window & { accordMark?: boolean }).accordMark === true);
}

describe('the rounds in Chromium', () => {
  it('DL2 DL5 RC1 RC2 RC4 the countdown runs on the server clock, passes zero and closes the submit controls without a reload; the tracker shows who submitted', async () => {
    // The server's clock is hours ahead of the browser's: a countdown on the browser's own
    // clock would show hours left when a few seconds remain.
    const clock = new ShiftedClock(3 * 3_600_000 + 17 * 60_000);
    await startServer({ clock, calendar: 'budapest' });
    const germany = await onDraft(DELEGATION);
    // The Secretariat's requests as its page sends them; its page opens at the tracker.
    const secretariatCookie = await signIn(running(), SECRETARIAT);
    await expect.poll(() => banner(germany.page).textContent(), POLL).toContain('Review round');
    await expect(banner(germany.page).textContent()).resolves.toContain('Open for feedback');

    // One amendment submitted on time, and a second change drafted but not yet submitted.
    const panel = germany.page.getByRole('complementary', { name: 'Submit amendments' });
    const submitAll = panel.getByRole('button', { name: 'Submit all' });
    await placeCaretAtEnd(germany.page, OP, 0);
    await germany.page.keyboard.type(' without delay');
    await expect.poll(() => indicatorText(germany.page), POLL).toBe('All changes saved');
    await expect.poll(() => submitAll.isEnabled(), POLL).toBe(true);
    await submitAll.click();
    await expect
      .poll(() => panel.locator('.draft-panel-done').textContent(), POLL)
      .toMatch(/^Submitted: Amendment \d+/);
    await placeCaretAtEnd(germany.page, OP, 1);
    await germany.page.keyboard.type(' in good time');
    await expect.poll(() => indicatorText(germany.page), POLL).toBe('All changes saved');
    await expect.poll(() => submitAll.isEnabled(), POLL).toBe(true);
    const withdraw = panel.getByRole('button', { name: /^Withdraw Amendment/ });
    await expect(withdraw.isEnabled()).resolves.toBe(true);
    await markPage(germany.page);

    // The Secretariat sets the deadline to the minute the server's clock is in, which holds to
    // that minute's end, some seconds ahead (DL5).
    const end = clock.jumpToMinuteEnd(7);
    const deadline = { at: new Date(end - 60_000).toISOString(), zone: 'Europe/Budapest' };
    const patched = await fetch(`${running().url}/api/rounds/${ROUND}`, {
      method: 'PATCH',
      headers: {
        cookie: secretariatCookie,
        'content-type': 'application/json',
        origin: running().url,
      },
      body: JSON.stringify({ deadline }),
    });
    expect(patched.status).toBe(200);

    // The countdown shows seconds: the server's time, not the browser's (DL2).
    const countdown = banner(germany.page).locator('.round-countdown');
    await expect.poll(() => countdown.textContent(), POLL).toMatch(/^\d{1,2} s$/);
    await screenshot(germany.page, 'rounds-1-countdown');

    // Zero: the controls close with the reason, on the same page.
    await expect.poll(() => submitAll.isDisabled(), POLL).toBe(true);
    const reason = `Feedback closed on ${formatDeadline(deadline)}`;
    await expect.poll(() => panel.textContent(), POLL).toContain(reason);
    await expect(withdraw.isDisabled()).resolves.toBe(true);
    await expect(
      panel.getByRole('button', { name: /^Submit selected/ }).isDisabled(),
    ).resolves.toBe(true);
    await expect.poll(() => banner(germany.page).textContent(), POLL).toContain('Feedback closed');
    await expect(stillMarked(germany.page)).resolves.toBe(true);
    await screenshot(germany.page, 'rounds-2-closed');

    // The server agrees: a late submission is refused.
    const late = await statusFromPage(germany.page, '/api/documents/declaration/amendments', {
      method: 'POST',
      body: { all: true, justification: '', language: 'en' },
    });
    expect(late).toBeGreaterThanOrEqual(400);

    // The tracker: Germany responded on time with one amendment, Pakistan has not responded.
    const secretariat = await person(SECRETARIAT, `/rounds/${ROUND}/tracker`);
    const table = secretariat.page.locator('.tracker-table');
    await table.waitFor({ timeout: 20_000 });
    const row = (id: string) => table.locator(`tr[data-delegation="${id}"]`);
    await expect(row('germany').textContent()).resolves.toContain('On time');
    await expect(row('germany').locator('td').nth(1).textContent()).resolves.toBe('1');
    await expect(row('pakistan').textContent()).resolves.toContain('Not responded');
    // Sorted by the Amendments column, most first.
    const header = table.locator('th', {
      has: secretariat.page.getByRole('button', { name: 'Amendments' }),
    });
    await header.getByRole('button').click();
    await expect(header.getAttribute('aria-sort')).resolves.toBe('ascending');
    await header.getByRole('button').click();
    await expect(header.getAttribute('aria-sort')).resolves.toBe('descending');
    await expect(table.locator('tbody tr').first().getAttribute('data-delegation')).resolves.toBe(
      'germany',
    );
    const csv = secretariat.page.getByRole('link', { name: 'Download CSV' });
    expect(await csv.getAttribute('href')).toBe(`/api/rounds/${ROUND}/tracker.csv`);
    expect(await statusFromPage(secretariat.page, `/api/rounds/${ROUND}/tracker.csv`)).toBe(200);
    await expectAccessible(secretariat.page, 'the feedback tracker');
    await screenshot(secretariat.page, 'rounds-3-tracker');
  });

  it('RD3 DL6 RC1 RC3 the Secretariat adds, renames and moves rounds, and an extension reaches the delegation’s banner', async () => {
    await startServer({ calendar: 'budapest' });
    const germany = await personOn(DELEGATION);
    await expect
      .poll(() => banner(germany.page).textContent(), POLL)
      .toContain('Open for feedback');

    const secretariat = await person(SECRETARIAT, '/rounds');
    const page = secretariat.page;
    await page.locator('.rounds-table').waitFor({ timeout: 20_000 });
    const names = () => page.locator('.rounds-table tbody th[scope=row]').allTextContents();
    const status = page.getByRole('status').filter({ hasText: /./ });

    // Two rounds added at the end, by keyboard.
    const add = page.getByRole('form', { name: 'Add a round' });
    for (const name of ['Second reading', 'Silence text']) {
      await add.getByLabel('Name of the new round').fill(name);
      await add.getByLabel('Name of the new round').press('Enter');
      await expect.poll(() => status.first().textContent(), POLL).toBe(`Round “${name}” added.`);
    }
    await expect
      .poll(names, POLL)
      .toEqual([
        'Zero draft',
        'Consolidated draft',
        'Reference Group draft',
        'Final text',
        'Review roundUnder way',
        'Second reading',
        'Silence text',
      ]);
    // The last one moves up; the first of them cannot (a started round keeps its place).
    await expect(
      page.getByRole('button', { name: 'Move Second reading up' }).isDisabled(),
    ).resolves.toBe(true);
    await page.getByRole('button', { name: 'Move Silence text up' }).click();
    await expect
      .poll(async () => (await names()).slice(5), POLL)
      .toEqual(['Silence text', 'Second reading']);
    // Renamed through its form, which takes the focus. The list the rename asks for afterwards
    // is held back, and the planner opens the extension form meanwhile: the rename, closing its
    // own form when the list arrives, must leave the extension form open (it once closed it).
    const held: (() => void)[] = [];
    await page.route('**/api/rounds', (route) =>
      route.request().method() === 'GET'
        ? held.push(() => void route.continue().catch(() => undefined))
        : route.continue(),
    );
    await page
      .locator('tr[data-round]', { hasText: 'Silence text' })
      .getByRole('button', { name: 'Rename…' })
      .click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Silence procedure');
    await page.keyboard.press('Enter');
    await expect.poll(() => status.first().textContent(), POLL).toBe('“Silence text” renamed.');
    await expect.poll(() => held.length, POLL).toBeGreaterThan(0);

    // An extension for Germany alone, until a date the form names in both zones.
    await page.getByRole('button', { name: 'Grant extension…' }).click();
    const form = page.getByRole('form', { name: /^Extension in / });
    await form.waitFor();
    await page.unroute('**/api/rounds');
    held.splice(0).forEach((release) => release());
    await expect.poll(async () => (await names())[5], POLL).toBe('Silence procedure');
    await expect(form.isVisible()).resolves.toBe(true);
    await form.getByLabel('Delegation').selectOption('germany');
    await form.getByRole('button', { name: 'Grant extension' }).click();
    await expect
      .poll(() => page.locator(`tr[data-round="${ROUND}"]`).textContent(), POLL)
      .toMatch(/Germany until \d+ \w+ \d{4}, 23:59 CET/);
    await expect
      .poll(() => banner(germany.page).textContent(), POLL)
      .toMatch(/Your delegation has an extension until \d+ \w+ \d{4}, 23:59 CET/);
    await expectAccessible(page, 'the rounds page after planning');
    await screenshot(page, 'rounds-5-planned');
  });

  it('RD2 RC3 the Secretariat moves the round on and another browser’s banner follows live, up to the final text', async () => {
    await startServer({ calendar: 'budapest' });
    const germany = await personOn(DELEGATION);
    await expect
      .poll(() => banner(germany.page).textContent(), POLL)
      .toContain('Open for feedback');
    await markPage(germany.page);
    // RD11: the Chair is told why the text is read-only while feedback is open.
    const chair = await personOn('turkiye');
    await expect
      .poll(() => chair.page.locator('.notice-readonly').textContent(), POLL)
      .toContain('Read only for now — "Review round" is open for feedback');

    const secretariat = await person(SECRETARIAT, '/rounds');
    await secretariat.page.locator('.rounds-table').waitFor({ timeout: 20_000 });
    await secretariat.page.getByRole('button', { name: 'Close feedback and consolidate' }).click();
    await expect.poll(() => banner(germany.page).textContent(), POLL).toContain('In consolidation');
    // In consolidation the Chair's open editor becomes editable without a reload.
    await chair.page.locator('.notice-readonly').waitFor({ state: 'detached', timeout: 20_000 });

    // Publishing asks first; the review round is the last one, so the text becomes final.
    await secretariat.page.getByRole('button', { name: 'Publish', exact: true }).click();
    const dialog = secretariat.page.getByRole('dialog');
    await expect.poll(() => dialog.textContent(), POLL).toContain('the text becomes final');
    await dialog.getByRole('button', { name: 'Publish' }).click();
    await expect
      .poll(() => banner(germany.page).textContent(), POLL)
      .toContain('Final text — adopted');
    await expect(stillMarked(germany.page)).resolves.toBe(true);
    await expect
      .poll(() => chair.page.locator('.notice-readonly').textContent(), POLL)
      .toContain('Final text — it was adopted');
    await expect
      .poll(
        () => secretariat.page.locator(`tr[data-round="${ROUND}"]`).getAttribute('data-phase'),
        POLL,
      )
      .toBe('published');
    await screenshot(germany.page, 'rounds-4-final');
  });
});
