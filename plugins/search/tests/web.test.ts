// The search plugin's web pages on a real instance with every bundled
// plugin: /search answers a vague Chinese and English query with understood
// slots, answer cards and why-lines, filters and a cursor "more" link;
// hostile and too-long queries are answered politely; the autocomplete
// island is served; "For you" explains each card; navigation and language
// follow Accept-Language; promoted results are labelled.

import { afterAll, describe, expect, it } from 'vitest';
import { PLUGIN_API_VERSION, definePlugin, filter } from '../../../core/index.ts';
import { startTestInstance } from '../../../tests/helpers/instance.ts';
// The web plugin's test helpers (browse as a browser, sign up, post with pictures).
// eslint-disable-next-line meadow/plugin-boundaries
import { browse, person, postNote, submit } from '../../web/tests/helpers.ts';
import { SearchPromoted } from '../contracts.ts';

const promoted: number[] = [];
const promoter = definePlugin({
  name: 'promoter',
  apiVersion: PLUGIN_API_VERSION,
  dependsOn: ['search'],
  hooks: [filter(SearchPromoted, (hits, { query }) => (query.includes('tent')
    ? [...hits, ...promoted.map((noteId) => ({ noteId, authorId: 0, score: 0, reasons: ['sponsored placement'], promoted: { label: 'Ad', by: 'Tent Co' } }))]
    : hits))],
});

const EN = { 'accept-language': 'en' };
const ZH = { 'accept-language': 'zh-CN,zh;q=0.9' };
const text = (body: string) => body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('search: web pages', async () => {
  const meadow = await startTestInstance({ discover: true, plugins: [promoter] });
  afterAll(() => meadow.close());
  const lin = await person(meadow, 'lin', { locale: 'en', displayName: 'Lin' });
  const sam = await person(meadow, 'sam');
  const posts = [
    { title: '周末带娃去公园野餐', body: '周末去森林公园，适合遛娃，亲子活动很多 #遛娃 #周末' },
    { title: '上海周边周末好去处', body: '周末出游打卡景点推荐，一日游 #周末' },
    { title: '露营装备清单', body: '帐篷 睡袋 营地推荐 #露营 camping tent' },
    { title: 'Rainy day with kids: the science museum', body: 'Indoor fun for children on a rainy day, the museum has a kids area #kids' },
    { title: 'Best tent for family camping', body: 'Our tent review after ten trips with the kids #camping' },
    { title: 'A quiet coffee shop for reading', body: 'Latte and books #coffee' },
  ];
  const notes: { id: string; number: number }[] = [];
  for (const [i, p] of posts.entries()) notes.push(await postNote(meadow, i % 2 ? sam : lin, p));
  promoted.push(notes[2]!.number);
  await meadow.kernel.worker.runUntilIdle();
  await meadow.kernel.bus.drain();

  it('answers a vague Chinese query with what it understood, answer cards with why-lines and notes with their reasons', async () => {
    const res = await browse(meadow, `/search?q=${encodeURIComponent('周末去哪儿玩')}`, ZH);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<html lang="zh-CN">');
    expect(res.body).toContain('<form class="search-form" role="search" method="get" action="/search">');
    expect(res.body).toMatch(/<label for="search-q">搜索笔记、用户和话题<\/label>/);
    expect(res.body).toContain('value="周末去哪儿玩"');
    const t = text(res.body);
    expect(t).toContain('我们理解你想找');
    expect(t).toContain('找地方');
    expect(res.body).toMatch(/<span class="chip" data-slot="time">周末<\/span>/);
    expect(res.body).toContain('<h2 id="answers-title">为你整理</h2>');
    expect(res.body).toMatch(/<h3><a href="\/search\?q=[^"]+&amp;section=0">好去处<\/a><\/h3>\s*<p class="why-line">你在找出游，这些笔记提到了 /);
    expect(res.body).toContain(`href="/notes/${notes[1]!.number}"`);
    expect(res.body).toContain(`href="/notes/${notes[0]!.number}"`);
    // Each note says why it matched, in Chinese.
    expect(res.body).toMatch(/<div class="why"><span class="visually-hidden">匹配原因：<\/span><ul><li>标题包含 /);
    expect(res.body).toMatch(/<a href="\/tags\/%E5%91%A8%E6%9C%AB">#周末<\/a>/);
    expect(res.body).toContain('<meta name="robots" content="noindex">');
  });

  it('answers a vague English query in English, with sections, people and filters', async () => {
    const res = await browse(meadow, '/search?q=rainy+day+with+kids', EN);
    expect(res.statusCode).toBe(200);
    const t = text(res.body);
    expect(res.body).toContain('<h2 id="answers-title">Answers</h2>');
    expect(res.body).toMatch(/<p class="why-line">You asked for [^;<]+; these notes mention /);
    expect(res.body).toMatch(/<span class="chip" data-slot="audience">kids<\/span>/);
    expect(t).toContain('Rainy day with kids: the science museum');
    expect(t).toMatch(/\d+ notes match “rainy day with kids”/);
    expect(res.body).toMatch(/<li><a href="\/search\?q=rainy\+day\+with\+kids" aria-current="page">All results<\/a><\/li>/);
    expect(res.body).toContain('<a href="/search?q=rainy+day+with+kids&amp;sort=newest">Newest</a>');
    // One section at a time: the grid holds only that section's notes, with its reason.
    const section = await browse(meadow, '/search?q=rainy+day+with+kids&section=0', EN);
    expect(section.body).toMatch(/&amp;section=0" aria-current="page">/);
    expect(section.body).toMatch(/<div class="why">.*<li>You asked for /s);
    // People: a handle search finds the account, with why.
    const people = await browse(meadow, '/search?q=lin', EN);
    expect(people.body).toMatch(/<section class="search-people"[^>]*>.*<a href="\/@lin"><strong>Lin<\/strong>/s);
  });

  it('sorts newest first and pages with the cursor', async () => {
    const newest = await browse(meadow, '/search?q=%E5%91%A8%E6%9C%AB&sort=newest', EN);
    const order = [...newest.body.matchAll(/<h3 class="card-title" id="s-card-[^"]+">([^<]+)<\/h3>/g)].map((m) => m[1]);
    expect(order.indexOf('上海周边周末好去处')).toBeLessThan(order.indexOf('周末带娃去公园野餐'));
    expect(newest.body).toContain('<input type="hidden" name="sort" value="newest">');
    // A page of one: the "more" link carries the cursor and the next page holds the next note.
    const gql = await meadow.gql(`{ search(query: "周末", first: 1) { notes { pageInfo { endCursor } } } }`);
    const cursor = gql.data.search.notes.pageInfo.endCursor as string;
    const second = await browse(meadow, `/search?q=%E5%91%A8%E6%9C%AB&after=${encodeURIComponent(cursor)}`, EN);
    expect(second.statusCode).toBe(200);
    expect(second.body).toContain('More results for “周末”');
    expect(second.body).toContain('<section aria-labelledby="results-title" class="feed" data-feed>');
    // A cursor keeps its order: a relevance cursor cannot page the newest-first list.
    const mixed = await meadow.gql(`query($a: String) { search(query: "周末", after: $a, sort: NEWEST) { query } }`, { a: cursor });
    expect(mixed.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const bad = await browse(meadow, '/search?q=%E5%91%A8%E6%9C%AB&after=%25%25%25', EN);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('That page of results belongs to another search. Start again from the first page.');
  });

  it('labels promoted results', async () => {
    const res = await browse(meadow, '/search?q=tent', EN);
    expect(res.body).toMatch(new RegExp(`<li class="card card-is-promoted">\\s*<article aria-labelledby="s-card-[^"]+">\\s*<a class="card-link" href="/notes/${notes[2]!.number}">`));
    expect(res.body).toContain('<p class="card-promoted"><strong>Promoted</strong> · Ad · Tent Co</p>');
  });

  it('escapes a hostile query everywhere it is shown', async () => {
    const q = '<script>zzqq()</script>"><img src=qq onerror=zzqq()>';
    const res = await browse(meadow, `/search?q=${encodeURIComponent(q)}`, EN);
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('<script>zzqq');
    expect(res.body).not.toContain('<img src=qq');
    const escaped = '&lt;script&gt;zzqq()&lt;/script&gt;&quot;&gt;&lt;img src=qq onerror=zzqq()&gt;';
    expect(res.body).toContain(`value="${escaped}"`);
    expect(res.body).toContain(`Nothing matches “${escaped}” yet`);
    expect(res.body).toContain(`<title>“${escaped}” – Search · Meadow</title>`);
  });

  it('answers a 10,000-character query with a clear message and the form to fix it', async () => {
    const res = await browse(meadow, `/search?q=${'a'.repeat(10_000)}`, EN);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('<p class="search-error" role="alert">Your search is too long: please use at most 500 characters.</p>');
    expect(res.body).toContain('maxlength="500"');
    const zh = await browse(meadow, `/search?q=${'a'.repeat(10_000)}`, ZH);
    expect(zh.body).toContain('搜索内容太长了：最多 500 个字符，请缩短后再试。');
  });

  it('starts with trending searches, and a signed-in person sees and clears their history', async () => {
    const empty = await browse(meadow, '/search', EN);
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toContain('<h2>Trending searches</h2>');
    expect(empty.body).toMatch(/<a href="\/search\?q=%E5%91%A8%E6%9C%AB">周末<\/a>/);
    await browse(meadow, '/search?q=coffee', { cookie: lin.cookie });
    const mine = await browse(meadow, '/search', { cookie: lin.cookie });
    expect(mine.body).toContain('<h2>Your recent searches</h2>');
    expect(mine.body).toContain('<a href="/search?q=coffee">coffee</a>');
    const cleared = await submit(meadow, '/search', { do: 'clear-history' }, { cookie: lin.cookie });
    expect(cleared.statusCode).toBe(303);
    expect((await browse(meadow, '/search', { cookie: lin.cookie })).body).not.toContain('Your recent searches');
  });

  it('serves the autocomplete island and its stylesheet, content-hashed', async () => {
    const res = await browse(meadow, '/search?q=tent', EN);
    const src = /<script type="module" src="(\/search\/assets\/autocomplete\.[0-9a-f]{10}\.js)"><\/script>/.exec(res.body)?.[1];
    expect(src).toBeTruthy();
    const js = await meadow.app.inject({ method: 'GET', url: src! });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toMatch(/text\/javascript/);
    expect(js.headers['cache-control']).toContain('immutable');
    expect(js.body).toContain('autocomplete(prefix: $p');
    expect(js.body).toContain("setAttribute('aria-expanded'");
    const css = /<link rel="stylesheet" href="(\/search\/assets\/search\.[0-9a-f]{10}\.css)">/.exec(res.body)![1]!;
    expect((await meadow.app.inject({ method: 'GET', url: css })).statusCode).toBe(200);
    expect((await meadow.app.inject({ method: 'GET', url: '/search/assets/nothing.js' })).statusCode).toBe(404);
    // The listbox the island fills is in the page from the start (hidden), labelled.
    expect(res.body).toMatch(/<ul class="search-suggestions" id="search-suggestions" role="listbox" aria-label="Suggestions" hidden><\/ul>/);
  });

  it('adds Search and For you to the navigation in the page language', async () => {
    const en = await browse(meadow, '/', EN);
    expect(en.body).toContain('<li><a href="/for-you">For you</a></li><li><a href="/search">Search</a></li>');
    const zh = await browse(meadow, '/', ZH);
    expect(zh.body).toContain('<li><a href="/for-you">为你推荐</a></li><li><a href="/search">搜索</a></li>');
    expect((await browse(meadow, '/search', ZH)).body).toContain('<a href="/search" aria-current="page">搜索</a>');
  });

  it('explains each card of the For you feed', async () => {
    // sam likes the camping note: the feed then says why it shows camping.
    const camping = notes[2]!;
    const liked = await meadow.gql(`mutation($id: ID!) { likeNote(id: $id) { id } }`, { id: camping.id }, { token: sam.token });
    expect(liked.errors).toBeUndefined();
    await meadow.kernel.bus.drain();
    await meadow.kernel.worker.runUntilIdle();
    const res = await browse(meadow, '/for-you', { ...ZH, cookie: sam.cookie });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<summary>为什么推荐给我？</summary>');
    expect(res.body).toMatch(/<li>因为你点赞过 #(露营|camping)<\/li>/);
    const anonymous = await browse(meadow, '/for-you', EN);
    expect(anonymous.body).toContain('<summary>Why am I seeing this?</summary>');
    expect(anonymous.body).toMatch(/<li>(Trending now|A new creator|Just posted)<\/li>/);
  });

  it('stops serving its pages when search is switched off', async () => {
    await meadow.kernel.state.setEnabled('search', false);
    try {
      expect((await browse(meadow, '/search?q=tent')).statusCode).toBe(404);
      expect((await browse(meadow, '/', EN)).body).not.toContain('href="/search"');
    } finally {
      await meadow.kernel.state.setEnabled('search', true);
    }
  });
});
