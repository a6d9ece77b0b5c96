import { describe, expect, it } from 'vitest';
import {
  expectAccessible,
  screenshot,
  statusFromPage,
  useBrowserSuite,
} from '../helpers/browser.js';

const { startServer, newPage, person, personOn } = useBrowserSuite();

describe('every page, as a new user meets it', () => {
  it('ED12 passes axe (WCAG 2.2 AA rules) on sign-in, documents, editor, Secretariat, invitation and 403 pages', async () => {
    const server = await startServer();

    const visitor = await newPage();
    await visitor.page.goto(`${server.url}/`);
    await visitor.page.waitForURL((url) => url.pathname === '/signin');
    await visitor.page.locator('input[name=username]').waitFor();
    await expectAccessible(visitor.page, 'the sign-in page');
    await screenshot(visitor.page, 'a11y-signin');

    const icmpd = await person('icmpd');
    await icmpd.page.locator('.document-card').first().waitFor({ timeout: 20_000 });
    await expectAccessible(icmpd.page, 'the document list');
    await screenshot(icmpd.page, 'a11y-documents');

    await icmpd.page.goto(`${server.url}/secretariat`);
    await icmpd.page.locator('.delegations-table').waitFor({ timeout: 20_000 });
    // Every row is the same component; axe on some sixty of them takes half a minute on a
    // busy machine, so the table is narrowed to a few rows (the search field is checked too).
    await icmpd.page.getByRole('searchbox', { name: 'Find a delegation' }).fill('an');
    await expectAccessible(icmpd.page, 'the Secretariat page, delegations');
    await screenshot(icmpd.page, 'a11y-secretariat-delegations');
    for (const [tab, table] of [
      ['People', '.people-table'],
      ['Invitations', '.invitations-table, .invitations-empty, [role=tabpanel] form'],
      ['Audit trail', '.audit-table'],
    ] as const) {
      await icmpd.page.getByRole('tab', { name: tab }).click();
      await icmpd.page.locator(table).first().waitFor({ timeout: 20_000 });
      await expectAccessible(icmpd.page, `the Secretariat page, ${tab}`);
      await screenshot(icmpd.page, `a11y-secretariat-${tab.toLowerCase().replace(' ', '-')}`);
    }

    // An invitation link, opened by someone who has never signed in.
    const link = await icmpd.page.evaluate(async () => {
      const response = await fetch('/api/admin/invitations', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ delegationId: 'germany', displayName: 'Klaus Weber' }),
      });
      return ((await response.json()) as { url?: string; token?: string }).url ?? '';
    });
    expect(link).toMatch(/\/invite\//);
    const invited = await newPage();
    await invited.page.goto(link.startsWith('http') ? link : `${server.url}${link}`);
    await invited.page.locator('.auth-title').waitFor({ timeout: 20_000 });
    await expectAccessible(invited.page, 'the invitation page');
    await screenshot(invited.page, 'a11y-invitation');

    const germany = await personOn('germany');
    await expectAccessible(germany.page, 'the editor, read-only');
    await screenshot(germany.page, 'a11y-editor-read-only');

    await germany.page.goto(`${server.url}/secretariat`);
    await germany.page.locator('.forbidden .page-title').waitFor({ timeout: 20_000 });
    expect(await statusFromPage(germany.page, '/api/admin/people')).toBe(403);
    await expectAccessible(germany.page, 'the 403 page');
    await screenshot(germany.page, 'a11y-forbidden');

    await germany.page.goto(`${server.url}/no/such/page`);
    await germany.page.locator('.page-title').waitFor({ timeout: 20_000 });
    await expectAccessible(germany.page, 'the page-not-found page');

    const chair = await personOn('turkiye', 'call-for-action');
    await expectAccessible(chair.page, 'the editor, editable');
    await screenshot(chair.page, 'a11y-editor-editable');
  });

  it('ED12 RC3 passes axe on the rounds page, read-only and with the planning forms open', async () => {
    await startServer({ calendar: 'budapest' });
    const germany = await person('germany', '/rounds');
    await germany.page.locator('.rounds-table').waitFor({ timeout: 20_000 });
    await expectAccessible(germany.page, 'the rounds page, read-only');

    const icmpd = await person('icmpd', '/rounds');
    await icmpd.page.locator('.rounds-table').waitFor({ timeout: 20_000 });
    await icmpd.page.getByRole('button', { name: 'Grant extension…' }).click();
    await icmpd.page.getByRole('form', { name: /^Extension in / }).waitFor();
    await expectAccessible(icmpd.page, 'the rounds page, with the extension form');
    await screenshot(icmpd.page, 'a11y-rounds');
  });
});
