// The whole story of the web site in a real headless Chromium, through the
// site's own pages: sign up, set a profile picture, post a note with two
// images and a checklist, see it in the feed and on the profile; a second
// account likes and comments on it; a person on another Meadow follows the
// author through "follow from your own instance" and a new note arrives in
// their Following feed; the language switches to zh-CN; an admin changes
// the brand colour and logo and the site shows them. Screenshots of the
// feed, a note and a profile at phone and desktop widths are written to
// .test-output/screenshots/story-*.png for review.
//
// Both instances are real Meadows over HTTPS on 127.0.0.1 (federation needs
// HTTPS: WebFinger and actor lookups are https-only), with the suite's
// throwaway certificate. Chromium is told to accept exactly that
// certificate (--ignore-certificate-errors-spki-list pins its public key),
// not every certificate: the browser sees the same origins, cookies and
// secure-context rules as a visitor of a real instance, and any other
// broken certificate would still fail. Serving the browser a plain-HTTP
// side door instead would test a site at an address no federated URL names.

import { createHash, X509Certificate } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import sharp from 'sharp';
import { AccountsServiceRef, MediaServiceRef, localId, toGlobalId } from '../../core/index.ts';
import { settle, startTlsInstance, testCertificate, type TlsInstance } from '../federation/tls.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = '.test-output/screenshots';
const PASSWORD = 'Sunny-Ridge-51';
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

/** base64 SHA-256 of the certificate's SubjectPublicKeyInfo: what Chromium's SPKI allow-list takes. */
function spkiHash(pem: string): string {
  const der = new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('base64');
}

async function png(r: number, g: number, b: number, width = 160, height = 120): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r, g, b } } }).png().toBuffer();
}

describe('the web site story in a browser, across two instances', { timeout: 90_000 }, () => {
  let a: TlsInstance;
  let b: TlsInstance;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  let wen: Page; // the author, on A
  let ada: Page; // a second account on A
  let noteUrl = '';

  async function tab(): Promise<Page> {
    const context = await browser.newContext({ viewport: PHONE, locale: 'en-US' });
    contexts.push(context);
    // A step that cannot happen fails with what it waited for, before the test's own timeout.
    context.setDefaultTimeout(15_000);
    // Only the two instances are reachable: nothing leaves the machine.
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === '127.0.0.1' || url.protocol === 'data:' || url.protocol === 'blob:') return route.continue();
      return route.abort('blockedbyclient');
    });
    const page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(`${page.url()}: ${err.message}`));
    return page;
  }

  async function signUp(page: Page, instance: TlsInstance, handle: string, displayName: string) {
    await page.goto(`${instance.url}/signup`, { waitUntil: 'load' });
    await page.getByLabel('Handle', { exact: true }).fill(handle);
    await page.getByLabel('Display name').fill(displayName);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.waitForURL(`${instance.url}/`).catch(async (err) => {
      throw new Error(`${err.message}\nThe sign-up page said: ${await page.locator('main').innerText()}`);
    });
    await expect.poll(() => page.locator('header nav').innerText()).toContain('Sign out');
  }

  async function shoot(page: Page, name: string) {
    await page.setViewportSize(PHONE);
    await page.screenshot({ path: `${SHOTS}/story-${name}-phone.png`, fullPage: true });
    await page.setViewportSize(DESKTOP);
    await page.screenshot({ path: `${SHOTS}/story-${name}-desktop.png`, fullPage: true });
    await page.setViewportSize(PHONE);
  }

  beforeAll(async () => {
    a = await startTlsInstance({ discover: true });
    b = await startTlsInstance({ discover: true });
    await mkdir(SHOTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
        `--ignore-certificate-errors-spki-list=${spkiHash(testCertificate().cert)}`,
      ],
    });
    wen = await tab();
    ada = await tab();
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await a?.close();
    await b?.close();
  });

  it('signs up on instance A and sets a profile picture in the settings', async () => {
    await signUp(wen, a, 'wen', 'Wen');
    await wen.getByRole('link', { name: 'Settings' }).click();
    await wen.waitForURL(`${a.url}/settings`);
    expect(await wen.locator('.avatar-now img').count()).toBe(0);
    await wen.setInputFiles('#f-avatar', { name: 'me.png', mimeType: 'image/png', buffer: await png(240, 120, 40, 200, 200) });
    await wen.getByRole('button', { name: 'Upload' }).click();
    await expect.poll(() => wen.locator('section[aria-labelledby=settings-avatar] [role=status]').innerText()).toBe('Saved.');
    const avatar = wen.locator('.avatar-now img.avatar');
    await expect.poll(() => avatar.count()).toBe(1);
    // The picture is served and decodes in the browser.
    await expect.poll(() => avatar.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
  });

  it('posts a note with two images and a checklist from /compose, and sees it in the feed and on the profile', async () => {
    await wen.getByRole('link', { name: 'Post' }).click();
    await wen.waitForURL(`${a.url}/compose`);
    await wen.setInputFiles('#f-files', [
      { name: 'tent.png', mimeType: 'image/png', buffer: await png(30, 140, 70) },
      { name: 'lake.png', mimeType: 'image/png', buffer: await png(40, 90, 220) },
    ]);
    const thumbs = wen.locator('[data-thumbs] [data-thumb]');
    await expect.poll(() => thumbs.count(), { timeout: 15_000 }).toBe(2);
    await thumbs.nth(0).locator('[name=imageAlt]').fill('green tent by the trees');
    await thumbs.nth(1).locator('[name=imageAlt]').fill('blue lake at dawn');
    await wen.getByLabel('Title', { exact: true }).fill('Weekend camp kit');
    await wen.getByLabel('Text', { exact: true }).fill('What I pack for two nights #camping');
    await wen.getByText('Steps, checklist and pitfalls').click();
    const checklist = wen.locator('fieldset.block-editor').filter({ has: wen.locator('legend', { hasText: /^Checklist$/ }) });
    const items = checklist.getByPlaceholder('Item', { exact: true });
    await items.nth(0).fill('Tent');
    await items.nth(1).fill('Sleeping bag');
    await checklist.getByPlaceholder('Note', { exact: true }).nth(1).fill('rated to 0 °C');
    await wen.getByRole('button', { name: 'Publish' }).click();
    await wen.waitForURL(/\/notes\/\d+$/);
    noteUrl = wen.url();
    await expect.poll(() => wen.locator('h1#note-title').innerText()).toBe('Weekend camp kit');
    // Two images in the carousel, with the alt text typed; the checklist as a list.
    const slides = wen.locator('.carousel-slide img');
    expect(await slides.count()).toBe(2);
    expect(await slides.nth(0).getAttribute('alt')).toBe('green tent by the trees');
    expect(await slides.nth(1).getAttribute('alt')).toBe('blue lake at dawn');
    expect(await wen.locator('.block-checklist h2').innerText()).toBe('Checklist');
    const checked = (await wen.locator('.block-checklist li').allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
    expect(checked).toEqual(['✓ Tent', '✓ Sleeping bag rated to 0 °C']);

    // The discovery feed shows its card; opening the card opens the note.
    await wen.goto(`${a.url}/`, { waitUntil: 'load' });
    const card = wen.locator('li.card', { hasText: 'Weekend camp kit' });
    await expect.poll(() => card.count()).toBe(1);
    expect(await card.innerText()).toContain('Wen');
    await card.locator('a.card-link').click();
    await wen.waitForURL(noteUrl);

    // And the author's profile lists it, with the new picture.
    await wen.goto(`${a.url}/@wen`, { waitUntil: 'load' });
    await expect.poll(() => wen.locator('li.card', { hasText: 'Weekend camp kit' }).count()).toBe(1);
    expect(await wen.locator('.profile-head img.avatar').getAttribute('src')).toMatch(/\/media\//);
  });

  it('a second account likes the note and comments on it from the note page', async () => {
    await signUp(ada, a, 'ada', 'Ada');
    await ada.goto(noteUrl, { waitUntil: 'load' });
    const like = ada.locator('form[data-action=like] button');
    expect(await like.getAttribute('aria-pressed')).toBe('false');
    expect(await like.locator('[data-count]').innerText()).toBe('0');
    await like.click();
    await expect.poll(() => like.getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => like.locator('[data-count]').innerText()).toBe('1');

    await ada.getByLabel('Write a comment').fill('Which tent is that? Looks light.');
    await Promise.all([ada.waitForURL(/#comment-\d+$/), ada.getByRole('button', { name: 'Send', exact: true }).last().click()]);
    const comment = ada.locator('.comment-list > li.comment').first();
    await expect.poll(() => comment.locator('.comment-body').innerText()).toContain('Which tent is that? Looks light.');
    expect(await comment.locator('.comment-author').innerText()).toBe('Ada');
    expect(await ada.locator('#comments-title').innerText()).toBe('Comments (1)');
    // The like survived the reload the comment form made.
    expect(await like.getAttribute('aria-pressed')).toBe('true');

    // The author sees both on their note.
    await wen.goto(noteUrl, { waitUntil: 'load' });
    expect(await wen.locator('form[data-action=like] [data-count]').innerText()).toBe('1');
    expect(await wen.locator('.comment-list .comment-body').first().innerText()).toContain('Which tent is that?');
  });

  it('someone on instance B follows wen from wen\'s profile on A, and wen\'s next note arrives in their Following feed', async () => {
    const bo = await tab();
    await signUp(bo, b, 'boris', 'Boris');
    // Bo visits A's profile of wen (a stranger there) and uses "follow from your own instance".
    await bo.goto(`${a.url}/@wen`, { waitUntil: 'load' });
    await bo.getByText('Follow from your own instance').click();
    await bo.getByLabel('Your address, e.g. you@mastodon.social').fill(`boris@${b.host}`);
    await bo.getByRole('button', { name: 'Go', exact: true }).click();
    // A found B's confirmation page through WebFinger and sent Bo there.
    await bo.waitForURL((url) => url.origin === b.url && url.pathname === '/authorize_interaction');
    await expect.poll(() => bo.locator('h1').first().innerText()).toBe('Follow Wen');
    expect(await bo.locator('p.handle').first().innerText()).toBe(`@wen@${a.host}`);
    const confirmPage = bo.url();
    await Promise.all([
      bo.waitForResponse((res) => res.request().method() === 'POST' && res.url() === `${b.url}/authorize_interaction` && res.status() === 303),
      bo.getByRole('button', { name: 'Follow', exact: true }).click(),
    ]);
    // The Follow goes to A and A's Accept comes back through the job queues.
    await settle(a, b);
    await bo.goto(confirmPage, { waitUntil: 'load' });
    await expect.poll(() => bo.locator('p[role=status]').innerText()).toBe(`You follow @wen@${a.host}.`);
    expect(await bo.getByRole('button', { name: 'Unfollow', exact: true }).count()).toBe(1);
    // A accepted: wen has a follower from B.
    const wenOnA = await a.gql('query { account(handle: "wen") { followersCount } }');
    expect(wenOnA.data.account.followersCount).toBe(1);

    // Wen posts again on A, through /compose.
    await wen.goto(`${a.url}/compose`, { waitUntil: 'load' });
    await wen.setInputFiles('#f-files', [{ name: 'fire.png', mimeType: 'image/png', buffer: await png(230, 90, 20) }]);
    await expect.poll(() => wen.locator('[data-thumbs] [data-thumb]').count(), { timeout: 15_000 }).toBe(1);
    await wen.getByLabel('Title', { exact: true }).fill('Campfire bread');
    await wen.getByLabel('Text', { exact: true }).fill('Dough on a stick #camping');
    await wen.getByRole('button', { name: 'Publish' }).click();
    await wen.waitForURL(/\/notes\/\d+$/);

    // The Create travels A → B through the job queues; Bo's Following page shows it.
    const card = bo.locator('li.card', { hasText: 'Campfire bread' });
    const deadline = Date.now() + 20_000;
    for (;;) {
      await settle(a, b);
      await bo.goto(`${b.url}/following`, { waitUntil: 'load' });
      if ((await card.count()) === 1 || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(await card.count()).toBe(1);
    expect(await card.innerText()).toContain('Wen');
    // The card opens B's copy of the note.
    await card.locator('a.card-link').click();
    await expect.poll(() => bo.locator('h1#note-title').innerText()).toBe('Campfire bread');
    expect(new URL(bo.url()).origin).toBe(b.url);
  });

  it('switches the language with the footer switcher and shows zh-CN strings', async () => {
    await wen.goto(`${a.url}/`, { waitUntil: 'load' });
    expect(await wen.locator('html').getAttribute('lang')).toBe('en');
    await wen.getByLabel('Language').selectOption('zh-CN');
    await Promise.all([wen.waitForURL(`${a.url}/`), wen.getByRole('button', { name: 'Change' }).click()]);
    await expect.poll(() => wen.locator('html').getAttribute('lang')).toBe('zh-CN');
    const nav = await wen.locator('header nav').innerText();
    expect(nav).toContain('发现');
    expect(nav).toContain('发布');
    expect(await wen.getByRole('button', { name: '切换' }).count()).toBe(1);
    // It is the account's setting now: another page keeps it.
    await wen.goto(noteUrl, { waitUntil: 'load' });
    expect(await wen.locator('#comments-title').innerText()).toBe('评论（1）');
  });

  it('an admin changes the brand colour and logo on /admin and the site shows them', async () => {
    // Making wen an admin is operator set-up (`meadow` CLI or an existing admin), not part of the story.
    const accounts = a.kernel.contextOf('accounts').services.get(AccountsServiceRef);
    const wenId = (await a.gql('query { account(handle: "wen") { id } }')).data.account.id as string;
    await accounts.setRole(localId(wenId, 'Account'), 'admin');
    const media = a.kernel.contextOf('media').services.get(MediaServiceRef);
    const logo = await media.upload(localId(wenId, 'Account'), await png(20, 160, 120, 64, 64), { alt: 'logo' });
    const logoUrl = (await a.gql(`query($id: ID!) { media(id: $id) { url } }`, { id: toGlobalId('Media', logo.id) })).data.media.url as string;
    expect(logoUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/media\//);

    // Back to English for the admin forms' labels.
    await wen.getByLabel('语言').selectOption('en');
    await Promise.all([wen.waitForNavigation(), wen.getByRole('button', { name: '切换' }).click()]);
    await wen.getByRole('link', { name: 'Admin' }).click();
    await wen.waitForURL(`${a.url}/admin/branding`);
    await wen.getByLabel('Brand colour').fill('#0055aa');
    await wen.getByLabel('Logo URL').fill(logoUrl);
    await Promise.all([wen.waitForURL(`${a.url}/admin/branding?saved=1`), wen.getByRole('button', { name: 'Save' }).click()]);

    // Every page (and every visitor) gets the new theme and logo.
    const visitor = await tab();
    await visitor.goto(`${a.url}/`, { waitUntil: 'load' });
    const brand = await visitor.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--brand').trim());
    expect(brand).toBe('#0055aa');
    const logoImg = visitor.locator('header a.brand img');
    expect(await logoImg.getAttribute('src')).toBe(logoUrl);
    await expect.poll(() => logoImg.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(64);
    expect(await visitor.locator('meta[name=theme-color]').getAttribute('content')).toBe('#0055aa');
  });

  it('writes screenshots of the feed, a note and a profile at phone and desktop widths', async () => {
    const visitor = await tab();
    await visitor.goto(`${a.url}/`, { waitUntil: 'load' });
    await expect.poll(() => visitor.locator('li.card').count()).toBeGreaterThanOrEqual(2);
    await shoot(visitor, 'feed');
    await visitor.goto(noteUrl, { waitUntil: 'load' });
    await expect.poll(() => visitor.locator('.carousel-slide img').first().evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    await shoot(visitor, 'note');
    await visitor.goto(`${a.url}/@wen`, { waitUntil: 'load' });
    await shoot(visitor, 'profile');
    expect(pageErrors).toEqual([]);
  });
});
