import { describe, expect, it } from 'vitest';
import { CloseCode } from '@accord/shared';
import {
  OP1,
  POLL,
  indicatorText,
  placeCaretAtEnd,
  relayCollab,
  screenshot,
  useBrowserSuite,
  type CollabRelay,
  type PersonPage,
} from '../helpers/browser.js';

// Demo accounts: Türkiye holds the Chair and edits; Germany follows the text read-only.
const CHAIR = 'turkiye';
const DELEGATE = 'germany';

const { startServer, stopServer, person, personOn, openDeclaration } = useBrowserSuite();

function textOf(p: PersonPage, selector: string, index = 0): Promise<string | null> {
  return p.page.locator(selector).nth(index).textContent();
}

/**
 * A fresh server with the declaration open for the Chair, whose socket goes through a relay the
 * test controls, and for a delegate, who sees what reaches the server.
 */
async function chairRelayedAndDelegate(): Promise<{
  a: PersonPage;
  relay: CollabRelay;
  b: PersonPage;
}> {
  await startServer();
  const a = await person(CHAIR, null);
  const relay = await relayCollab(a.page);
  await openDeclaration(a);
  const b = await personOn(DELEGATE);
  return { a, relay, b };
}

describe('the save indicator tells the truth', () => {
  // One server and the same two pages for both: the refusal part reads the text as it finds it,
  // and its relay has seen one socket until then, as on a fresh page.
  it('says "Saving…" until the server confirms, even when others already see the change; reloads the document from the server when the server refuses a change', async () => {
    const { a, relay, b } = await chairRelayedAndDelegate();

    relay.holdSaved = true;
    await placeCaretAtEnd(a.page, OP1);
    await a.page.keyboard.type(' [held]');
    // The server stored and broadcast it (B has it), but A has no confirmation yet.
    await expect.poll(() => textOf(b, OP1), POLL).toContain('[held]');
    expect(await indicatorText(a.page)).toBe('Saving…');
    await screenshot(a.page, 'indicator-saving');

    relay.holdSaved = false;
    relay.releaseSaved();
    await expect.poll(() => indicatorText(a.page), POLL).toBe('All changes saved');

    // A refused change: the page reloads the document from the server.
    expect(relay.connections).toBe(1);
    const original = await textOf(a, OP1);

    relay.refuseNextUpdate(CloseCode.InvalidUpdate, 'test refusal');
    await placeCaretAtEnd(a.page, OP1);
    await a.page.keyboard.type('§');

    const notice = a.page.locator('.notice-warning');
    await notice.waitFor({ timeout: 20_000 });
    expect(await notice.textContent()).toContain(
      'The server refused a change (server: test refusal).',
    );
    // A fresh copy from the server: a new socket, the refused keystroke gone, saved again.
    await expect.poll(() => relay.connections, POLL).toBe(2);
    await expect.poll(() => textOf(a, OP1), POLL).toBe(original);
    await expect.poll(() => indicatorText(a.page), POLL).toBe('All changes saved');
    await screenshot(a.page, 'refused-reloaded');

    // The reloaded editor works: the next change is saved and reaches B, the refused one never did.
    await placeCaretAtEnd(a.page, OP1);
    await a.page.keyboard.type(' [after reload]');
    await expect.poll(() => textOf(b, OP1), POLL).toContain('[after reload]');
    await expect.poll(() => indicatorText(a.page), POLL).toBe('All changes saved');
    expect(await textOf(b, OP1)).not.toContain('§');
  });

  it('keeps edits made offline and confirms them after the server comes back', async () => {
    const { port } = await startServer();
    const a = await personOn(CHAIR);

    await stopServer();
    await expect
      .poll(() => indicatorText(a.page), POLL)
      .toBe('Offline — edits kept on this device');
    await placeCaretAtEnd(a.page, OP1);
    await a.page.keyboard.type(' [typed while offline]');
    await screenshot(a.page, 'offline-editing');

    // Same port, same data: the provider reconnects and sends the offline edits as sync step 2.
    await startServer({ port });
    await expect.poll(() => indicatorText(a.page), POLL).toBe('All changes saved');

    const fresh = await personOn(DELEGATE);
    expect(await textOf(fresh, OP1)).toContain('[typed while offline]');
  });
});
