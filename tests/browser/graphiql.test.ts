// GraphiQL in a real headless Chromium: the page served at /graphql works
// offline (nothing is fetched from outside 127.0.0.1), the editor appears,
// and running `{ instance { name } }` shows the instance name.

import { mkdir } from 'node:fs/promises';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestInstance, type TestInstance } from '../helpers/instance.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOT = '.test-output/screenshots/graphiql.png';

describe('GraphiQL in a browser', () => {
  let meadow: TestInstance;
  let browser: Browser;
  let page: Page;
  let base: string;
  /** Every URL the page asked for; anything off 127.0.0.1 is blocked and listed here. */
  const requested: string[] = [];
  const outside: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    meadow = await startTestInstance({ config: { graphiql: true } });
    await meadow.app.listen({ port: 0, host: '127.0.0.1' });
    const address = meadow.app.server.address();
    if (!address || typeof address === 'string') throw new Error('the test instance is not listening on a TCP port');
    base = `http://127.0.0.1:${address.port}`;

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    // Routing on the context sees the page's requests and its workers'.
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.route('**/*', (route) => {
      const url = route.request().url();
      requested.push(url);
      const { protocol, hostname } = new URL(url);
      const local = ['data:', 'blob:'].includes(protocol) || hostname === '127.0.0.1';
      if (local) return route.continue();
      outside.push(url);
      return route.abort('blockedbyclient');
    });
    page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await meadow?.close();
  });

  it('serves the GraphiQL page to a browser asking for HTML', async () => {
    const res = await page.goto(`${base}/graphql`, { waitUntil: 'load' });
    expect(res?.status()).toBe(200);
    expect(res?.headers()['content-type']).toMatch(/text\/html/);
    expect(await page.title()).toBe('Meadow GraphQL');
  });

  it('shows the query editor', async () => {
    await page.locator('.graphiql-query-editor').first().waitFor({ state: 'visible', timeout: 20_000 });
    await page.locator('.graphiql-execute-button').first().waitFor({ state: 'visible' });
  });

  it('runs { instance { name } } and shows "Meadow" in the result pane', async () => {
    const editor = page.locator('.graphiql-query-editor').first();
    await editor.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Delete');
    // insertText, not type: the editor would auto-close typed braces.
    await page.keyboard.insertText('{ instance { name } }');
    await expect.poll(() => editor.innerText(), { timeout: 5_000 }).toContain('instance');

    await page.locator('.graphiql-execute-button').first().click();
    const response = page.locator('.graphiql-response').first();
    await expect.poll(() => response.innerText(), { timeout: 15_000 }).toMatch(/"name":\s*"Meadow"/);

    await mkdir('.test-output/screenshots', { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  });

  it('loaded everything from the instance itself (works offline)', () => {
    expect(requested).toContain(`${base}/graphql`);
    expect(outside, `GraphiQL tried to load from outside 127.0.0.1:\n${outside.join('\n')}`).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
