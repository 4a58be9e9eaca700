// The search page at /search?q=…: a plain GET form (works without
// JavaScript; the autocomplete island enhances it), then the answer — what
// the query was understood as (intents and slots), answer cards per
// section with why they matched, people and topics, and the note grid with
// each note's reasons and promoted results labelled. Filters are links:
// order (relevance / newest, the `sort` argument) and one section at a
// time. "More" follows the connection's cursor (the web plugin's feed.js
// island loads it in place when present). Bad input (a 10,000-character
// query, a stale cursor) is answered on the page, with the form to fix it.

import type { PluginContext } from '../../../core/index.ts';
import { html, type SafeHtml, type WebPageContext, type WebPageResult } from '../../web/contracts.ts';
import type { SearchSettings } from '../settings.ts';
import { searchAsset } from './assets.ts';
import { NOTE_CARD, notePath, renderNoteCards, type CardNote } from './cards.ts';
import { explain, intentLabel, pickLanguage } from './words.ts';

const PAGE_SIZE = 20;

const SEARCH = `query WebSearch($q: String!, $first: Int!, $after: String, $sort: SearchSort) {
  search(query: $q, first: $first, after: $after, sort: $sort) {
    context intents slots { slot value label }
    sections { title reason notes { ${NOTE_CARD} } }
    people { reason account { handle displayName avatar { url(variant: small) } remoteAvatarUrl } }
    topics { name noteCount reason }
    remote { account { handle displayName } objectId objectType }
    notes { totalCount pageInfo { hasNextPage endCursor } edges { reasons promoted { label by } node { ${NOTE_CARD} } } }
  }
}`;

const START = `query WebSearchStart($signedIn: Boolean!) {
  trendingSearches(first: 8) { query }
  searchHistory(first: 8) @include(if: $signedIn) { query }
}`;

interface Answer {
  context: string[];
  intents: string[];
  slots: { slot: string; value: string; label: string }[];
  sections: { title: string; reason: string; notes: CardNote[] }[];
  people: { reason: string; account: { handle: string; displayName: string; avatar: { url: string } | null; remoteAvatarUrl: string | null } }[];
  topics: { name: string; noteCount: number; reason: string }[];
  remote: { account: { handle: string; displayName: string } | null; objectId: string | null; objectType: string | null } | null;
  notes: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { reasons: string[]; promoted: { label: string; by: string } | null; node: CardNote }[];
  };
}

type Sort = 'relevance' | 'newest';

/** /search?q=…&sort=…&section=… with the given changes (null removes a parameter). */
function searchUrl(state: { q: string; sort: Sort; section: number | null }, change: Partial<{ sort: Sort; section: number | null; after: string }> = {}): string {
  const next = { ...state, ...change };
  const params = new URLSearchParams({ q: next.q });
  if (next.sort !== 'relevance') params.set('sort', next.sort);
  if (next.section !== null) params.set('section', String(next.section));
  if (change.after) params.set('after', change.after);
  return `/search?${params}`;
}

function form(page: WebPageContext, q: string, sort: Sort, maxLength: number): SafeHtml {
  const t = page.text.bind(page);
  return html`<form class="search-form" role="search" method="get" action="/search">
  <label for="search-q">${t({ en: 'Search notes, people and topics', 'zh-CN': '搜索笔记、用户和话题' })}</label>
  <div class="search-row">
    <div class="search-box" data-autocomplete data-kinds="${JSON.stringify({ TITLE: t({ en: 'Note', 'zh-CN': '笔记' }), TOPIC: t({ en: 'Topic', 'zh-CN': '话题' }), PERSON: t({ en: 'Person', 'zh-CN': '用户' }) })}" data-count="${t({ en: '{n} suggestions, use the up and down keys', 'zh-CN': '{n} 条建议，可用上下方向键选择' })}">
      <input id="search-q" name="q" type="search" value="${q}" maxlength="${maxLength}" autocomplete="off" enterkeyhint="search"
        placeholder="${t({ en: 'e.g. where to go this weekend with kids', 'zh-CN': '比如：周末带娃去哪儿玩' })}">
      <ul class="search-suggestions" id="search-suggestions" role="listbox" aria-label="${t({ en: 'Suggestions', 'zh-CN': '搜索建议' })}" hidden></ul>
    </div>
    ${sort !== 'relevance' ? html`<input type="hidden" name="sort" value="${sort}">` : ''}
    <button type="submit" class="primary">${t({ en: 'Search', 'zh-CN': '搜索' })}</button>
  </div>
</form>`;
}

function politeError(page: WebPageContext, err: unknown): { status: number; message: string } | null {
  const e = err as { code?: string; errors?: readonly { message: string; extensions?: Record<string, unknown> }[] };
  if (e?.code !== 'BAD_USER_INPUT') return null;
  const first = e.errors?.[0];
  const max = first?.extensions?.max;
  if (typeof max === 'number' && first?.extensions?.field === 'query') {
    return { status: 400, message: page.text({ en: `Your search is too long: please use at most ${max} characters.`, 'zh-CN': `搜索内容太长了：最多 ${max} 个字符，请缩短后再试。` }) };
  }
  if (/cursor/i.test(first?.message ?? '')) {
    return { status: 400, message: page.text({ en: 'That page of results belongs to another search. Start again from the first page.', 'zh-CN': '这一页结果属于另一次搜索，请从第一页重新开始。' }) };
  }
  return { status: 400, message: page.text({ en: `This search could not be run: ${first?.message ?? ''}`, 'zh-CN': `无法完成这次搜索：${first?.message ?? ''}` }) };
}

async function startPage(page: WebPageContext): Promise<SafeHtml> {
  const data = await page.gql<{ trendingSearches: { query: string }[]; searchHistory?: { query: string }[] }>(START, { signedIn: !!page.viewer }).catch(() => null);
  const chips = (title: string, queries: { query: string }[]) =>
    queries.length ? html`<section class="chips search-start"><h2>${title}</h2><ul>${queries.map((s) => html`<li><a href="${`/search?${new URLSearchParams({ q: s.query })}`}">${s.query}</a></li>`)}</ul></section>` : '';
  const history = data?.searchHistory ?? [];
  return html`${chips(page.text({ en: 'Trending searches', 'zh-CN': '大家都在搜' }), data?.trendingSearches ?? [])}
${chips(page.text({ en: 'Your recent searches', 'zh-CN': '最近搜索' }), history)}
${history.length ? html`<form method="post" action="/search" class="search-clear"><input type="hidden" name="do" value="clear-history"><button type="submit">${page.text({ en: 'Clear my search history', 'zh-CN': '清除搜索记录' })}</button></form>` : ''}`;
}

function understood(page: WebPageContext, answer: Answer): SafeHtml | '' {
  const intents = answer.intents.filter((i) => i !== 'keyword');
  if (!intents.length && !answer.slots.length) return '';
  return html`<div class="chips search-understood"><p>${page.text({ en: 'Understood as', 'zh-CN': '我们理解你想找' })}</p><ul>
  ${intents.map((i) => html`<li><span class="chip chip-intent">${intentLabel(i, page.locale)}</span></li>`)}
  ${answer.slots.map((s) => html`<li><span class="chip" data-slot="${s.slot}">${pickLanguage(s.label, page.locale)}</span></li>`)}
</ul></div>`;
}

function answerCards(page: WebPageContext, answer: Answer, state: { q: string; sort: Sort; section: number | null }): SafeHtml | '' {
  if (!answer.sections.length) return '';
  return html`<section class="answers" aria-labelledby="answers-title"><h2 id="answers-title">${page.text({ en: 'Answers', 'zh-CN': '为你整理' })}</h2>
<ul class="answer-cards" role="list">${answer.sections.map((s, i) => html`<li class="answer-card">
  <h3><a href="${searchUrl(state, { section: i })}">${pickLanguage(s.title, page.locale)}</a></h3>
  <p class="why-line">${explain(s.reason, page.locale)}</p>
  <ol>${s.notes.slice(0, 3).map((n) => html`<li><a href="${notePath(n.id)}">${n.title}</a></li>`)}</ol>
</li>`)}</ul></section>`;
}

function peopleAndTopics(page: WebPageContext, answer: Answer): SafeHtml {
  const people = answer.people.length
    ? html`<section class="search-people" aria-labelledby="people-title"><h2 id="people-title">${page.text({ en: 'People', 'zh-CN': '用户' })}</h2><ul role="list">${answer.people.map((p) => html`<li><a href="/@${p.account.handle}"><strong>${p.account.displayName || p.account.handle}</strong> <span class="handle">@${p.account.handle}</span></a><br><small class="why-line">${explain(p.reason, page.locale)}</small></li>`)}</ul></section>`
    : '';
  const topics = answer.topics.length
    ? html`<section class="search-topics" aria-labelledby="topics-title"><h2 id="topics-title">${page.text({ en: 'Topics', 'zh-CN': '话题' })}</h2><ul role="list">${answer.topics.map((tp) => html`<li><a href="/tags/${encodeURIComponent(tp.name)}">#${tp.name}</a> <small>${page.text({ en: `${tp.noteCount} notes`, 'zh-CN': `${tp.noteCount} 篇笔记` })}</small><br><small class="why-line">${explain(tp.reason, page.locale)}</small></li>`)}</ul></section>`
    : '';
  return html`${people}${topics}`;
}

function remote(page: WebPageContext, answer: Answer): SafeHtml | '' {
  const r = answer.remote;
  if (r?.account) return html`<p class="search-remote">${page.text({ en: 'Found on another server:', 'zh-CN': '在其他站点找到：' })} <a href="/@${r.account.handle}">${r.account.displayName || r.account.handle} (@${r.account.handle})</a></p>`;
  if (r?.objectId && r.objectType === 'Note') return html`<p class="search-remote"><a href="${notePath(r.objectId)}">${page.text({ en: 'Open the post from the other server', 'zh-CN': '打开来自其他站点的帖子' })}</a></p>`;
  return '';
}

function filters(page: WebPageContext, answer: Answer, state: { q: string; sort: Sort; section: number | null }): SafeHtml {
  const link = (href: string, label: string, current: boolean) => html`<li><a href="${href}"${current ? html` aria-current="page"` : ''}>${label}</a></li>`;
  const sections = answer.sections.length
    ? html`<ul aria-label="${page.text({ en: 'Show', 'zh-CN': '显示' })}">${link(searchUrl(state, { section: null }), page.text({ en: 'All results', 'zh-CN': '全部结果' }), state.section === null)}${answer.sections.map((s, i) => link(searchUrl(state, { section: i }), pickLanguage(s.title, page.locale), state.section === i))}</ul>`
    : '';
  return html`<nav class="tabs search-filters" aria-label="${page.text({ en: 'Filter and sort results', 'zh-CN': '筛选和排序' })}">
  ${sections}
  <ul aria-label="${page.text({ en: 'Sort', 'zh-CN': '排序' })}">${link(searchUrl(state, { sort: 'relevance', section: state.section }), page.text({ en: 'Most relevant', 'zh-CN': '综合' }), state.sort === 'relevance')}${link(searchUrl(state, { sort: 'newest', section: state.section }), page.text({ en: 'Newest', 'zh-CN': '最新' }), state.sort === 'newest')}</ul>
</nav>`;
}

export async function renderSearchPage(ctx: PluginContext<SearchSettings>, page: WebPageContext): Promise<WebPageResult> {
  const params = page.url.searchParams;
  const q = params.get('q') ?? '';
  const sort: Sort = params.get('sort') === 'newest' ? 'newest' : 'relevance';
  const sectionParam = Number(params.get('section'));
  const section = params.has('section') && Number.isSafeInteger(sectionParam) && sectionParam >= 0 ? sectionParam : null;
  const after = params.get('after') || null;
  const state = { q, sort, section };
  const heading = page.text({ en: 'Search', 'zh-CN': '搜索' });
  const base = { meta: { noindex: true }, scripts: [searchAsset('autocomplete.js')] };
  const styles = html`<link rel="stylesheet" href="${searchAsset('search.css')}">`;
  const top = form(page, q, sort, ctx.settings().maxQueryLength);

  if (!q.trim()) {
    return { ...base, title: heading, body: html`${styles}<h1 class="page-title">${heading}</h1>${top}${await startPage(page)}` };
  }
  const title = page.text({ en: `“${q.slice(0, 60)}” – Search`, 'zh-CN': `“${q.slice(0, 60)}” - 搜索` });
  let answer: Answer;
  try {
    answer = (await page.gql<{ search: Answer }>(SEARCH, { q, first: PAGE_SIZE, after, sort: sort === 'newest' ? 'NEWEST' : 'RELEVANCE' })).search;
  } catch (err) {
    const polite = politeError(page, err);
    if (!polite) throw err;
    return { ...base, title: heading, status: polite.status, body: html`${styles}<h1 class="page-title">${heading}</h1>${top}<p class="search-error" role="alert">${polite.message}</p>` };
  }

  const chosen = section !== null ? answer.sections[section] : undefined;
  const items = chosen
    ? chosen.notes.map((note) => ({ note, extras: { reasons: [chosen.reason] } }))
    : answer.notes.edges.map((e) => ({ note: e.node, extras: { reasons: e.reasons, promoted: e.promoted } }));
  const more = !chosen && answer.notes.pageInfo.hasNextPage && answer.notes.pageInfo.endCursor ? searchUrl(state, { after: answer.notes.pageInfo.endCursor }) : null;
  const nothing = !items.length && !answer.people.length && !answer.topics.length && !answer.remote;
  const count = page.text({ en: `${answer.notes.totalCount} notes match “${q}”`, 'zh-CN': `“${q}”共有 ${answer.notes.totalCount} 篇相关笔记` });

  const body = html`${styles}<h1 class="page-title">${after ? page.text({ en: `More results for “${q}”`, 'zh-CN': `“${q}”的更多结果` }) : heading}</h1>
${top}
${nothing
    ? html`<section class="message search-empty" aria-live="polite"><h2>${page.text({ en: `Nothing matches “${q}” yet`, 'zh-CN': `没有找到与“${q}”相关的内容` })}</h2><p>${page.text({ en: 'Try fewer or different words, or a topic such as 露营 or coffee.', 'zh-CN': '试试更少或不同的词，或者一个话题，比如“露营”或“咖啡”。' })}</p></section>${await startPage(page)}`
    : html`${after ? '' : html`<p class="search-count" role="status">${count}</p>
${answer.context.map((c) => html`<p class="search-context">${explain(c, page.locale)}</p>`)}
${remote(page, answer)}
${understood(page, answer)}
${answerCards(page, answer, state)}
${peopleAndTopics(page, answer)}
${filters(page, answer, state)}`}
<section aria-labelledby="results-title" class="feed" data-feed>
  <h2 id="results-title" class="visually-hidden">${chosen ? pickLanguage(chosen.title, page.locale) : page.text({ en: 'Notes', 'zh-CN': '笔记' })}</h2>
  ${items.length ? await renderNoteCards(ctx, page, items, { openWhy: true }) : html`<p class="empty">${page.text({ en: 'No notes on this page.', 'zh-CN': '这一页没有笔记。' })}</p>`}
  <nav class="pager" aria-label="${page.text({ en: 'More results', 'zh-CN': '更多结果' })}">
    ${more ? html`<a class="more" href="${more}" rel="next" data-more data-loading="${page.text({ en: 'Loading…', 'zh-CN': '加载中…' })}" data-end="${page.text({ en: 'That is everything.', 'zh-CN': '没有更多了。' })}">${page.text({ en: 'More results', 'zh-CN': '更多结果' })}</a>` : ''}
  </nav>
</section>`}`;
  return { ...base, title, body, scripts: more ? [...base.scripts, page.asset('feed.js')] : base.scripts };
}
