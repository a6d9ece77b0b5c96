import { describe, expect, it } from 'vitest';
import { alternativesIn, bracketsIn } from '@accord/shared';
import {
  OP1,
  centreWhenStill,
  POLL,
  expectAccessible,
  placeCaretAtStart,
  screenshot,
  syncSelection,
  useBrowserSuite,
} from '../helpers/browser.js';

const { startServer, personOn, stored } = useBrowserSuite();

describe('brackets and statuses in the browser (NS7, NS8)', () => {
  // One server and two pages for the three (each start costs seconds of npm test's budget).
  it('NS7 NS8 NS1 NS6 NS10 the Chair brackets a phrase for Germany with the keyboard ("[…]" drawn, not typed; 1 bracket remains; a delegate sees it live), sets the status of the paragraph at the caret (the counts follow), and offers two wordings (printed "Alt 1: … / Alt 2: …", one alternative)', async () => {
    await startServer();
    const chair = await personOn('turkiye');
    const germany = await personOn('germany');
    const summary = chair.page.getByTestId('status-summary');
    await expect.poll(() => summary.textContent(), POLL).toContain('no brackets remain');

    await chair.page.getByLabel('Delegation that asked for the bracket').selectOption('germany');
    await placeCaretAtStart(chair.page, OP1);
    for (let i = 0; i < 6; i++) await chair.page.keyboard.press('Shift+ArrowRight');
    await syncSelection(chair.page);
    await chair.page.keyboard.press('Control+Alt+b');

    const bracket = chair.page.locator(`${OP1} .bracket`).first();
    await bracket.waitFor({ timeout: 20_000 });
    expect(await bracket.getAttribute('data-by')).toBe('germany');
    // The brackets are drawn by CSS, the words for screen readers name the delegation.
    expect(await bracket.evaluate((el) => getComputedStyle(el, '::before').content)).toContain('[');
    expect(await bracket.evaluate((el) => getComputedStyle(el, '::after').content)).toContain(']');
    expect(await bracket.getAttribute('data-by-name')).toBe('Germany');
    expect(await bracket.evaluate((el) => getComputedStyle(el, '::before').content)).toContain(
      'bracketed by',
    );
    await expect.poll(() => summary.textContent(), POLL).toContain('1 bracket remains');

    // Stored as a mark, never as characters; the delegate's page draws it too.
    await expect.poll(async () => bracketsIn(await stored('declaration')).length, POLL).toBe(1);
    const text = await stored('declaration');
    expect(text.textContent).not.toContain('[');
    expect(bracketsIn(text)[0]).toMatchObject({ by: 'germany' });
    await germany.page.locator(`${OP1} .bracket`).first().waitFor({ timeout: 20_000 });
    await screenshot(chair.page, 'brackets-chair');
    await expectAccessible(chair.page, 'the document page with a bracket and the status panel');

    // The same key on the bracketed words lifts the brackets.
    await placeCaretAtStart(chair.page, OP1);
    for (let i = 0; i < 6; i++) await chair.page.keyboard.press('Shift+ArrowRight');
    await syncSelection(chair.page);
    await chair.page.keyboard.press('Control+Alt+b');
    await expect.poll(() => summary.textContent(), POLL).toContain('no brackets remain');
    await expect.poll(() => germany.page.locator(`${OP1} .bracket`).count(), POLL).toBe(0);

    // NS1 NS6: the status of the paragraph at the caret; the counts follow.
    await placeCaretAtStart(chair.page, OP1);
    const select = chair.page.getByLabel('Status of OP1');
    await select.waitFor({ timeout: 20_000 });
    await select.selectOption('agreed');
    await chair.page.getByRole('button', { name: 'Set status' }).click();
    await expect
      .poll(() => chair.page.locator('.status-current').first().textContent(), POLL)
      .toBe('OP1: Agreed');
    await expect
      .poll(() => chair.page.getByTestId('status-summary').textContent(), POLL)
      .toMatch(/^1 of \d+ paragraphs agreed/);
    // In the margin of the text, for the Chair and live for a delegate (who has no panel).
    await expect
      .poll(
        () => chair.page.locator(`${OP1}[data-status]`).first().getAttribute('data-status'),
        POLL,
      )
      .toBe('Agreed');
    await expect
      .poll(
        () => germany.page.locator(`${OP1}[data-status]`).first().getAttribute('data-status'),
        POLL,
      )
      .toBe('Agreed');
    expect(await germany.page.locator('.status-panel').count()).toBe(0);
    await centreWhenStill(germany.page.locator(OP1).first());
    await screenshot(germany.page, 'status-margin');
    await expectAccessible(chair.page, 'the status panel after setting a status');
    await expectAccessible(germany.page, "a delegate's page with a status in the margin");

    // NS10: two wordings with the keyboard, counted as one alternative.
    await placeCaretAtStart(chair.page, OP1);
    for (let i = 0; i < 5; i++) await chair.page.keyboard.press('Shift+ArrowRight');
    await syncSelection(chair.page);
    await chair.page.keyboard.press('Control+Alt+o');
    await chair.page.locator(`${OP1} .alternative[data-option="1"]`).first().waitFor();
    // Past the space, the next word becomes the second option of the same alternative.
    await chair.page.keyboard.press('ArrowRight');
    await chair.page.keyboard.press('ArrowRight');
    for (let i = 0; i < 3; i++) await chair.page.keyboard.press('Shift+ArrowRight');
    await syncSelection(chair.page);
    await chair.page.keyboard.press('Control+Alt+o');
    const second = chair.page.locator(`${OP1} .alternative[data-option="2"]`).first();
    await second.waitFor({ timeout: 20_000 });
    expect(await second.textContent()).toBe('the');
    expect(await second.evaluate((el) => getComputedStyle(el, '::before').content)).toContain(
      '/ Alt',
    );
    await expect
      .poll(() => chair.page.getByTestId('status-summary').textContent(), POLL)
      .toContain('1 alternative open');
    await expect.poll(async () => alternativesIn(await stored('declaration')).length, POLL).toBe(1);
    await screenshot(chair.page, 'alternatives-chair');
    await expectAccessible(chair.page, 'the document page with an alternative');
  });
});
