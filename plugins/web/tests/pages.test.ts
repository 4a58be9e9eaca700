// The public pages on a real instance with the demo data: discovery feed,
// note page, profile, topic and community pages, content negotiation on
// the federated URLs, feeds, manifest and the 404 page.

import { afterAll, describe, expect, it } from 'vitest';
import { browse, startWeb } from './helpers.ts';

describe('web: public pages', async () => {
  const meadow = await startWeb();
  afterAll(() => meadow.close());

  const noteNumbers = async () => {
    const res = await browse(meadow, '/');
    return [...new Set([...res.body.matchAll(/href="\/notes\/(\d+)"/g)].map((m) => m[1]!))];
  };

  it('serves the discovery feed as a grid of note cards with cover size, alt text, title, author and likes', async () => {
    const res = await browse(meadow, '/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    const cards = res.body.match(/<li class="card">/g) ?? [];
    expect(cards.length).toBeGreaterThanOrEqual(7);
    expect(res.body).toMatch(/<img class="card-cover" src="[^"]+"[^>]* width="\d+" height="\d+" alt="第一次露营，装备清单照着带就行 \(1\)"/);
    // Card titles are h2 right under the page's h1 (no skipped level).
    expect(res.body).toContain('>第一次露营，装备清单照着带就行</h2>');
    expect(res.body).not.toContain('<h3 class="card-title"');
    expect(res.body).toMatch(/href="\/@chen_hiking"[^>]*>.*<span>陈大山<\/span>/);
    expect(res.body).toMatch(/<span class="card-likes"><span aria-hidden="true">♥ (\d+)<\/span><span class="visually-hidden">\1 赞<\/span>/);
    // Landmarks and the skip link.
    expect(res.body).toContain('<a class="skip-link" href="#main">');
    expect(res.body).toContain('<main id="main"');
    expect(res.body).toMatch(/<nav aria-label="主导航">/);
    expect(res.body).toContain('<footer class="site-footer">');
  });

  it('gives HTML to a browser and ActivityStreams JSON to a server at the same /notes/{n} URL', async () => {
    const [n] = await noteNumbers();
    const html = await browse(meadow, `/notes/${n}`);
    expect(html.statusCode).toBe(200);
    expect(html.headers['content-type']).toMatch(/text\/html/);
    expect(html.body).toContain('<h1 id="note-title">');
    const json = await meadow.app.inject({ method: 'GET', url: `/notes/${n}`, headers: { accept: 'application/activity+json' } });
    expect(json.statusCode).toBe(200);
    expect(json.headers['content-type']).toMatch(/application\/activity\+json/);
    expect(json.json().type).toBe('Note');
    expect(json.json().id).toBe(`${meadow.kernel.config.publicUrl}/notes/${n}`);
  });

  it('renders a note with a carousel of images with alt text, blocks as steps/checklists/pitfalls, hashtags to topics and threaded comments', async () => {
    const res = await browse(meadow, '/');
    const camping = /href="\/notes\/(\d+)"><img[^>]*alt="第一次露营/.exec(res.body)![1];
    const page = await browse(meadow, `/notes/${camping}`);
    const body = page.body;
    expect(body).toContain('aria-roledescription="carousel"');
    expect(body).toMatch(/<li class="carousel-slide" id="image-1" aria-roledescription="slide" aria-label="第 1 张，共 \d 张"><img [^>]*alt="第一次露营，装备清单照着带就行 \(1\)"/);
    expect(body).toContain('<section class="block block-checklist"');
    expect(body).toContain('<strong>帐篷</strong> <span class="item-note">三季帐足够，注意防水指数</span>');
    expect(body).toContain('<a href="https://example.com/headlamp" rel="nofollow noopener noreferrer ugc">头灯</a>');
    expect(body).toContain('<section class="block block-pitfalls"');
    expect(body).toContain('别在河滩扎营</p><p class="pitfall-reason">原因：上游下雨时夜里可能涨水</p>');
    expect(body).toMatch(/<a href="\/tags\/%E9%9C%B2%E8%90%A5" rel="tag">#露营<\/a>/);
    expect(body).toMatch(/<h2 id="comments-title">评论（2）<\/h2>/);
    expect(body).toMatch(/<ul class="replies"[^>]*><li class="comment" id="comment-\d+">/);
    // Open Graph for link previews.
    expect(body).toContain('<meta property="og:type" content="article">');
    expect(body).toContain('<meta property="og:title" content="第一次露营，装备清单照着带就行">');
    expect(body).toMatch(/<meta property="og:image" content="http:\/\/127\.0\.0\.1:3000\/media\/files\/[^"]+">/);
    expect(body).toContain('<meta name="twitter:card" content="summary_large_image">');
    // Signed out: counts and a hint, no forms that would fail.
    expect(body).toContain('登录后可以点赞、收藏和评论。');
    expect(body).not.toContain('action="/actions/like"');
  });

  it('redirects browsers from actor and comment URLs to the pages their documents name', async () => {
    const [n] = await noteNumbers();
    const person = await browse(meadow, '/users/chen_hiking');
    expect(person.statusCode).toBe(302);
    expect(person.headers.location).toBe('/@chen_hiking');
    const actor = await meadow.app.inject({ method: 'GET', url: '/users/chen_hiking', headers: { accept: 'application/activity+json' } });
    expect(actor.json().url).toBe(`${meadow.kernel.config.publicUrl}/@chen_hiking`);
    const topic = await browse(meadow, '/users/t.露营'.replace('露营', encodeURIComponent('露营')));
    expect(topic.statusCode).toBe(302);
    expect(topic.headers.location).toBe(`/tags/${encodeURIComponent('露营')}`);
    const comment = await browse(meadow, `/notes/${n}/comments/9`);
    expect(comment.statusCode).toBe(302);
    expect(comment.headers.location).toBe(`/notes/${n}#comment-9`);
    expect((await browse(meadow, '/users/instance')).headers.location).toBe('/');
  });

  it('shows a profile with counts, notes, a remote-follow form for visitors, Open Graph and an Atom feed link', async () => {
    const res = await browse(meadow, '/@chen_hiking');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1 id="profile-name">陈大山</h1>');
    expect(res.body).toMatch(/<span>\d+ 粉丝<\/span> <span>\d+ 关注<\/span>/);
    expect(res.body).toContain('<li class="card">');
    expect(res.body).toContain('从你自己的实例关注');
    expect(res.body).toContain('<label for="remote-acct">');
    expect(res.body).toContain('<meta property="og:type" content="profile">');
    expect(res.body).toContain('<link rel="alternate" type="application/atom+xml" href="/@chen_hiking/feed.atom"');
    expect((await browse(meadow, '/@nobody_here')).statusCode).toBe(404);
  });

  it('serves topic pages with hot/new tabs and community pages', async () => {
    const topic = await browse(meadow, `/tags/${encodeURIComponent('露营')}`);
    expect(topic.statusCode).toBe(200);
    expect(topic.body).toContain('<h1 id="topic-title">#露营</h1>');
    expect(topic.body).toContain('<li class="card">');
    expect(topic.body).toMatch(/<a href="\/tags\/%E9%9C%B2%E8%90%A5"\s+aria-current="page">最新<\/a>/);
    const hot = await browse(meadow, `/tags/${encodeURIComponent('露营')}?order=hot`);
    expect(hot.body).toMatch(/\?order=hot" aria-current="page">热门<\/a>/);
    expect((await browse(meadow, '/tags/no-such-topic-here')).statusCode).toBe(404);

    const communities = await meadow.gql('{ communities(first: 5) { edges { node { slug name } } } }');
    const community = communities.data.communities.edges[0]?.node;
    expect(community).toBeTruthy();
    const page = await browse(meadow, `/communities/${community.slug}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`<h1 id="community-title">${community.name}</h1>`);
    const viaActor = await browse(meadow, `/users/c.${community.slug}`);
    expect(viaActor.headers.location).toBe(`/communities/${community.slug}`);
  });

  it('publishes Atom feeds of a profile and a topic', async () => {
    const feed = await meadow.app.inject({ method: 'GET', url: '/@chen_hiking/feed.atom' });
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toMatch(/application\/atom\+xml/);
    expect(feed.body).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom"/);
    expect(feed.body).toContain('<title>第一次露营，装备清单照着带就行</title>');
    expect(feed.body).toMatch(/<link rel="alternate" type="text\/html" href="http:\/\/127\.0\.0\.1:3000\/notes\/\d+"\/>/);
    // The note's HTML is escaped once as XML text.
    expect(feed.body).toContain('<content type="html">&lt;p&gt;');
    const topic = await meadow.app.inject({ method: 'GET', url: `/tags/${encodeURIComponent('露营')}/feed.atom` });
    expect(topic.statusCode).toBe(200);
    expect(topic.body).toContain('<title>#露营 · Meadow</title>');
    expect((await meadow.app.inject({ method: 'GET', url: '/@nobody_here/feed.atom' })).statusCode).toBe(404);
  });

  it('serves an installable web app manifest from the branding', async () => {
    const res = await meadow.app.inject({ method: 'GET', url: '/manifest.webmanifest' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/manifest\+json/);
    const manifest = res.json();
    expect(manifest).toMatchObject({ name: 'Meadow', start_url: '/', display: 'standalone', theme_color: '#ff2442', background_color: '#ffffff' });
    const icon = await meadow.app.inject({ method: 'GET', url: manifest.icons[0].src });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['content-type']).toMatch(/image\/svg\+xml/);
  });

  it('serves client files content-hashed with a year of caching, and nothing else under /assets', async () => {
    const res = await browse(meadow, '/');
    const css = /href="(\/assets\/site\.[0-9a-f]{10}\.css)"/.exec(res.body)![1]!;
    const js = /src="(\/assets\/feed\.[0-9a-f]{10}\.js)"/.exec(res.body)![1]!;
    for (const url of [css, js]) {
      const asset = await meadow.app.inject({ method: 'GET', url });
      expect(asset.statusCode).toBe(200);
      expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    }
    expect((await meadow.app.inject({ method: 'GET', url: '/assets/feed.0000000000.js' })).statusCode).toBe(404);
    expect((await meadow.app.inject({ method: 'GET', url: '/assets/..%2Findex.ts' })).statusCode).toBe(404);
  });

  it('answers unknown pages with an HTML 404 for browsers and the JSON error for API clients', async () => {
    const page = await browse(meadow, '/no/such/page');
    expect(page.statusCode).toBe(404);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain('页面不存在');
    expect(page.body).toContain('<meta name="robots" content="noindex">');
    const api = await meadow.app.inject({ method: 'GET', url: '/no/such/page', headers: { accept: 'application/json' } });
    expect(api.statusCode).toBe(404);
    expect(api.json().error.code).toBe('NOT_FOUND');
    expect((await browse(meadow, '/notes/999999')).statusCode).toBe(404);
    expect((await browse(meadow, '/notes/abc')).statusCode).toBe(406);
  });

  it('pages through the discovery feed with a plain "more" link that excludes what was shown', async () => {
    const first = await browse(meadow, '/');
    // The demo has fewer than a page of notes: no "more" link, and a page past them says so.
    expect(first.body).not.toContain('data-more');
    const numbers = await noteNumbers();
    const past = await browse(meadow, `/?seen=${numbers.join(',')}`);
    expect(past.statusCode).toBe(200);
    expect(past.body).not.toContain('<li class="card">');
    expect(past.body).toContain('暂时没有更多笔记了。');
  });
});
