import { describe, expect, it } from 'vitest';
import { DEFAULT_ROUNDS, type Round } from '@accord/shared';
import { POLL, expectAccessible, useBrowserSuite } from '../helpers/browser.js';

// The exports dialog in Chromium (issue 10, EX6, EC7): a delegate opens it from the compare page
// with that page's comparison, a long download shows "Preparing…" and can be cancelled, the
// server's refusal is shown in its own words, and a file is saved under the server's name.

const { startServer, person } = useBrowserSuite();

const [zeroDraft] = DEFAULT_ROUNDS as [Round];

describe('the exports dialog', () => {
  it('EX6 EC7 from the compare page: pre-filled, cancellable while preparing, the refusal verbatim, the file under its name', async () => {
    const server = await startServer({ calendar: 'none' });
    const version = await server.versions.ensureStartVersion(zeroDraft, '2023-12-05T08:00:00.000Z');
    const germany = await person('germany', '/d/declaration/compare');
    const page = germany.page;
    await expect.poll(() => page.getByLabel('To').inputValue(), POLL).toBe('live');
    const from = await page.getByLabel('From').inputValue();

    await page.getByRole('button', { name: 'Export…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export' });
    await expect
      .poll(() => dialog.getByLabel('From', { exact: true }).inputValue(), POLL)
      .toBe(from);
    expect(await dialog.getByLabel('To', { exact: true }).inputValue()).toBe('live');

    // A PDF the server is slow to print: "Preparing…" with a Cancel button, which stops it.
    let release: () => void = () => undefined;
    await page.route('**/exports/revision.pdf?*', async (route) => {
      await new Promise<void>((resolve) => (release = resolve));
      await route.abort().catch(() => undefined);
    });
    await dialog.getByLabel('Revision format').selectOption('pdf');
    await dialog.getByRole('button', { name: 'Download revision' }).click();
    const status = dialog.locator('.ex-progress');
    await expect.poll(() => status.textContent(), POLL).toBe('Preparing the revision…');
    await expectAccessible(page, 'the exports dialog during a download');
    await dialog.getByRole('button', { name: 'Cancel download' }).click();
    await expect.poll(() => status.textContent(), POLL).toBe('Download cancelled.');
    release();

    // A refusal: the server's message, word for word, in the alert.
    await page.route('**/exports/amendments.csv', (route) =>
      route.fulfill({
        status: 409,
        contentType: 'application/json',
        body: JSON.stringify({ error: 'the amendments are being renumbered; try again' }),
      }),
    );
    await dialog.getByRole('button', { name: 'Amendments CSV' }).click();
    await expect
      .poll(() => dialog.getByRole('alert').textContent(), POLL)
      .toBe(
        'The amendments could not be downloaded: the amendments are being renumbered; try again',
      );

    // A real file, saved under the name the server gave it.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      dialog.getByRole('button', { name: 'Akoma Ntoso XML' }).click(),
    ]);
    const declaration = version.find((v) => v.documentId === 'declaration')!;
    expect(download.suggestedFilename()).toBe(`declaration-${declaration.id}.akn.xml`);
    await expect.poll(() => status.textContent(), POLL).toMatch(/^Saved declaration-.+\.akn\.xml/);
    expect(await dialog.getByRole('alert').textContent()).toBe('');
  });
});
