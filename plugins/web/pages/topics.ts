// Topic pages (/tags/<tag>, the url of a topic's Group actor) and community
// pages (/communities/<slug>): header with counts and a follow/join form,
// hot/new tabs (plain links), related topics, and the notes as a waterfall.

import type { PluginContext } from '../../../core/index.ts';
import type { WebPageContext, WebPageResult } from '../contracts.ts';
import { html } from '../render/html.ts';
import { CARD_FIELDS, renderCards, topicPath, type CardNote } from '../render/cards.ts';
import { plainText } from './note.ts';

const TOPIC_QUERY = `query WebTopic($name: String!, $after: String, $order: TopicNoteOrder) { topic(name: $name) {
  key name tag description noteCount followerCount viewerFollows fediverseHandle
  related(first: 8) { key tag }
  communities { slug name }
  notes(first: 20, after: $after, order: $order) { edges { node { ${CARD_FIELDS} } } pageInfo { hasNextPage endCursor } }
} }`;

const COMMUNITY_QUERY = `query WebCommunity($slug: String!, $after: String) { community(slug: $slug) {
  slug name description memberCount viewerIsMember rules fediverseHandle
  topics { key tag }
  notes(first: 20, after: $after) { edges { node { ${CARD_FIELDS} } } pageInfo { hasNextPage endCursor } }
} }`;

type NotesPage = { edges: { node: CardNote }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };

export interface TopicData {
  key: string;
  name: string;
  tag: string;
  description: string;
  noteCount: number;
  followerCount: number;
  viewerFollows: boolean;
  fediverseHandle: string | null;
  related: { key: string; tag: string }[];
  communities: { slug: string; name: string }[];
  notes: NotesPage;
}

export async function loadTopic(page: WebPageContext, tag: string, order: 'HOTTEST' | 'NEWEST', after: string | null): Promise<TopicData | null> {
  if (!tag || tag.length > 100) return null;
  try {
    return (await page.gql<{ topic: TopicData | null }>(TOPIC_QUERY, { name: tag, after, order })).topic;
  } catch (err) {
    if ((err as { code?: string }).code === 'NOT_FOUND') return null;
    throw err;
  }
}

function pager(path: string, notes: NotesPage, page: WebPageContext, extra = ''): ReturnType<typeof html> {
  const { endCursor, hasNextPage } = notes.pageInfo;
  return html`<nav class="pager" aria-label="${page.t('pagination.more')}">${hasNextPage && endCursor ? html`<a class="more" rel="next" data-more href="${path}?${extra}after=${encodeURIComponent(endCursor)}">${page.t('pagination.more')}</a>` : ''}</nav>`;
}

export async function topicPage(ctx: PluginContext, page: WebPageContext, tag: string): Promise<WebPageResult | null> {
  const hot = page.url.searchParams.get('order') === 'hot';
  const topic = await loadTopic(page, tag, hot ? 'HOTTEST' : 'NEWEST', page.url.searchParams.get('after'));
  if (!topic) return null;
  const { t } = page;
  const path = topicPath(topic.key);
  const notes = topic.notes.edges.map((e) => e.node);
  const body = html`<section class="topic-head" aria-labelledby="topic-title">
  <h1 id="topic-title">${topic.tag}</h1>
  ${topic.description ? html`<p>${topic.description}</p>` : ''}
  <p class="profile-counts"><span>${t('topic.notes', { count: topic.noteCount })}</span> <span>${t('topic.followers', { count: topic.followerCount })}</span></p>
  ${page.viewer ? html`<form method="post" action="/actions/follow-topic" data-action="follow-topic">
    <input type="hidden" name="name" value="${topic.key}"><input type="hidden" name="next" value="${path}"><input type="hidden" name="on" value="${topic.viewerFollows ? '0' : '1'}">
    <button type="submit" aria-pressed="${topic.viewerFollows ? 'true' : 'false'}" data-on="${t('topic.unfollow')}" data-off="${t('topic.follow')}">${topic.viewerFollows ? t('topic.unfollow') : t('topic.follow')}</button></form>` : ''}
  ${topic.fediverseHandle ? html`<p class="hint">${t('topic.fediverse', { handle: `@${topic.fediverseHandle}` })}</p>` : ''}
  ${topic.related.length ? html`<nav aria-label="${t('topic.related')}" class="chips"><h2 class="visually-hidden">${t('topic.related')}</h2><ul>${topic.related.map((r) => html`<li><a href="${topicPath(r.key)}">${r.tag}</a></li>`)}</ul></nav>` : ''}
  ${topic.communities.length ? html`<nav aria-label="${t('topic.communities')}" class="chips"><ul>${topic.communities.map((c) => html`<li><a href="/communities/${c.slug}">${c.name}</a></li>`)}</ul></nav>` : ''}
</section>
<nav class="tabs" aria-label="${t('topic.order')}"><ul>
  <li><a href="${path}?order=hot"${hot ? html` aria-current="page"` : ''}>${t('topic.hot')}</a></li>
  <li><a href="${path}"${hot ? '' : html` aria-current="page"`}>${t('topic.new')}</a></li>
</ul></nav>
<div class="feed" data-feed>
  ${notes.length ? await renderCards(ctx, page, notes, { level: 2 }) : html`<p class="empty">${t('topic.empty')}</p>`}
  ${pager(path, topic.notes, page, hot ? 'order=hot&' : '')}
</div>`;
  return {
    title: topic.tag,
    body,
    meta: {
      description: topic.description ? plainText(topic.description) : t('topic.notes', { count: topic.noteCount }),
      image: notes[0]?.cover?.media?.medium ?? notes[0]?.cover?.url ?? null,
      alternates: [{ type: 'application/atom+xml', href: `${path}/feed.atom`, title: t('topic.feed', { tag: topic.tag }) }],
    },
    scripts: [page.asset('feed.js')],
  };
}

interface CommunityData {
  slug: string;
  name: string;
  description: string;
  memberCount: number;
  viewerIsMember: boolean;
  rules: string[];
  fediverseHandle: string | null;
  topics: { key: string; tag: string }[];
  notes: NotesPage;
}

export async function communityPage(ctx: PluginContext, page: WebPageContext, slug: string): Promise<WebPageResult | null> {
  if (!/^[a-z0-9][a-z0-9-]{0,63}$/i.test(slug)) return null;
  let community: CommunityData | null;
  try {
    community = (await page.gql<{ community: CommunityData | null }>(COMMUNITY_QUERY, { slug, after: page.url.searchParams.get('after') })).community;
  } catch (err) {
    if ((err as { code?: string }).code === 'NOT_FOUND') return null;
    throw err;
  }
  if (!community) return null;
  const { t } = page;
  const path = `/communities/${community.slug}`;
  const notes = community.notes.edges.map((e) => e.node);
  const body = html`<section class="topic-head" aria-labelledby="community-title">
  <h1 id="community-title">${community.name}</h1>
  ${community.description ? html`<p>${community.description}</p>` : ''}
  <p class="profile-counts"><span>${t('community.members', { count: community.memberCount })}</span></p>
  ${page.viewer ? html`<form method="post" action="/actions/join" data-action="join">
    <input type="hidden" name="slug" value="${community.slug}"><input type="hidden" name="next" value="${path}"><input type="hidden" name="on" value="${community.viewerIsMember ? '0' : '1'}">
    <button type="submit" aria-pressed="${community.viewerIsMember ? 'true' : 'false'}" data-on="${t('community.leave')}" data-off="${t('community.join')}">${community.viewerIsMember ? t('community.leave') : t('community.join')}</button></form>` : ''}
  ${community.fediverseHandle ? html`<p class="hint">${t('topic.fediverse', { handle: `@${community.fediverseHandle}` })}</p>` : ''}
  ${community.topics.length ? html`<nav aria-label="${t('community.topics')}" class="chips"><ul>${community.topics.map((r) => html`<li><a href="${topicPath(r.key)}">${r.tag}</a></li>`)}</ul></nav>` : ''}
  ${community.rules.length ? html`<details><summary>${t('community.rules')}</summary><ol>${community.rules.map((r) => html`<li>${r}</li>`)}</ol></details>` : ''}
</section>
<div class="feed" data-feed>
  ${notes.length ? await renderCards(ctx, page, notes, { level: 2 }) : html`<p class="empty">${t('community.empty')}</p>`}
  ${pager(path, community.notes, page)}
</div>`;
  return {
    title: community.name,
    body,
    meta: { description: community.description ? plainText(community.description) : t('community.members', { count: community.memberCount }) },
    scripts: [page.asset('feed.js')],
  };
}
