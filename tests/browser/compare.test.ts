import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEFAULT_ROUNDS, type Amendment, type Delegation, type Round } from '@accord/shared';
import { POLL, expectAccessible, screenshot, useBrowserSuite } from '../helpers/browser.js';
import { collabUrl, signIn } from '../helpers/server.js';
import { stockClient, synced } from '../helpers/yclient.js';
import { blockIds, textOfBlock, typeInto } from '../helpers/amendments.js';
import { waitFor } from '../helpers/wait.js';

// The compare page (issue 9, SPEC CP): the redline of two versions with who made each change.
// The versions are made on the server as a round's start and publication make them; the rounds
// themselves are not under test (the server runs without a calendar).

const { startServer, personOn } = useBrowserSuite();

const [zeroDraft] = DEFAULT_ROUNDS as [Round];

/** The redline's changes as the page shows them: kind, text and the author tag after it. */
function changes(page: Page): Promise<{ kind: string; text: string; author: string }[]> {
  return page.locator('.cp-blocks').evaluate((list) =>
    [...list.querySelectorAll('.cp-change')].map((change) => {
      const mark = change.querySelector('ins, del')!;
      const copy = mark.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('.visually-hidden').forEach((e) => e.remove());
      return {
        kind: mark.tagName.toLowerCase(),
        text: copy.textContent ?? '',
        author: change.querySelector('.cp-author')?.textContent ?? '',
      };
    }),
  );
}

describe('the compare page', () => {
  it('CP6 the comparison of two versions shows the expected redline with its authors, from the document page, and passes axe', async () => {
    const server = await startServer({ calendar: 'none' });
    // Germany's amendment to PP1, accepted by the Chair; the Chair types in OP1; published.
    const cookies = {
      chair: await signIn(server, 'turkiye'),
      germany: await signIn(server, 'germany'),
    };
    const base = stockClient(collabUrl(server), 'declaration', cookies.chair);
    const draft = stockClient(collabUrl(server), 'declaration/draft', cookies.germany);
    await Promise.all([synced(base), synced(draft)]);
    const ids = blockIds(base.doc);
    await server.versions.ensureStartVersion(zeroDraft, '2023-12-05T08:00:00.000Z');
    await typeInto(draft, ids.PP1!, 0, 'Firmly ');
    const call = async (cookie: string, method: string, path: string, body: unknown) =>
      (await fetch(`${server.url}${path}`, {
        method,
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then((r) => r.json())) as { amendments: Amendment[] };
    const { amendments } = await call(
      cookies.germany,
      'POST',
      '/api/documents/declaration/amendments',
      { blockIds: [ids.PP1!], justification: 'Stronger.', language: 'en' },
    );
    await call(cookies.chair, 'POST', `/api/amendments/${amendments[0]!.id}/decision`, {
      decision: 'accept',
    });
    await waitFor(() => textOfBlock(base.doc, ids.PP1!)!.startsWith('Firmly '), 'the acceptance');
    await typeInto(base, ids.OP1!, 0, 'Resolutely ');
    const session = (await fetch(`${server.url}/api/session`, {
      headers: { cookie: cookies.chair },
    }).then((r) => r.json())) as { person: { id: string; displayName: string } };
    await server.versions.publish(zeroDraft, '2024-02-15T17:00:00.000Z', session.person.id);
    base.destroy();
    draft.destroy();
    const delegations = (await fetch(`${server.url}/api/delegations`, {
      headers: { cookie: cookies.chair },
    }).then((r) => r.json())) as Delegation[];
    const nameOf = (id: string) => delegations.find((d) => d.id === id)!.name;

    // A reader from another delegation finds the comparison from the document page, by keyboard.
    const reader = await personOn('pakistan');
    const link = reader.page.getByRole('link', { name: 'Compare versions' });
    await link.focus();
    await reader.page.keyboard.press('Enter');
    await reader.page.waitForURL((url) => url.pathname === '/d/declaration/compare');
    // The two latest versions are compared by default: the start and the published text.
    await expect
      .poll(() => reader.page.getByLabel('From').inputValue(), POLL)
      .toBe('start-zero-draft');
    expect(await reader.page.getByLabel('To').inputValue()).toBe('zero-draft');
    await reader.page.locator('.cp-blocks').waitFor({ timeout: 20_000 });
    expect(new URL(reader.page.url()).search).toBe('?from=start-zero-draft&to=zero-draft');
    expect(await changes(reader.page)).toEqual([
      { kind: 'ins', text: 'Firmly ', author: `${nameOf('germany')} · A1` },
      {
        kind: 'ins',
        text: 'Resolutely ',
        author: `${session.person.displayName}, ${nameOf('turkiye')}`,
      },
    ]);
    // Screen readers hear who made each change.
    expect(await reader.page.locator('.cp-blocks .cp-insert').first().textContent()).toBe(
      `[inserted by ${nameOf('germany')} · A1: Firmly ]`,
    );
    await expect
      .poll(() => reader.page.getByRole('status').first().textContent(), POLL)
      .toMatch(/Paragraphs: 2 changed\./);
    await expectAccessible(reader.page, 'the compare page');
    await screenshot(reader.page, 'compare-versions');

    // Only the changed paragraphs; then the published version against the live text.
    await reader.page.getByLabel('Only changed paragraphs').check();
    await expect.poll(() => reader.page.locator('.cp-block').count(), POLL).toBe(2);
    await reader.page.getByLabel('From').selectOption('zero-draft');
    await reader.page.getByLabel('To').selectOption('live');
    await expect
      .poll(() => reader.page.getByRole('status').first().textContent(), POLL)
      .toMatch(/No paragraph changed\./);
  });
});
