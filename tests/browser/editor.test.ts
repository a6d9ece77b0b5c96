import { describe, expect, it } from 'vitest';
import type { Node } from 'prosemirror-model';
import { signIn } from '../helpers/server.js';
import {
  OP1,
  POLL,
  expectAccessible,
  indicatorText,
  placeCaretAtEnd,
  placeCaretAtStart,
  relayCollab,
  screenshot,
  syncSelection,
  useBrowserSuite,
  type PersonPage,
} from '../helpers/browser.js';

const { startServer, running, person, personOn, openDeclaration, stored } = useBrowserSuite();

/** The running text of action point `n` (1-based) of goal `g` on a page. */
const actionBody = (g: number, n: number) =>
  `.declaration .goal:nth-of-type(${g}) .action:nth-of-type(${n}) > p.body`;

/** Goal `g`'s title (the goal sections follow the operative part; nth-of-type counts sections). */
const goalTitle = (g: number) => `.declaration .goal:nth-of-type(${g}) > .goal_title`;

/** The text of an element, without colleagues' caret flags. */
function textAt(p: PersonPage, selector: string): Promise<string | null> {
  return p.page
    .locator(selector)
    .first()
    .evaluate((el) => {
      const copy = el.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('.remote-caret').forEach((caret) => caret.remove());
      return copy.textContent;
    });
}

/**
 * The stored document once `ready` holds for it: the save indicator can still read "All
 * changes saved" for a moment after a key, before the page has re-rendered it.
 */
async function storedOnce(documentId: string, ready: (doc: Node) => boolean): Promise<Node> {
  let last: Node | null = null;
  await expect
    .poll(async () => {
      last = await stored(documentId);
      return ready(last);
    }, POLL)
    .toBe(true);
  return last!;
}

/** Goal `g` of a stored document (1-based), failing when there is none. */
function storedGoal(doc: Node, g: number): Node {
  const goals: Node[] = [];
  doc.forEach((block) => {
    if (block.type.name === 'goal') goals.push(block);
  });
  const goal = goals[g - 1];
  if (!goal) throw new Error(`the stored document has ${goals.length} goals`);
  return goal;
}

/**
 * ED15 a link shows its target, a plain click keeps the document, Ctrl-click opens the target
 * in a new tab.
 */
async function linkBox(chair: PersonPage): Promise<void> {
  const link = chair.page.locator('.declaration a[href^="http"]').first();
  const href = await link.getAttribute('href');
  expect(href).toMatch(/^https:\/\//);
  expect(await link.getAttribute('title')).toContain(href!);
  // Nothing leaves the machine: the target answers from the test.
  await chair.context.route(
    (url) => url.href === href,
    (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: '<title>target</title>' }),
  );
  const documentUrl = chair.page.url();
  await link.click();
  const popup = chair.page.locator('.link-popup');
  await popup.waitFor({ state: 'visible' });
  expect(await popup.locator('a').getAttribute('href')).toBe(href);
  expect(chair.page.url()).toBe(documentUrl);
  expect(chair.context.pages()).toHaveLength(1);
  await expectAccessible(chair.page, 'the editor with a link box open');

  const opened = chair.context.waitForEvent('page');
  await link.click({ modifiers: ['Control'] });
  const tab = await opened;
  await tab.waitForURL((url) => url.href === href);
  expect(chair.page.url()).toBe(documentUrl);
  await tab.close();
}

/**
 * ED4 typing over a selection from the last preambular paragraph into OP1 keeps both, each of
 * its kind.
 */
async function selectionAcrossParts(chair: PersonPage): Promise<void> {
  const before = await stored('declaration');
  const count = (doc: Node, name: string) => {
    let n = 0;
    doc.forEach((b) => {
      if (b.type.name === name) n++;
    });
    return n;
  };
  const firstOperative = (doc: Node) => {
    let text = '';
    doc.forEach((b) => {
      if (!text && b.type.name === 'operative') text = b.child(0).textContent;
    });
    return text;
  };

  // From three characters into OP1, back over its start into the last preambular paragraph.
  await placeCaretAtStart(chair.page, OP1);
  for (let i = 0; i < 3; i++) await chair.page.keyboard.press('ArrowRight');
  for (let i = 0; i < 8; i++) await chair.page.keyboard.press('Shift+ArrowLeft');
  await syncSelection(chair.page);
  await chair.page.keyboard.type('X');
  const after = await storedOnce('declaration', (d) => d.textContent.includes('X'));
  expect(count(after, 'preambular')).toBe(count(before, 'preambular'));
  expect(count(after, 'operative')).toBe(count(before, 'operative'));
  // OP1 lost only its first three characters; the typing ended the preambular paragraph.
  expect(firstOperative(after)).toBe(firstOperative(before).slice(3));
  let lastPreambular = '';
  after.forEach((b) => {
    if (b.type.name === 'preambular') lastPreambular = b.textContent;
  });
  expect(lastPreambular.endsWith('X')).toBe(true);

  // Cutting such a selection (Ctrl-X) takes its text the same way: nothing merges.
  await placeCaretAtStart(chair.page, OP1);
  for (let i = 0; i < 2; i++) await chair.page.keyboard.press('ArrowRight');
  for (let i = 0; i < 4; i++) await chair.page.keyboard.press('Shift+ArrowLeft');
  await syncSelection(chair.page);
  await chair.page.keyboard.press('Control+x');
  const cut = await storedOnce('declaration', (d) => !d.textContent.includes('X'));
  expect(count(cut, 'preambular')).toBe(count(before, 'preambular'));
  expect(count(cut, 'operative')).toBe(count(before, 'operative'));
  expect(firstOperative(cut)).toBe(firstOperative(before).slice(5));
}

/** ED11 the structure toolbar names every command with its key, and runs it where the caret is. */
async function structureToolbar(chair: PersonPage): Promise<void> {
  const toolbar = chair.page.getByRole('toolbar', { name: 'Structure of the text' });
  await toolbar.waitFor();
  const titles = await toolbar
    .locator('button')
    .evaluateAll((els) =>
      els.map((el) => `${el.getAttribute('aria-label')}|${el.getAttribute('title')}`),
    );
  expect(titles).toContain(
    'New paragraph after this one|New paragraph after this one (Ctrl+Enter)',
  );
  expect(titles).toContain('Move this block up|Move this block up (Alt+↑)');
  // The Declaration has no goals: the goal commands are not offered there.
  expect(titles.filter((t) => /goal|action point/i.test(t))).toEqual([]);
  const before = await stored('declaration');
  let op1Id = '';
  let op2Id = '';
  before.forEach((b) => {
    if (b.type.name !== 'operative') return;
    if (!op1Id) op1Id = String(b.attrs.id);
    else if (!op2Id) op2Id = String(b.attrs.id);
  });

  // OP1 moves down with the keyboard (it keeps its id), then back up with the button.
  await placeCaretAtStart(chair.page, OP1);
  await chair.page.keyboard.press('Alt+ArrowDown');
  const operativeIds = (d: Node) => {
    const out: string[] = [];
    d.forEach((b) => {
      if (b.type.name === 'operative') out.push(String(b.attrs.id));
    });
    return out.slice(0, 2).join(' ');
  };
  await storedOnce('declaration', (d) => operativeIds(d) === `${op2Id} ${op1Id}`);
  await toolbar.getByRole('button', { name: 'Move this block up' }).click();
  await storedOnce('declaration', (d) => operativeIds(d) === `${op1Id} ${op2Id}`);

  // OP2 goes into OP1's list (Ctrl+]) and comes out again (Ctrl+[), keeping its id.
  await placeCaretAtStart(chair.page, OP1, 1);
  await chair.page.keyboard.press('Control+]');
  const inList = await storedOnce('declaration', (d) => !operativeIds(d).includes(op2Id));
  let op1Items: string[] = [];
  inList.forEach((b) => {
    if (String(b.attrs.id) !== op1Id) return;
    op1Items = [];
    b.lastChild?.forEach((item) => op1Items.push(String(item.attrs.id)));
  });
  // OP2's running text is an item of OP1 now, under its own id (its own items follow it).
  expect(op1Items).toContain(op2Id);
  await chair.page.keyboard.press('Control+[');
  await storedOnce('declaration', (d) => operativeIds(d) === `${op1Id} ${op2Id}`);

  // A footnote from the keyboard: the marker, then the caret in the new footnote's body.
  await placeCaretAtEnd(chair.page, OP1);
  await chair.page.keyboard.press('Control+Alt+f');
  await chair.page.keyboard.type('A new footnote.');
  const withNote = await storedOnce('declaration', (d) =>
    d.textContent.includes('A new footnote.'),
  );
  const notes: string[] = [];
  withNote.lastChild?.forEach((n) => notes.push(n.textContent));
  expect(notes).toContain('A new footnote.');
  await screenshot(chair.page, 'editor-toolbar');
}

/**
 * ED1 Backspace at the start of PP1 and OP1 merges nothing; Enter on an empty list item leaves
 * the list.
 */
async function backspaceAndEnter(chair: PersonPage): Promise<void> {
  const before = await stored('declaration');
  const kinds = (doc: Node) => {
    const out: string[] = [];
    doc.forEach((b) => out.push(`${b.type.name}:${String(b.attrs.id)}`));
    return out;
  };

  await placeCaretAtStart(chair.page, '.declaration .preambular > p.body');
  await chair.page.keyboard.press('Backspace');
  await placeCaretAtStart(chair.page, OP1);
  await chair.page.keyboard.press('Backspace');
  await chair.page.keyboard.type('[OP1] ');
  const afterBackspace = await storedOnce('declaration', (d) => d.textContent.includes('[OP1] '));
  expect(kinds(afterBackspace)).toEqual(kinds(before));

  // The first list of the declaration: Enter at the end of its last item, then Enter again
  // on the new empty item, then type: the text lands in a new operative paragraph.
  const items = chair.page.locator('.declaration .operative .list_item');
  const lastItem = await items.evaluateAll((els) => {
    const first = els[0]!;
    const list = first.parentElement!;
    return [...els].indexOf(list.lastElementChild as HTMLElement);
  });
  await placeCaretAtEnd(chair.page, '.declaration .operative .list_item', lastItem);
  await chair.page.keyboard.press('Enter');
  await chair.page.keyboard.press('Enter');
  await chair.page.keyboard.type('[after the list]');
  const afterEnter = await storedOnce('declaration', (d) =>
    d.textContent.includes('[after the list]'),
  );
  let found: Node | null = null;
  afterEnter.forEach((b) => {
    if (b.type.name === 'operative' && b.child(0).textContent === '[after the list]') found = b;
  });
  expect(found, 'a new operative paragraph holds the typing').not.toBeNull();
  const itemCount = (doc: Node) => {
    let n = 0;
    doc.descendants((x) => {
      if (x.type.name === 'list_item') n++;
      return true;
    });
    return n;
  };
  expect(itemCount(afterEnter)).toBe(itemCount(before));
  // Items print as negotiators print them.
  expect(await items.first().getAttribute('data-item')).toBe('(a)');
  expect(await chair.page.locator('.declaration .part-heading').textContent()).toBe(
    'Operative part',
  );
  await screenshot(chair.page, 'editor-structure');
}

describe('the editor keeps the declaration’s structure, in the browser', () => {
  it('ED1 Backspace at the start of action point 2.1 leaves Goal 2’s title intact', async () => {
    await startServer();
    const chair = await personOn('turkiye', 'call-for-action');
    const coChair = await personOn('hungary', 'call-for-action');
    const before = await stored('call-for-action');
    const goal2 = storedGoal(before, 2);
    const title = goal2.child(0).textContent;
    const first = goal2.child(1).child(0).textContent;
    const actions = goal2.childCount - 1;
    expect(title.length).toBeGreaterThan(0);
    expect(await textAt(chair, goalTitle(2))).toBe(title);
    await expectAccessible(chair.page, 'the editor, editable');

    // The Call for Action offers the goal commands, with their keys.
    expect(
      await chair.page
        .getByRole('button', { name: 'New action point after this one' })
        .getAttribute('aria-keyshortcuts'),
    ).toBe('Control+Shift+Enter');
    await placeCaretAtStart(chair.page, actionBody(2, 1));
    for (let i = 0; i < 3; i++) await chair.page.keyboard.press('Backspace');
    // The caret stayed at the start of 2.1: what is typed lands there.
    await chair.page.keyboard.type('[2.1] ');
    await storedOnce('call-for-action', (d) => d.textContent.includes('[2.1] '));

    // Another client received it: Goal 2's title is untouched, 2.1 starts with the typing.
    await expect.poll(() => textAt(coChair, actionBody(2, 1)), POLL).toBe(`[2.1] ${first}`);
    expect(await textAt(coChair, goalTitle(2))).toBe(title);
    // And the server stored exactly that: the same goal, title and number of action points.
    const after = storedGoal(await stored('call-for-action'), 2);
    expect(after.attrs.id).toBe(goal2.attrs.id);
    expect(after.child(0).textContent).toBe(title);
    expect(after.childCount - 1).toBe(actions);
    expect(after.child(1).attrs.id).toBe(goal2.child(1).attrs.id);
    expect(after.child(1).child(0).textContent).toBe(`[2.1] ${first}`);
    await screenshot(chair.page, 'editor-backspace-2-1');
  });

  it('ED10 a delegation given the Co-Chair role can type in its open document without reloading', async () => {
    await startServer();
    const germany = await person('germany', null);
    const relay = await relayCollab(germany.page);
    await openDeclaration(germany);
    const chair = await personOn('turkiye');
    expect(await germany.page.locator('.paper').getAttribute('data-editable')).toBe('false');
    expect(await germany.page.locator('.notice-readonly').count()).toBe(1);
    await expectAccessible(germany.page, 'the editor, read-only');
    // A mark on the page's window: a reload would lose it.
    await germany.page.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });

    // The Secretariat's request as its page sends it (no page of its own: a page load less).
    const server = running();
    const granted = await fetch(`${server.url}/api/admin/delegations/germany/roles`, {
      method: 'PUT',
      headers: {
        cookie: await signIn(server, 'icmpd'),
        'content-type': 'application/json',
        origin: server.url,
      },
      body: JSON.stringify({ roles: ['co-chair'] }),
    });
    expect(granted.status).toBe(200);

    await expect
      .poll(() => germany.page.locator('.paper').getAttribute('data-editable'), POLL)
      .toBe('true');
    await germany.page.locator('.notice-readonly').waitFor({ state: 'detached' });
    expect(await germany.page.locator('.notice-warning').textContent()).toContain(
      'you can now edit this text',
    );
    await expect
      .poll(() => germany.page.locator('.account .role-badge').allTextContents(), POLL)
      .toContain('Co-Chair');
    await placeCaretAtEnd(germany.page, OP1);
    await germany.page.keyboard.type(' [Germany, now Co-Chair]');
    await expect.poll(() => indicatorText(germany.page), POLL).toBe('All changes saved');
    await expect.poll(() => textAt(chair, OP1), POLL).toContain('[Germany, now Co-Chair]');
    expect(
      await germany.page.evaluate(
        () => (window as unknown as { notReloaded?: boolean }).notReloaded,
      ),
    ).toBe(true);
    expect(relay.connections).toBe(1);
    const doc = await stored('declaration');
    let op1 = '';
    doc.forEach((b) => {
      if (!op1 && b.type.name === 'operative') op1 = b.child(0).textContent;
    });
    expect(op1).toContain('[Germany, now Co-Chair]');
    await screenshot(germany.page, 'editor-co-chair-granted');
  });

  // One Chair on one declaration for the four: each starts from the text as it finds it (ED15
  // changes nothing, ED4 and ED1 compare with what they read first, ED11 puts back the
  // structure it moves), and a server and a page less each is seconds of npm test.
  it('ED15 ED4 ED11 ED1 the Chair follows a link, types over and cuts a selection across parts, runs the structure toolbar, and uses Backspace and Enter at block edges: the structure holds', async () => {
    await startServer();
    const chair = await personOn('turkiye');
    await linkBox(chair);
    await selectionAcrossParts(chair);
    await structureToolbar(chair);
    await backspaceAndEnter(chair);
  });
});
