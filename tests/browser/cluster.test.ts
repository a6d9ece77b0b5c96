import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import {
  OP1,
  POLL,
  builtClientDir,
  expectAccessible,
  indicatorText,
  launchBrowser,
  openPerson,
  placeCaretAtEnd,
  signInThroughPage,
  type PersonPage,
} from '../helpers/browser.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';
import { ClusterNode, TestRedis } from '../helpers/cluster.js';

// CL1 in Chromium: two people in two browsers, each on a different Accord process of one
// cluster (one PostgreSQL, one Redis), negotiate on the same text.

let db: TestDatabase;
let redis: TestRedis;
let a: ClusterNode;
let b: ClusterNode;
let browser: Browser;
const people: PersonPage[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  redis = await TestRedis.start();
  const clientDir = builtClientDir();
  a = await ClusterNode.start(db.url, redis.url, [], { clientDir });
  b = await ClusterNode.start(db.url, redis.url, [], { clientDir });
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const p of people) await p.context.close();
  await browser?.close();
  await a?.server.close();
  await b?.server.close();
  await redis?.kill();
  await db?.drop();
});

/** A person signed in through the sign-in page of `node`, on the declaration. */
async function personOn(node: ClusterNode, username: string): Promise<PersonPage> {
  const p = await openPerson(browser);
  people.push(p);
  await signInThroughPage(p.page, node.server.url, username, { path: '/d/declaration' });
  await p.page.locator(OP1).first().waitFor({ timeout: 20_000 });
  return p;
}

describe('two browsers on two processes', () => {
  it('CL1 the Chair types on process A and Germany, reading on process B, sees it live', async () => {
    const chair = await personOn(a, 'turkiye');
    const germany = await personOn(b, 'germany');
    const typed = ' Typed on A, read on B.';
    await placeCaretAtEnd(chair.page, OP1, 0);
    await chair.page.keyboard.type(typed);
    await expect.poll(() => indicatorText(chair.page), POLL).toBe('All changes saved');
    await expect
      .poll(() => germany.page.locator(OP1).first().textContent(), POLL)
      .toContain('Typed on A, read on B.');
    // The Chair's presence crosses too: B shows the Chair among the people on the text.
    await expect
      .poll(() => germany.page.getByText('Delegate of Türkiye').count(), POLL)
      .toBeGreaterThan(0);
    await expectAccessible(germany.page, 'the declaration on process B');
    for (const p of people) expect(p.errors, 'errors in the page').toEqual([]);
  });
});
