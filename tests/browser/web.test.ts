// The web front end in a real headless Chromium: the discovery feed loads
// more cards as it is scrolled (infinite scroll over the plain "more"
// link), a note opens, and its image carousel moves with the keyboard.
// Records the JavaScript a first view of the discovery page downloads.

import { mkdir } from 'node:fs/promises';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import sharp from 'sharp';
import type { TestInstance } from '../helpers/instance.ts';
import { person, postNote, startWeb } from '../../plugins/web/tests/helpers.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = '.test-output/screenshots';

describe('web front end in a browser', () => {
  let meadow: TestInstance;
  let browser: Browser;
  let page: Page;
  let base: string;
  const pageErrors: string[] = [];
  const scripts = new Map<string, number>();
  let carouselNote = 0;

  beforeAll(async () => {
    meadow = await startWeb({ seed: false });
    const lin = await person(meadow, 'lin', { displayName: 'Lin', locale: 'en' });
    // More than one page (20) of notes, and one with three pictures.
    for (let i = 1; i <= 26; i++) await postNote(meadow, lin, { title: `Trail notes ${i}`, body: `Day ${i} #hiking` });
    carouselNote = (await postNote(meadow, lin, { title: 'Three views from the ridge', body: 'Swipe through #hiking', images: 3 })).number;
    await meadow.app.listen({ port: 0, host: '127.0.0.1' });
    const address = meadow.app.server.address();
    if (!address || typeof address === 'string') throw new Error('the test instance is not listening on a TCP port');
    base = `http://127.0.0.1:${address.port}`;

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'en-US' });
    // Everything is served by the instance: the page's absolute media URLs name
    // the configured public URL, so route those to the listening port.
    await context.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      if (url.origin === meadow.kernel.config.publicUrl) return route.continue({ url: base + url.pathname + url.search });
      if (url.hostname === '127.0.0.1' || url.protocol === 'data:') return route.continue();
      return route.abort('blockedbyclient');
    });
    page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
    page.on('response', async (res) => {
      if (res.request().resourceType() === 'script') scripts.set(res.url(), (await res.body()).length);
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await meadow?.close();
  });

  it('shows the discovery feed with a page of cards and loads more when scrolled to the end', async () => {
    await page.goto(`${base}/`, { waitUntil: 'load' });
    expect(await page.title()).toBe('Meadow');
    const cards = page.locator('li.card');
    await expect.poll(() => cards.count()).toBe(20);
    const firstViewJs = [...scripts.values()].reduce((a, b) => a + b, 0);
    console.log(`web: JavaScript on a first view of the discovery page: ${firstViewJs} bytes in ${scripts.size} file(s)`);
    expect(firstViewJs).toBeGreaterThan(0);
    expect(firstViewJs).toBeLessThan(15_000);
    await mkdir(SHOTS, { recursive: true });
    await page.screenshot({ path: `${SHOTS}/web-feed-phone.png` });

    await page.locator('[data-more]').scrollIntoViewIfNeeded();
    await page.mouse.wheel(0, 20_000);
    await expect.poll(() => cards.count(), { timeout: 10_000 }).toBe(27);
    // The URL stayed; the last page says there is nothing more.
    expect(new URL(page.url()).pathname).toBe('/');
    await expect.poll(() => page.locator('.pager').last().innerText()).toContain('You have seen every note for now.');
  });

  it('opens a note from its card and moves through the carousel with the keyboard', async () => {
    await page.locator('li.card a.card-link', { hasText: 'Three views from the ridge' }).click();
    await page.waitForURL(`${base}/notes/${carouselNote}`);
    await expect.poll(() => page.locator('h1#note-title').innerText()).toBe('Three views from the ridge');
    const track = page.locator('.carousel-track');
    const counter = page.locator('[data-current]');
    expect(await counter.innerText()).toBe('1');
    await track.focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => counter.innerText()).toBe('2');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => counter.innerText()).toBe('3');
    await expect.poll(() => page.locator('.carousel-next').isDisabled()).toBe(true);
    await page.keyboard.press('Home');
    await expect.poll(() => counter.innerText()).toBe('1');
    // The buttons the island added have names, and the slides alt text.
    expect(await page.locator('.carousel-next').getAttribute('aria-label')).toBe('Next image');
    expect(await page.locator('.carousel-slide img').first().getAttribute('alt')).toBe('picture 1 of the note');
    await page.screenshot({ path: `${SHOTS}/web-note-phone.png` });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: `${SHOTS}/web-note-desktop.png` });
  });

  it('shows the profile and keyboard users reach the content through the skip link', async () => {
    await page.goto(`${base}/@lin`, { waitUntil: 'load' });
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    await page.screenshot({ path: `${SHOTS}/web-profile-desktop.png` });
    expect(pageErrors).toEqual([]);
  });

  it('signs up, posts a note with two images (uploaded, previewed, reordered, cover picked) and sees it on the profile', async () => {
    const context = page.context();
    const fresh = await context.browser()!.newContext({ viewport: { width: 360, height: 740 }, locale: 'en-US' });
    await fresh.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      if (url.origin === meadow.kernel.config.publicUrl) return route.continue({ url: base + url.pathname + url.search });
      if (url.hostname === '127.0.0.1' || url.protocol === 'data:' || url.protocol === 'blob:') return route.continue();
      return route.abort('blockedbyclient');
    });
    const tab = await fresh.newPage();
    const errors: string[] = [];
    tab.on('pageerror', (err) => errors.push(err.message));
    const composeScripts = new Map<string, number>();
    tab.on('response', async (res) => {
      if (res.request().resourceType() === 'script') composeScripts.set(res.url(), (await res.body()).length);
    });

    await tab.goto(`${base}/signup`, { waitUntil: 'load' });
    await tab.getByLabel('Handle', { exact: true }).fill('wen');
    await tab.getByLabel('Display name').fill('Wen');
    await tab.getByLabel('Password', { exact: true }).fill('Sunny-Ridge-51');
    await tab.getByRole('button', { name: 'Sign up' }).click();
    await tab.waitForURL(`${base}/`);
    await expect.poll(() => tab.locator('header nav').innerText()).toContain('Sign out');

    await tab.getByRole('link', { name: 'Post' }).click();
    await tab.waitForURL(`${base}/compose`);
    const composeJs = () => [...composeScripts].filter(([url]) => url.includes('/compose.')).reduce((a, [, n]) => a + n, 0);
    await expect.poll(composeJs).toBeGreaterThan(0);
    console.log(`web: compose island (compose.js): ${composeJs()} bytes`);
    const picture = async (r: number) => ({ name: `p${r}.jpg`, mimeType: 'image/jpeg', buffer: await sharp({ create: { width: 120, height: 90, channels: 3, background: { r, g: 140, b: 60 } } }).jpeg().toBuffer() });
    await tab.setInputFiles('#f-files', [await picture(20), await picture(230)]);
    const thumbs = tab.locator('[data-thumbs] [data-thumb]');
    await expect.poll(() => thumbs.count(), { timeout: 10_000 }).toBe(2);
    // Uploaded: the file input is empty again, so the form sends only media ids.
    expect(await tab.locator('#f-files').evaluate((el) => (el as HTMLInputElement).files?.length)).toBe(0);
    const first = await thumbs.nth(0).locator('[name=image]').inputValue();
    const second = await thumbs.nth(1).locator('[name=image]').inputValue();
    await thumbs.nth(1).getByRole('button', { name: 'Move earlier' }).click();
    expect(await thumbs.nth(0).locator('[name=image]').inputValue()).toBe(second);
    await thumbs.nth(0).locator('[name=imageAlt]').fill('green field at noon');
    await thumbs.nth(1).getByLabel('Cover').check();
    await tab.screenshot({ path: `${SHOTS}/web-compose-phone.png`, fullPage: true });
    await tab.getByLabel('Title', { exact: true }).fill('Ridge picnic');
    await tab.getByLabel('Text', { exact: true }).fill('Two views #picnic');
    await tab.getByRole('button', { name: 'Publish' }).click();
    await tab.waitForURL(/\/notes\/\d+$/);
    await expect.poll(() => tab.locator('h1#note-title').innerText()).toBe('Ridge picnic');
    expect(await tab.locator('.carousel-slide img').first().getAttribute('alt')).toBe('green field at noon');

    await tab.goto(`${base}/@wen`, { waitUntil: 'load' });
    const card = tab.locator('li.card', { hasText: 'Ridge picnic' });
    await expect.poll(() => card.count()).toBe(1);
    // The cover picked in the form is the card's image.
    const coverSrc = await card.locator('img.card-cover').getAttribute('src');
    const coverUrl = (await meadow.gql(`query($id: ID!) { media(id: $id) { url(variant: small) } }`, { id: first })).data.media.url;
    expect(coverSrc).toBe(coverUrl);
    await tab.screenshot({ path: `${SHOTS}/web-profile-after-post-phone.png` });
    expect(errors).toEqual([]);
    await fresh.close();
  });
});
