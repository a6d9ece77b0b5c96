import { describe, expect, it } from 'vitest';
import { POLL, OP1, screenshot, useBrowserSuite } from '../helpers/browser.js';
import { readSeed } from '../helpers/seeds.js';

const suite = useBrowserSuite();

describe('IM5 importing the draft into an empty negotiation', () => {
  it('IM5 the Secretariat pastes the declaration text and gets both documents, structured', async () => {
    await suite.startServer({ seedsDir: null });
    const { page } = await suite.person('secretariat');
    await page.goto(`${suite.running().url}/`);
    await page.getByText('This negotiation has no documents yet.').waitFor();

    // A text the importer cannot read: the server's reason, with its line, and nothing created.
    await page
      .getByLabel('Declaration text')
      .fill('The Budapest Process Ministerial Declaration\n\n1. An action;\n');
    await page.getByRole('button', { name: 'Import' }).click();
    await expect.poll(() => page.getByRole('alert').textContent(), POLL).toMatch(/line \d+/);

    await page.getByLabel('Declaration text').fill(readSeed('003'));
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByText('The Budapest Process Call for Action 2025-2030').waitFor();
    await screenshot(page, 'import-done');
    await page.getByText('The Budapest Process Ministerial Declaration').click();
    await page.locator(OP1).first().waitFor({ state: 'visible', timeout: 20_000 });
    await expect
      .poll(() => page.locator('.declaration').textContent(), POLL)
      .toContain('Gathered in Budapest');
  });
});
