import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../helpers/server.js';
import {
  OP1,
  POLL,
  indicatorText,
  placeCaretAtEnd,
  screenshot,
  sessionOf,
  statusFromPage,
  useBrowserSuite,
  type PersonPage,
} from '../helpers/browser.js';

const READ_ONLY_BANNER =
  'Read only — you can read the text, follow the changes as they are made and see who else has it open. The Chair, the Co-Chair and the Secretariat edit it.';

const { startServer, newPage, person, personOn } = useBrowserSuite();

/** The text of the first block matching `selector`, without colleagues' caret flags. */
function textOf(p: PersonPage, selector = OP1): Promise<string | null> {
  return p.page
    .locator(selector)
    .first()
    .evaluate((el) => {
      const copy = el.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('.remote-caret').forEach((caret) => caret.remove());
      return copy.textContent;
    });
}

/** The Chair edits; the delegation sees the edit live, with the people grouped by delegation. */
async function chairEditsLive(chair: PersonPage, germany: PersonPage): Promise<void> {
  const chairSession = await sessionOf(chair.page);
  const germanySession = await sessionOf(germany.page);

  expect(await chair.page.locator('.account-delegation-name').textContent()).toBe('Türkiye');
  expect(await chair.page.locator('.account .role-badge').allTextContents()).toContain('Chair');
  // The Chair edits but does not manage participants.
  expect(await chair.page.locator('a[href="/secretariat"]').count()).toBe(0);

  expect(await chair.page.locator('.notice-readonly').count()).toBe(0);
  expect(await chair.page.locator('.paper').getAttribute('data-editable')).toBe('true');

  await placeCaretAtEnd(chair.page, OP1);
  await chair.page.keyboard.type(' [the Chair proposes compromise text]');
  await expect.poll(() => textOf(germany), POLL).toContain('[the Chair proposes compromise text]');
  await expect.poll(() => indicatorText(chair.page), POLL).toBe('All changes saved');

  // Presence, grouped by delegation, from the identities the server stamped.
  const groups = (p: PersonPage) =>
    p.page.locator('.presence-groups > .presence-group').evaluateAll((els) =>
      els.map((el) => ({
        delegation: el.querySelector('.presence-delegation')?.textContent,
        people: [...el.querySelectorAll('.presence-name')].map((n) => n.textContent),
      })),
    );
  await expect
    .poll(() => groups(germany), POLL)
    .toEqual([
      { delegation: 'Germany', people: [germanySession.person.displayName] },
      { delegation: 'Türkiye', people: [chairSession.person.displayName] },
    ]);
  await expect
    .poll(() => groups(chair), POLL)
    .toEqual([
      { delegation: 'Türkiye', people: [chairSession.person.displayName] },
      { delegation: 'Germany', people: [germanySession.person.displayName] },
    ]);
  await expect
    .poll(() => germany.page.locator('.remote-caret-person').allTextContents(), POLL)
    .toContain(chairSession.person.displayName);
  await screenshot(chair.page, 'roles-chair-editing');
  await germany.page.locator(OP1).first().scrollIntoViewIfNeeded();
  await screenshot(germany.page, 'roles-presence-grouped');
}

/** The delegation has the declaration read-only, and nothing it types reaches the text. */
async function delegationReadOnly(chair: PersonPage, germany: PersonPage): Promise<void> {
  const session = await sessionOf(germany.page);
  expect(session.delegation.name).toBe('Germany');

  // The header says who and for which delegation; a participating State has no role badge.
  expect(await germany.page.locator('.account-name').textContent()).toBe(
    session.person.displayName,
  );
  expect(await germany.page.locator('.account-delegation-name').textContent()).toBe('Germany');
  expect(await germany.page.locator('.account .role-badge').count()).toBe(0);

  const original = await textOf(chair);
  expect(await germany.page.locator('.notice-readonly').textContent()).toBe(READ_ONLY_BANNER);
  expect(await germany.page.locator('.doc-bar .badge-readonly').textContent()).toBe('Read only');
  expect(await germany.page.locator('.paper').getAttribute('data-editable')).toBe('false');
  expect(await germany.page.locator('.declaration').getAttribute('contenteditable')).toBe('false');
  await screenshot(germany.page, 'roles-germany-read-only');

  // Germany clicks into OP1 and types, tries a formatting shortcut, and a paste-like insert.
  await placeCaretAtEnd(germany.page, OP1);
  await germany.page.keyboard.type(' [typed by Germany]');
  await germany.page.keyboard.press('Control+a');
  await germany.page.keyboard.press('Control+b');
  await germany.page.keyboard.press('Backspace');
  await germany.page.evaluate(() => document.execCommand('insertText', false, '[inserted]'));
  expect(await textOf(germany)).toBe(original);
  expect(await germany.page.locator('.declaration strong').count()).toBe(
    await chair.page.locator('.declaration strong').count(),
  );

  // The Chair's edit after it reaches Germany: had Germany's keystrokes gone anywhere, they
  // would have reached the server before it. The server's text (a fresh page) has neither.
  await placeCaretAtEnd(chair.page, OP1);
  await chair.page.keyboard.type(' [Chair after Germany]');
  await expect.poll(() => textOf(germany), POLL).toContain('[Chair after Germany]');
  await expect.poll(() => indicatorText(chair.page), POLL).toBe('All changes saved');
  expect(await textOf(chair)).toBe(`${original} [Chair after Germany]`);
  expect(await indicatorText(germany.page)).toBe('All changes saved');

  const fresh = await personOn('icmpd');
  expect(await textOf(fresh)).toBe(`${original} [Chair after Germany]`);
  // The client did not even try: the server recorded no refused write from Germany.
  const refusedForGermany = await fresh.page.evaluate(async () => {
    const response = await fetch('/api/admin/audit?limit=500');
    const entries = (await response.json()) as { username: string | null; outcome: string }[];
    return entries.filter((e) => e.username === 'germany' && e.outcome === 'refused').length;
  });
  expect(refusedForGermany).toBe(0);
}

describe('sign-in and roles in the browser', () => {
  it('sends a signed-out visitor to sign in, shows a wrong password, then returns to the page asked for', async () => {
    const server = await startServer();
    const p = await newPage();

    await p.page.goto(`${server.url}/d/declaration`);
    await p.page.waitForURL((url) => url.pathname === '/signin');
    expect(new URL(p.page.url()).searchParams.get('next')).toBe('/d/declaration');
    const card = p.page.locator('.auth-card');
    expect(await card.textContent()).toContain(
      'Budapest Process — 7th Ministerial Conference 2024',
    );
    expect(await p.page.locator('.limite').textContent()).toContain('LIMITE');
    // Nothing of the negotiation leaks to a signed-out page.
    expect(await p.page.locator('.declaration, .document-card').count()).toBe(0);
    await screenshot(p.page, 'signin');

    await p.page.locator('input[name=username]').fill('germany');
    await p.page.locator('input[name=password]').fill('not-the-password');
    await p.page.getByRole('button', { name: 'Sign in' }).click();
    const alert = p.page.locator('.auth-card [role=alert]');
    await alert.waitFor({ timeout: 20_000 });
    expect((await alert.textContent())?.toLowerCase()).toContain('wrong user name or password');
    expect(new URL(p.page.url()).pathname).toBe('/signin');
    expect(await p.page.locator('input[name=password]').inputValue()).toBe('');
    await screenshot(p.page, 'signin-wrong-password');

    await p.page.locator('input[name=password]').fill(DEMO_PASSWORD);
    await p.page.getByRole('button', { name: 'Sign in' }).click();
    await p.page.waitForURL((url) => url.pathname === '/d/declaration', { timeout: 20_000 });
    await p.page.locator(OP1).first().waitFor({ timeout: 20_000 });

    // Signing out ends the session on the server too: the documents are out of reach again.
    await p.page.getByRole('button', { name: 'Sign out' }).click();
    await p.page.waitForURL((url) => url.pathname === '/signin');
    expect(await statusFromPage(p.page, '/api/documents')).toBe(401);
  });

  // The Chair and a delegation on one declaration for both: the live edit and presence first
  // (only the two are present), then the read-only delegation's keystrokes, compared with the
  // text as it is by then. A server and two pages less is seconds of npm test.
  it('lets the Chair edit, and a delegation sees the edit live with the people grouped by delegation; shows the delegation the declaration read-only, and nothing it types reaches the text', async () => {
    await startServer();
    const chair = await personOn('turkiye');
    const germany = await personOn('germany');
    await chairEditsLive(chair, germany);
    await delegationReadOnly(chair, germany);
  });

  it('never shows a delegation the Secretariat page, and the server refuses its calls', async () => {
    const server = await startServer();
    const germany = await person('germany');

    await germany.page.locator('.document-card').first().waitFor();
    expect(await germany.page.locator('a[href="/secretariat"]').count()).toBe(0);
    expect(await germany.page.getByText('Secretariat', { exact: true }).count()).toBe(0);

    await germany.page.goto(`${server.url}/secretariat`);
    const title = germany.page.locator('.forbidden .page-title');
    await title.waitFor();
    expect(await title.textContent()).toBe('Only the Secretariat can manage participants');
    expect(await germany.page.locator('.tabs, .data-table').count()).toBe(0);
    expect(await germany.page.locator('a[href="/secretariat"]').count()).toBe(0);
    expect(await statusFromPage(germany.page, '/api/admin/people')).toBe(403);
    expect(await statusFromPage(germany.page, '/api/admin/invitations')).toBe(403);
    expect(
      await statusFromPage(germany.page, '/api/admin/delegations/germany/roles', {
        method: 'PUT',
        body: { roles: ['chair'] },
      }),
    ).toBe(403);
    await screenshot(germany.page, 'roles-germany-forbidden');
  });

  it('lets the Secretariat invite a person of Germany, who creates an account and lands signed in', async () => {
    const server = await startServer();
    const icmpd = await person('icmpd');

    expect(await icmpd.page.locator('.account .role-badge').allTextContents()).toContain(
      'Secretariat',
    );
    await icmpd.page.locator('a[href="/secretariat"]').click();
    await icmpd.page.waitForURL((url) => url.pathname === '/secretariat');
    const turkiye = icmpd.page.locator('.delegations-table tr[data-delegation="turkiye"]');
    await turkiye.waitFor({ timeout: 20_000 });
    expect(await turkiye.locator('input[data-role="chair"]').isChecked()).toBe(true);
    expect(
      await icmpd.page
        .locator('.delegations-table tr[data-delegation="germany"] input[data-role="chair"]')
        .isChecked(),
    ).toBe(false);
    await screenshot(icmpd.page, 'secretariat-delegations');

    await icmpd.page.getByRole('tab', { name: 'Invitations' }).click();
    await icmpd.page.locator('select[name=invitation-delegation]').selectOption('germany');
    await icmpd.page.locator('input[name=invitation-name]').fill('Klaus Weber');
    await icmpd.page.getByRole('button', { name: 'Create invitation link' }).click();
    const linkInput = icmpd.page.getByRole('textbox', { name: 'Invitation link' });
    await linkInput.waitFor({ timeout: 20_000 });
    const link = await linkInput.inputValue();
    expect(link).toMatch(new RegExp(`^${server.url}/invite/[^/]+$`));
    const row = icmpd.page.locator('.invitations-table tbody tr', { hasText: 'Klaus Weber' });
    await row.waitFor();
    expect(await row.getAttribute('data-status')).toBe('open');
    await screenshot(icmpd.page, 'secretariat-invitation-link');

    // Someone else, in a browser that has never signed in, opens the link.
    const klaus = await newPage();
    await klaus.page.goto(link);
    const heading = klaus.page.locator('.auth-title');
    await heading.waitFor({ timeout: 20_000 });
    expect(await heading.textContent()).toBe(
      'You are invited to join the delegation of Germany as Klaus Weber',
    );
    // The rules are explained before the server is asked.
    await klaus.page.locator('input[name=username]').fill('Klaus Weber');
    await klaus.page.locator('input[name=new-password]').fill('short');
    await klaus.page.locator('input[name=confirm-password]').fill('short');
    await klaus.page.getByRole('button', { name: 'Create account and sign in' }).click();
    expect(await klaus.page.locator('.field-error').count()).toBe(2);
    await screenshot(klaus.page, 'invitation-form-problems');

    await klaus.page.locator('input[name=username]').fill('k.weber');
    await klaus.page.locator('input[name=new-password]').fill('Schengen acquis 2024');
    await klaus.page.locator('input[name=confirm-password]').fill('Schengen acquis 2024');
    await screenshot(klaus.page, 'invitation-page');
    await klaus.page.getByRole('button', { name: 'Create account and sign in' }).click();
    await klaus.page.waitForURL((url) => url.pathname === '/', { timeout: 20_000 });
    await klaus.page.locator('.document-card').first().waitFor({ timeout: 20_000 });
    expect(await klaus.page.locator('.account-name').textContent()).toBe('Klaus Weber');
    expect(await klaus.page.locator('.account-delegation-name').textContent()).toBe('Germany');
    const session = await sessionOf(klaus.page);
    expect(session.person.username).toBe('k.weber');
    expect(session.delegation.id).toBe('germany');
    await screenshot(klaus.page, 'invitation-accepted');

    // The link made one account; opened again it says so.
    await klaus.page.goto(link);
    await klaus.page.locator('.auth-card [role=alert]').waitFor({ timeout: 20_000 });
    expect(await klaus.page.locator('.auth-title').textContent()).toBe(
      'This invitation cannot be used',
    );

    // The Secretariat sees the invitation used, the new account, and the trail of it all.
    await icmpd.page.getByRole('button', { name: 'Refresh' }).click();
    await expect.poll(() => row.getAttribute('data-status'), POLL).toBe('used');
    await icmpd.page.getByRole('tab', { name: 'People' }).click();
    await icmpd.page.locator('.people-table tr[data-person="k.weber"]').waitFor();
    await icmpd.page.getByRole('tab', { name: 'Audit trail' }).click();
    const actions = icmpd.page.locator('.audit-table tbody tr td:nth-child(4)');
    await actions.first().waitFor({ timeout: 20_000 });
    const listed = await actions.allTextContents();
    expect(listed).toContain('Invitation created');
    expect(listed).toContain('Invitation accepted');
    // Most recent first.
    expect(listed.indexOf('Invitation accepted')).toBeLessThan(
      listed.indexOf('Invitation created'),
    );
    await screenshot(icmpd.page, 'secretariat-audit');
  });

  it('turns the Chair’s open text read-only when the Secretariat removes the Chair role, after a confirmation', async () => {
    await startServer();
    const chair = await personOn('turkiye');
    expect(await chair.page.locator('.paper').getAttribute('data-editable')).toBe('true');

    const icmpd = await person('icmpd', '/secretariat');
    const chairBox = icmpd.page.locator(
      '.delegations-table tr[data-delegation="turkiye"] input[data-role="chair"]',
    );
    await chairBox.waitFor({ timeout: 20_000 });
    // Cancelling leaves the role in place.
    await chairBox.click();
    const dialog = icmpd.page.locator('dialog.confirm-dialog');
    await dialog.waitFor();
    expect(await dialog.locator('.confirm-title').textContent()).toBe(
      'Remove the Chair role from Türkiye?',
    );
    await screenshot(icmpd.page, 'secretariat-confirm-remove-chair');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await chairBox.isChecked()).toBe(true);

    await chairBox.click();
    await dialog.getByRole('button', { name: 'Remove Chair role' }).click();
    await icmpd.page
      .locator('.delegations-table tr[data-delegation="turkiye"] .status-ok')
      .waitFor({ timeout: 20_000 });
    expect(await chairBox.isChecked()).toBe(false);

    // The server closed Türkiye's socket (4403); the page re-read the session and reopened.
    await expect
      .poll(() => chair.page.locator('.paper').getAttribute('data-editable'), POLL)
      .toBe('false');
    await chair.page.locator('.notice-readonly').waitFor({ timeout: 20_000 });
    expect(await chair.page.locator('.notice-warning').textContent()).toContain(
      'this text is now read-only for you',
    );
    // Türkiye keeps its other role.
    expect(await chair.page.locator('.account .role-badge').allTextContents()).toEqual([
      'Reference Group',
    ]);
    await expect.poll(() => indicatorText(chair.page), POLL).toBe('All changes saved');
    await screenshot(chair.page, 'roles-chair-revoked');
    const before = await textOf(chair);
    await placeCaretAtEnd(chair.page, OP1);
    await chair.page.keyboard.type(' [no longer the Chair]');
    expect(await textOf(chair)).toBe(before);
  });

  it('sends a person whose account is disabled to the sign-in page, saying why', async () => {
    await startServer();
    const germany = await personOn('germany');

    const icmpd = await person('icmpd', '/secretariat#people');
    const row = icmpd.page.locator('.people-table tr[data-person="germany"]');
    await row.waitFor({ timeout: 20_000 });
    await row.getByRole('button', { name: 'Disable' }).click();
    await icmpd.page
      .locator('dialog.confirm-dialog')
      .getByRole('button', { name: 'Disable account' })
      .click();
    await expect.poll(() => row.getAttribute('data-disabled'), POLL).toBe('true');

    await germany.page.waitForURL((url) => url.pathname === '/signin', { timeout: 20_000 });
    expect(new URL(germany.page.url()).searchParams.get('next')).toBe('/d/declaration');
    expect(await germany.page.locator('.auth-notice').textContent()).toContain(
      'Your session has ended; please sign in again',
    );
    await screenshot(germany.page, 'session-ended');
  });
});
