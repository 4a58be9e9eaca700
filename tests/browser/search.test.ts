// The search page in a real headless Chromium: typing into the box shows
// suggestions from the autocomplete query in an accessible listbox, the
// arrow keys move through them (aria-activedescendant, aria-selected),
// Enter picks one and the results page for it opens; Escape closes.

import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { TestInstance } from '../helpers/instance.ts';
import { person, postNote, startWeb } from '../../plugins/web/tests/helpers.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

describe('search page in a browser', () => {
  let meadow: TestInstance;
  let browser: Browser;
  let page: Page;
  let base: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    meadow = await startWeb({ seed: false });
    const lin = await person(meadow, 'lin', { displayName: 'Lin', locale: 'en' });
    await postNote(meadow, lin, { title: 'Camping gear checklist', body: 'Tent and stove #camping' });
    await postNote(meadow, lin, { title: 'Camping with kids by the lake', body: 'Easy first trip #camping' });
    await meadow.kernel.worker.runUntilIdle();
    await meadow.app.listen({ port: 0, host: '127.0.0.1' });
    const address = meadow.app.server.address();
    if (!address || typeof address === 'string') throw new Error('the test instance is not listening on a TCP port');
    base = `http://127.0.0.1:${address.port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'en-US' });
    await context.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      if (url.origin === meadow.kernel.config.publicUrl) return route.continue({ url: base + url.pathname + url.search });
      if (url.hostname === '127.0.0.1' || url.protocol === 'data:') return route.continue();
      return route.abort('blockedbyclient');
    });
    page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await meadow?.close();
  });

  it('suggests as you type and picks a suggestion with the keyboard', async () => {
    await page.goto(`${base}/search`, { waitUntil: 'load' });
    const box = page.getByRole('combobox', { name: 'Search notes, people and topics' });
    await expect.poll(() => box.getAttribute('aria-expanded')).toBe('false');
    await box.pressSequentially('Camp', { delay: 30 });
    const listbox = page.getByRole('listbox', { name: 'Suggestions' });
    await expect.poll(() => listbox.isVisible(), { timeout: 5000 }).toBe(true);
    expect(await box.getAttribute('aria-expanded')).toBe('true');
    const options = page.getByRole('option');
    await expect.poll(() => options.count()).toBeGreaterThanOrEqual(2);
    const texts = await options.allInnerTexts();
    expect(texts.some((t) => t.startsWith('Camping gear checklist'))).toBe(true);

    await box.press('ArrowDown');
    const first = options.nth(0);
    expect(await first.getAttribute('aria-selected')).toBe('true');
    expect(await box.getAttribute('aria-activedescendant')).toBe(await first.getAttribute('id'));
    await box.press('ArrowDown');
    expect(await options.nth(1).getAttribute('aria-selected')).toBe('true');
    expect(await first.getAttribute('aria-selected')).toBe('false');
    const picked = (await options.nth(1).getAttribute('data-value'))!;

    await Promise.all([page.waitForURL((url) => url.pathname === '/search' && url.searchParams.get('q') === picked), box.press('Enter')]);
    expect(await page.inputValue('#search-q')).toBe(picked);
    await expect.poll(() => page.locator('li.card').count()).toBeGreaterThanOrEqual(1);
    expect(await page.locator('.search-count').innerText()).toContain(`match “${picked}”`);

    // Escape closes the list again.
    await page.locator('#search-q').fill('');
    await page.locator('#search-q').pressSequentially('Camping', { delay: 30 });
    await expect.poll(() => listbox.isVisible(), { timeout: 5000 }).toBe(true);
    await page.locator('#search-q').press('Escape');
    await expect.poll(() => listbox.isVisible()).toBe(false);
    expect(await page.locator('#search-q').getAttribute('aria-expanded')).toBe('false');
    expect(pageErrors).toEqual([]);
  });
});
