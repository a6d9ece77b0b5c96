import { describe, expect, it } from 'vitest';
import {
  POLL,
  indicatorText,
  placeCaretAtEnd,
  screenshot,
  sessionOf,
  useBrowserSuite,
  type PersonPage,
} from '../helpers/browser.js';

// The demo accounts: Türkiye holds the Chair (edits), Germany reads, ICMPD is the Secretariat.
const CHAIR = 'turkiye';
const DELEGATION = 'germany';
const SECRETARIAT = 'icmpd';

const { startServer, stopServer, person } = useBrowserSuite();

/**
 * A person signed in on the declaration, once its operative paragraphs show (not for the
 * indicator).
 */
async function onDeclaration(username: string): Promise<PersonPage> {
  const p = await person(username, '/d/declaration');
  await p.page
    .locator('.declaration .operative')
    .first()
    .waitFor({ state: 'visible', timeout: 20_000 });
  return p;
}

describe('the client in Chromium against a real server', () => {
  it('lists the documents and shows the declaration structured, with derived labels', async () => {
    const server = await startServer();
    const a = await person(CHAIR);

    const cards = a.page.locator('.document-card');
    await cards.first().waitFor();
    expect(await cards.locator('.document-title').allTextContents()).toEqual([
      'The Budapest Process Ministerial Declaration',
      'The Budapest Process Call for Action 2025-2030',
    ]);
    await screenshot(a.page, 'document-list');

    await cards.first().click();
    await a.page.locator('.declaration .operative').first().waitFor();
    expect(new URL(a.page.url()).pathname).toBe('/d/declaration');
    await expect
      .poll(() => a.page.locator('.declaration h1.title').textContent(), POLL)
      .toBe('The Budapest Process Ministerial Declaration');
    const labels = (selector: string) =>
      a.page.locator(selector).evaluateAll((els) => els.map((el) => el.getAttribute('data-label')));
    const pp = await labels('.declaration .preambular');
    expect(pp.slice(0, 3)).toEqual(['PP1', 'PP2', 'PP3']);
    expect(pp.every((l, i) => l === `PP${i + 1}`)).toBe(true);
    const op = await labels('.declaration .operative');
    expect(op[0]).toBe('OP1');
    expect(await labels('.declaration .operative .list_item')).toContain('OP1 (a)');
    // Footnote markers are numbered in order of appearance, and each note carries its label.
    const markers = await a.page
      .locator('.declaration sup.fn')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-n')));
    expect(markers.slice(0, 3)).toEqual(['1', '2', '3']);
    expect((await labels('.declaration .footnote'))[0]).toBe('fn 1');
    await expect.poll(() => indicatorText(a.page), POLL).toBe('All changes saved');
    await screenshot(a.page, 'declaration-structure');

    // The Call for Action shows its priority goals and numbered action points.
    await a.page.goto(`${server.url}/d/call-for-action`);
    await a.page.locator('.declaration .goal').first().waitFor();
    expect(
      await a.page.locator('.declaration .goal_title').first().getAttribute('data-kicker'),
    ).toBe('Priority Goal 1');
    expect(await labels('.declaration .action')).toContain('1.1');
    await screenshot(a.page, 'call-for-action-structure');
  });

  // One server and the same pages for both: the restart part types in PP2 and reads it back on
  // a fresh page (the delegate's open page goes offline with the Chair's).
  it('shows what one person types to another, and says saved only once the server confirmed it; keeps every confirmed word across a server restart', async () => {
    await startServer();
    const a = await onDeclaration(CHAIR);
    const b = await onDeclaration(DELEGATION);
    const chair = await sessionOf(a.page);
    const delegate = await sessionOf(b.page);

    // Each sees the other under their delegation, named by the server from the session.
    const presentIn = (p: PersonPage, delegationId: string) =>
      p.page
        .locator(
          `.presence-groups .presence-group[data-delegation="${delegationId}"] .presence-name`,
        )
        .allTextContents();
    await expect
      .poll(() => presentIn(a, delegate.delegation.id), POLL)
      .toEqual([delegate.person.displayName]);
    await expect
      .poll(() => presentIn(b, chair.delegation.id), POLL)
      .toEqual([chair.person.displayName]);

    const typed = ' [amended by the Chair in browser A]';
    await placeCaretAtEnd(a.page, '.declaration .operative > p.body', 0);
    await a.page.keyboard.type(typed);

    // A's own view has it at once; B's view gets it through the server.
    await expect
      .poll(() => a.page.locator('.declaration .operative > p.body').first().textContent(), POLL)
      .toContain(typed.trim());
    await b.page.waitForFunction(
      (text) =>
        document.querySelector('.declaration .operative > p.body')?.textContent?.includes(text) ??
        false,
      typed.trim(),
      { timeout: 20_000 },
    );
    await expect.poll(() => indicatorText(a.page), POLL).toBe('All changes saved');
    // B sees A's caret, labelled with A's name and delegation as the server stamped them.
    await expect
      .poll(() => b.page.locator('.remote-caret-person').allTextContents(), POLL)
      .toContain(chair.person.displayName);
    // The flag names the delegation once: "Delegate of Türkiye" already says it, so no second
    // "Türkiye" follows (a name that does not would be followed by its delegation).
    const flag = (await b.page.locator('.remote-caret-name').allTextContents()).find((t) =>
      t.includes(chair.person.displayName),
    );
    expect(flag?.split(chair.delegation.name).length).toBe(2);
    // Labels stay derived from the structure on both sides.
    expect(await b.page.locator('.declaration .operative').first().getAttribute('data-label')).toBe(
      'OP1',
    );

    await screenshot(a.page, 'collab-typing-a');
    await b.page.locator('.declaration .operative').first().scrollIntoViewIfNeeded();
    await screenshot(b.page, 'collab-typing-b');

    // A server restart keeps every confirmed word.
    const kept = ' [kept across a restart]';
    await placeCaretAtEnd(a.page, '.declaration .preambular > p.body', 1);
    await a.page.keyboard.type(kept);
    await expect.poll(() => indicatorText(a.page), POLL).toBe('All changes saved');

    await stopServer();
    // The open page notices and reassures rather than pretending to be saved.
    await expect
      .poll(() => indicatorText(a.page), POLL)
      .toBe('Offline — edits kept on this device');
    await screenshot(a.page, 'restart-offline');

    await startServer(); // on the same data folder
    const fresh = await onDeclaration(SECRETARIAT);
    await expect
      .poll(
        () => fresh.page.locator('.declaration .preambular > p.body').nth(1).textContent(),
        POLL,
      )
      .toContain(kept.trim());
    expect(
      await fresh.page.locator('.declaration .preambular').nth(1).getAttribute('data-label'),
    ).toBe('PP2');
    await expect.poll(() => indicatorText(fresh.page), POLL).toBe('All changes saved');
    await screenshot(fresh.page, 'restart-fresh-page');
  });
});
