import { describe, expect, it } from 'vitest';
import { closesAt, deadlineAt } from '@accord/shared';
import { ManualClock } from '../../server/src/time/ManualClock.js';
import { expectAccessible, POLL, screenshot, useBrowserSuite } from '../helpers/browser.js';
import { signIn } from '../helpers/server.js';

const { startServer, person, running } = useBrowserSuite();

// The silence page (issue 9, SPEC SI1–SI9) as the Chair and a delegation use it: the Chair
// circulates the text, a delegation breaks silence on two paragraphs, and both pages show the
// outcome live when the server decides at expiry.

const T0 = Date.UTC(2030, 0, 1, 8, 50);

describe('the silence page', () => {
  it('SI2 SI5 SI6 SI9 the Chair starts, Germany breaks silence on two paragraphs, and both pages show "not adopted" live at expiry; axe passes', async () => {
    const clock = new ManualClock(T0);
    const server = await startServer({ clock, calendar: 'none' });
    const cookie = await signIn(server, 'turkiye');
    const created = await fetch(`${server.url}/api/rounds`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Silence procedure', kind: 'silence' }),
    });
    expect(created.status).toBe(201);

    const chair = await person('turkiye', '/silence');
    const start = chair.page.getByRole('button', { name: 'Circulate under silence' });
    await start.waitFor({ timeout: 20_000 });
    await expectAccessible(chair.page, 'the silence page, before a procedure');
    // An hour ahead on the server's clock (sessions outlive it): 11:00 in Budapest.
    await chair.page.getByLabel('Date', { exact: true }).fill('2030-01-01');
    await chair.page.getByLabel('Time', { exact: true }).fill('11:00');
    await start.click();
    const state = chair.page.getByTestId('silence-state');
    await expect.poll(() => state.textContent(), POLL).toBe('Under silence');
    await expect.poll(() => chair.page.locator('.silence-countdown').count(), POLL).toBe(1);

    const germany = await person('germany', '/silence');
    await germany.page.getByRole('checkbox', { name: 'OP1', exact: true }).check();
    await germany.page.getByRole('checkbox', { name: 'OP2', exact: true }).check();
    await germany.page
      .getByRole('textbox', { name: 'Reason (required)' })
      .fill('Our capital cannot accept the wording on return.');
    await expectAccessible(germany.page, 'the silence page, breaking silence');
    await germany.page.getByRole('button', { name: 'Break silence' }).click();
    await expect
      .poll(() => germany.page.getByRole('status').allTextContents(), POLL)
      .toContain('Silence broken. Your reason is recorded.');
    // The Chair sees the break arrive without a reload.
    const row = chair.page.locator('.silence-breaks tbody tr');
    await expect.poll(() => row.first().textContent(), POLL).toContain('OP1, OP2');
    await screenshot(chair.page, 'silence-under-silence');

    // Expiry passes on the server's clock: the server decides, the pages follow live.
    const expiry = deadlineAt('2030-01-01', '11:00', 'Europe/Budapest');
    clock.set(closesAt(expiry.at));
    await running().scheduler.idle();
    for (const p of [chair, germany])
      await expect
        .poll(() => p.page.getByTestId('silence-state').textContent(), POLL)
        .toBe('Not adopted');
    await expect
      .poll(() => germany.page.locator('.silence-outcome').textContent(), POLL)
      .toMatch(/OP2 \(The Budapest Process Ministerial Declaration\) by Germany/);
    expect(await germany.page.getByRole('button', { name: 'Break silence' }).count()).toBe(0);
    await expectAccessible(germany.page, 'the silence page, not adopted');
    await screenshot(germany.page, 'silence-not-adopted');
  });
});
