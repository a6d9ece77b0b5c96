import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { lazyPage } from '../../client/src/lazyPage.js';

/** A page that shows its prop, standing in for a real page's chunk. */
function Greeting({ name }: { name: string }) {
  return createElement('p', null, `page for ${name}`);
}

describe('lazyPage (issue 10: the workspace opens in under one second)', () => {
  it('draws the fallback until the code is loaded, and the page itself, without suspending, once preloaded', async () => {
    const load = vi.fn(() => Promise.resolve(Greeting));
    const Page = lazyPage(load, createElement('p', null, 'loading'));
    expect(renderToString(createElement(Page, { name: 'the Chair' }))).toBe('<p>loading</p>');
    await Page.preload();
    expect(renderToString(createElement(Page, { name: 'the Chair' }))).toBe(
      '<p>page for the Chair</p>',
    );
    await Page.preload();
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('tries the download again after it failed', async () => {
    const load = vi
      .fn<() => Promise<typeof Greeting>>()
      .mockRejectedValueOnce(new Error('offline'))
      .mockResolvedValueOnce(Greeting);
    const Page = lazyPage(load, null);
    await expect(Page.preload()).rejects.toThrow('offline');
    await expect(Page.preload()).resolves.toBe(Greeting);
    expect(load).toHaveBeenCalledTimes(2);
  });
});
