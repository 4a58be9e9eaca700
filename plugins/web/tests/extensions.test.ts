// The web plugin's extension hooks, used by a plugin as any third-party
// plugin would (it imports plugins/web/contracts.ts only): a page with a
// form action, a navigation entry, a section under a note and a line on
// its card. Also the renderer's escaping rules and the string tables.

import { afterAll, describe, expect, it } from 'vitest';
import { NotificationsServiceRef, PLUGIN_API_VERSION, definePlugin, filter, localId } from '../../../core/index.ts';
import { WebCardSections, WebCommentActions, WebNav, WebNoteSections, WebNotificationTexts, WebPages, WebProfileActions, html, raw, safeUrl, webPage } from '../contracts.ts';
import { en } from '../i18n/en.ts';
import { zhCN } from '../i18n/zh-CN.ts';
import { chooseLocale, fromAcceptLanguage, translator } from '../i18n/index.ts';
import { brandText, contrast, themeCss } from '../render/layout.ts';
import { startTestInstance } from '../../../tests/helpers/instance.ts';
import { browse, person, postNote, submit } from './helpers.ts';

const shop = definePlugin({
  name: 'shopfront',
  apiVersion: PLUGIN_API_VERSION,
  dependsOn: ['web'],
  hooks: [
    filter(WebPages, (pages) => [
      ...pages,
      webPage({
        path: '/shop/:slug',
        plugin: 'shopfront',
        render: async (page) =>
          page.params.slug === 'missing'
            ? null
            : { title: page.text({ en: 'Shop', 'zh-CN': '商店' }), body: html`<h1>${page.text({ en: 'Shop', 'zh-CN': '商店' })}: ${page.params.slug}</h1><p>${page.viewer ? page.viewer.handle : 'guest'}</p>` },
        action: async (_page, form) => ({ redirect: `/shop/${encodeURIComponent(form.get('slug') ?? 'none')}`, status: 303 }),
      }),
    ]),
    filter(WebNav, (entries, { locale }) => [...entries, { id: 'shop', href: '/shop/all', label: locale === 'en' ? 'Shop' : '商店', order: 50 }]),
    filter(WebNoteSections, (sections, { note }) => [...sections, { id: 'product', position: 'after-body' as const, html: html`<p class="product">Product for ${note.title}</p>` }]),
    filter(WebCardSections, (lines, { note }) => [...lines, html`<span class="price">¥${note.localId * 10}</span>`]),
    filter(WebCommentActions, (items, { comment }) => [...items, html`<a class="ask" href="/shop/ask?about=${comment.id}">Ask @${comment.authorHandle} about note ${comment.note.localId}</a>`]),
    filter(WebNotificationTexts, (current, { notification: n, page }) => (n.kind === 'order-shipped'
      ? { text: page.text({ en: `${n.actorName} shipped order ${String(n.data.order)}`, 'zh-CN': `${n.actorName} 已发货` }), href: `/shop/orders/${String(n.data.order)}`, excerpt: 'Tracking <b>42</b>' }
      : current)),
    filter(WebProfileActions, (items, { account, page }) => (page.viewer ? [...items, html`<a class="shop-of" href="/shop/${account.handle}">Shop of ${account.handle}${account.domain ? ` on ${account.domain}` : ''}</a>`] : items)),
  ],
});

describe('web: extension hooks', async () => {
  const meadow = await startTestInstance({ discover: true, plugins: [shop] });
  afterAll(() => meadow.close());
  const lin = await person(meadow, 'lin', { locale: 'en' });
  const note = await postNote(meadow, lin, { title: 'Tent <review>', body: 'good' });

  it('serves a page a plugin registers, with its params, the viewer and the site layout', async () => {
    const res = await browse(meadow, '/shop/tents', { 'accept-language': 'en' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1>Shop: tents</h1><p>guest</p>');
    expect(res.body).toContain('<title>Shop · Meadow</title>');
    expect(res.body).toContain('<a class="skip-link" href="#main">');
    expect((await browse(meadow, '/shop/tents', { cookie: lin.cookie })).body).toContain('<p>lin</p>');
    expect((await browse(meadow, '/shop/missing')).statusCode).toBe(404);
    const posted = await submit(meadow, '/shop/tents', { slug: 'lamps' });
    expect(posted.statusCode).toBe(303);
    expect(posted.headers.location).toBe('/shop/lamps');
  });

  it('adds navigation entries in order and in the page language', async () => {
    const res = await browse(meadow, '/', { 'accept-language': 'en' });
    expect(res.body).toMatch(/<li><a href="\/" aria-current="page">Discover<\/a><\/li><li><a href="\/shop\/all">Shop<\/a><\/li>/);
    expect((await browse(meadow, '/', { 'accept-language': 'zh-CN' })).body).toContain('<a href="/shop/all">商店</a>');
  });

  it('adds sections under a note and lines on its card', async () => {
    const page = await browse(meadow, `/notes/${note.number}`);
    expect(page.body).toContain('<div class="section" data-section="product"><p class="product">Product for Tent &lt;review&gt;</p></div>');
    const feed = await browse(meadow, '/');
    expect(feed.body).toContain(`<div class="card-extra"><span class="price">¥${note.number * 10}</span></div>`);
  });

  it('adds actions under each comment and reply, and on profiles', async () => {
    const sam = await person(meadow, 'sam');
    const top = await meadow.gql('mutation($n: ID!) { addComment(noteId: $n, body: "Is it waterproof?") { id } }', { n: note.id }, { token: sam.token });
    const reply = await meadow.gql('mutation($n: ID!, $p: ID!) { addComment(noteId: $n, body: "Yes", replyTo: $p) { id } }', { n: note.id, p: top.data.addComment.id }, { token: lin.token });
    expect(reply.errors).toBeUndefined();
    const page = await browse(meadow, `/notes/${note.number}`);
    expect(page.body).toContain(`<footer class="comment-actions"><a class="ask" href="/shop/ask?about=${top.data.addComment.id}">Ask @sam about note ${note.number}</a></footer>`);
    expect(page.body).toContain(`<a class="ask" href="/shop/ask?about=${reply.data.addComment.id}">Ask @lin about note ${note.number}</a>`);
    // The profile's actions come with the viewer: this one is for signed-in people only.
    // Inside the profile's actions (other plugins' actions, like trust's Report link, may follow it).
    expect((await browse(meadow, '/@lin', { cookie: sam.cookie })).body).toMatch(/<div class="profile-actions">(?:(?!<\/section>)[^])*<a class="shop-of" href="\/shop\/lin">Shop of lin<\/a>/);
    expect((await browse(meadow, '/@lin')).body).not.toContain('Shop of lin');
  });

  it('lets a plugin word its own kind of notification and say where it leads', async () => {
    const kim = await person(meadow, 'kim', { locale: 'en', displayName: 'Kim' });
    const notifications = meadow.kernel.contextOf('shopfront').services.get(NotificationsServiceRef);
    await notifications.notify({ accountId: localId(lin.id, 'Account'), kind: 'order-shipped', actorId: localId(kim.id, 'Account'), subject: null, data: { order: 7 } });
    await notifications.notify({ accountId: localId(lin.id, 'Account'), kind: 'order-lost', actorId: localId(kim.id, 'Account'), subject: null, data: {} });
    const page = await browse(meadow, '/notifications', { cookie: lin.cookie });
    expect(page.body).toContain('<a href="/shop/orders/7">Kim shipped order 7</a>');
    expect(page.body).toContain('<p class="notification-excerpt">Tracking &lt;b&gt;42&lt;/b&gt;</p>');
    // A kind nobody words keeps the generic line, linking to who did it.
    expect(page.body).toContain('<a href="/@kim">Kim did something that concerns you</a>');
    const id = /data-id="([^"]+)"/.exec(page.body)![1]!;
    expect((await browse(meadow, `/notifications/item/${id}`, { cookie: lin.cookie })).body).toContain('Kim did something that concerns you');
  });

  it('stops serving a plugin page when the plugin is switched off', async () => {
    await meadow.kernel.state.setEnabled('shopfront', false);
    expect((await browse(meadow, '/shop/tents')).statusCode).toBe(404);
    expect((await browse(meadow, '/')).body).not.toContain('/shop/all');
    await meadow.kernel.state.setEnabled('shopfront', true);
    expect((await browse(meadow, '/shop/tents')).statusCode).toBe(200);
  });
});

describe('web: renderer and strings', () => {
  it('escapes every interpolation and keeps only raw() as it is', () => {
    const hostile = `<script>alert("x")</script>'&\``;
    expect(html`<p title="${hostile}">${hostile}</p>`.value).toBe('<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;&amp;&#96;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;&amp;&#96;</p>');
    expect(html`<div>${raw('<b>ok</b>')}${[html`<i>${'<'}</i>`, null, false, 3]}</div>`.value).toBe('<div><b>ok</b><i>&lt;</i>3</div>');
  });

  it('lets only http(s), mailto and same-site URLs into links', () => {
    expect(safeUrl('javascript:alert(1)')).toBe('#');
    expect(safeUrl(' JaVaScRiPt:alert(1)')).toBe('#');
    expect(safeUrl('data:text/html,<script>')).toBe('#');
    expect(safeUrl('//evil.example/x')).toBe('#');
    expect(safeUrl('/\\evil.example')).toBe('#');
    expect(safeUrl('/notes/1')).toBe('/notes/1');
    expect(safeUrl('https://example.com/a b')).toBe('https://example.com/a%20b');
    expect(safeUrl('mailto:a@example.com')).toBe('mailto:a@example.com');
  });

  it('has every string in both languages, with the same placeholders', () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      const names = (s: string) => [...new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();
      expect(names(zhCN[key]), key).toEqual(names(en[key]));
      expect(zhCN[key].trim(), key).not.toBe('');
    }
  });

  it('picks English plural forms by count; Chinese has one form', () => {
    expect(translator('en')('note.likes', { count: 1 })).toBe('1 like');
    expect(translator('en')('note.likes', { count: 0 })).toBe('0 likes');
    expect(translator('en')('note.likes', { count: 12 })).toBe('12 likes');
    expect(translator('zh-CN')('note.likes', { count: 1 })).not.toContain('|');
  });

  it('chooses the language by account, cookie, Accept-Language, instance default', () => {
    expect(fromAcceptLanguage('fr;q=1, en-US;q=0.8, zh;q=0.9')).toBe('zh-CN');
    expect(fromAcceptLanguage('de, fr')).toBeNull();
    expect(chooseLocale({ account: 'en', cookie: 'zh-CN', acceptLanguage: 'zh', instanceDefault: 'zh-CN' })).toBe('en');
    expect(chooseLocale({ cookie: 'en', acceptLanguage: 'zh', instanceDefault: 'zh-CN' })).toBe('en');
    expect(chooseLocale({ acceptLanguage: 'de', instanceDefault: 'en' })).toBe('en');
  });

  it('turns brand colours into custom properties with readable text colours (WCAG AA)', () => {
    const css = themeCss({ primary: '#ff2442', accent: '#333333', background: '#ffffff' });
    expect(css).toContain('--brand:#ff2442;');
    const text = /--brand-text:(#[0-9a-f]{6})/.exec(css)![1]!;
    expect(contrast(text, '#ffffff')).toBeGreaterThanOrEqual(4.5);
    expect(contrast(brandText('#ffe600', '#111111'), '#111111')).toBeGreaterThanOrEqual(4.5);
    // Anything not #rrggbb never reaches the <style> element.
    expect(themeCss({ primary: 'red;}</style><script>', accent: '#333333', background: '#ffffff' })).toContain('--brand:#ff2442;');
  });
});
