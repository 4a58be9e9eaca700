// /notifications: the signed-in person's notifications, newest first, with
// unread ones marked; "mark all as read" is a plain form (POST to the same
// path). The notifications island subscribes to `notificationAdded` over
// SSE and puts new ones on top; without JavaScript a reload shows them.
// Also the header's "Notifications" entry with the unread count (web.nav).

import { localId, NotificationsServiceRef, type PluginContext } from '../../../core/index.ts';
import { WebNotificationTexts, webPage, type WebNavEntry, type WebNotificationText, type WebPageContext, type WebPageResult, type WebPageSpec, type WebViewer } from '../contracts.ts';
import { html, type SafeHtml } from '../render/html.ts';
import { avatar, authorName, profilePath, type AuthorFields } from '../render/cards.ts';
import { translator, type Locale, type MessageKey } from '../i18n/index.ts';

export const PAGE_SIZE = 30;
const KINDS = ['follow', 'follow-request', 'like', 'comment', 'reply', 'mention', 'sign-up-approved'] as const;
const ACTOR_FIELDS = 'handle displayName domain avatar { url(variant: small) } remoteAvatarUrl';

/** The fields of one notification, shared with the island's subscription so both render the same. */
export const NOTIFICATION_FIELDS = `id kind read createdAt data subjectType subjectId
  actor { ${ACTOR_FIELDS} }
  subject { __typename ... on Note { id title } ... on Comment { id body } }`;

const LIST = `query WebNotifications($after: String) {
  notifications(first: ${PAGE_SIZE}, after: $after) { edges { node { ${NOTIFICATION_FIELDS} } } pageInfo { hasNextPage endCursor } }
}`;
const MARK_READ = 'mutation WebMarkRead($upTo: ID) { markNotificationsRead(upTo: $upTo) }';
/** What the island subscribes to (GET /graphql with Accept: text/event-stream; the session cookie says who). */
export const STREAM_QUERY = `subscription WebNotificationAdded { notificationAdded { id } }`;

interface NotificationView {
  id: string;
  kind: string;
  read: boolean;
  createdAt: string;
  data: Record<string, unknown>;
  subjectType: string | null;
  subjectId: string | null;
  actor: AuthorFields | null;
  subject: { __typename: string; id: string; title?: string; body?: string } | null;
}

const textKey = (kind: string): MessageKey => ((KINDS as readonly string[]).includes(kind) ? `notifications.${kind}` : 'notifications.other') as MessageKey;

/** Where a notification leads: the note (at the comment), or the actor's profile. */
function targetOf(n: NotificationView): string | null {
  const s = n.subject;
  if (s?.__typename === 'Note') return `/notes/${localId(s.id, 'Note')}`;
  if (s?.__typename === 'Comment' && typeof n.data.noteId === 'number') return `/notes/${n.data.noteId}#comment-${localId(s.id, 'Comment')}`;
  return n.actor ? profilePath(n.actor.handle) : null;
}

function excerpt(n: NotificationView, page: WebPageContext): string | null {
  if (!n.subjectType) return null;
  if (!n.subject) return page.t('notifications.gone');
  const text = (n.subject.title || n.subject.body || '').replace(/\s+/g, ' ').trim();
  return [...text].length > 120 ? `${[...text].slice(0, 119).join('')}…` : text;
}

function when(iso: string, locale: Locale): SafeHtml {
  const date = new Date(iso);
  return html`<time datetime="${date.toISOString()}">${new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date)}</time>`;
}

/** Kinds of other plugins read as those plugins say (web.notification-text); null for the built-in kinds. */
function pluginText(ctx: PluginContext, n: NotificationView, page: WebPageContext): Promise<WebNotificationText | null> {
  if ((KINDS as readonly string[]).includes(n.kind)) return Promise.resolve(null);
  const notification = { kind: n.kind, subjectId: n.subjectId, subjectType: n.subjectType, data: n.data ?? {}, actorName: n.actor ? authorName(n.actor) : null };
  return ctx.hooks.applyFilter(WebNotificationTexts, null, { notification, page });
}

export function renderNotification(n: NotificationView, page: WebPageContext, custom: WebNotificationText | null = null): SafeHtml {
  const name = n.actor ? authorName(n.actor) : '?';
  const target = custom ? custom.href : targetOf(n);
  const text = custom?.text ?? page.t(textKey(n.kind), { name });
  const quote = custom?.excerpt ?? excerpt(n, page);
  return html`<li class="notification${n.read ? '' : ' unread'}" data-id="${n.id}">
  ${n.actor ? html`<a class="notification-actor" href="${profilePath(n.actor.handle)}" tabindex="-1" aria-hidden="true">${avatar(n.actor, 40)}</a>` : ''}
  <div class="notification-body">
    <p>${target ? html`<a href="${target}">${text}</a>` : text}${n.read ? '' : html` <span class="visually-hidden">(${page.t('notifications.unread')})</span>`}</p>
    ${quote ? html`<p class="notification-excerpt">${quote}</p>` : ''}
    ${when(n.createdAt, page.locale)}
  </div>
</li>`;
}

async function render(ctx: PluginContext, page: WebPageContext): Promise<WebPageResult> {
  const { t } = page;
  if (!page.viewer) return { redirect: `/signin?next=${encodeURIComponent(page.url.pathname + page.url.search)}`, status: 303 };
  const after = page.url.searchParams.get('after');
  const data = await page.gql<{ notifications: { edges: { node: NotificationView }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } }>(LIST, { after });
  const items = data.notifications.edges.map((e) => e.node);
  const texts = await Promise.all(items.map((n) => pluginText(ctx, n, page)));
  const { hasNextPage, endCursor } = data.notifications.pageInfo;
  const unread = items.some((n) => !n.read);
  const body = html`<section class="notifications" aria-labelledby="notifications-title">
  <div class="notifications-head">
    <h1 id="notifications-title" class="page-title">${t('notifications.title')}</h1>
    ${unread && !after ? html`<form method="post" action="/notifications"><input type="hidden" name="upTo" value="${items[0]!.id}"><button type="submit">${t('notifications.markRead')}</button></form>` : ''}
  </div>
  <p class="visually-hidden" role="status" aria-live="polite" data-notifications-status data-live="${t('notifications.live')}"></p>
  ${items.length || after ? '' : html`<p class="empty" data-notifications-empty>${t('notifications.empty')}</p>`}
  <ol class="notification-list" data-notifications${after ? '' : html` data-stream="/graphql?query=${encodeURIComponent(STREAM_QUERY)}"`}>
    ${items.map((n, i) => renderNotification(n, page, texts[i]))}
  </ol>
  <nav class="pager" aria-label="${t('pagination.more')}">${hasNextPage && endCursor ? html`<a class="more" rel="next" href="/notifications?after=${encodeURIComponent(endCursor)}">${t('pagination.more')}</a>` : ''}</nav>
</section>`;
  return { title: t('notifications.title'), body, meta: { noindex: true }, scripts: after ? [] : [page.asset('notifications.js')] };
}

async function markRead(page: WebPageContext, form: URLSearchParams): Promise<WebPageResult> {
  if (!page.viewer) return { redirect: `/signin?next=${encodeURIComponent('/notifications')}`, status: 303 };
  const upTo = form.get('upTo');
  await page.gql(MARK_READ, { upTo: upTo || null });
  return { redirect: '/notifications', status: 303 };
}

/** /notifications, and one notification rendered as the page would (the island fetches new ones as HTML through the second). */
export function notificationsPages(ctx: PluginContext): WebPageSpec[] {
  return [
    webPage({ path: '/notifications', plugin: 'web', render: (page) => render(ctx, page), action: markRead }),
    webPage({
      path: '/notifications/item/:id',
      plugin: 'web',
      async render(page) {
        if (!page.viewer) return null;
        const data = await page.gql<{ node: NotificationView | null }>(`query WebNotification($id: ID!) { node(id: $id) { ... on Notification { ${NOTIFICATION_FIELDS} } } }`, { id: page.params.id });
        if (!data.node) return null;
        const item = renderNotification(data.node, page, await pluginText(ctx, data.node, page));
        return { title: page.t('notifications.title'), body: html`<ol class="notification-list">${item}</ol>`, meta: { noindex: true } };
      },
    }),
  ];
}

/** The header entry, with the unread count as a badge, for signed-in people. */
export async function notificationsNav(ctx: PluginContext, entries: WebNavEntry[], context: { viewer: WebViewer | null; locale: Locale }): Promise<WebNavEntry[]> {
  if (!context.viewer) return entries;
  const unread = await ctx.services.get(NotificationsServiceRef).unreadCount(localId(context.viewer.id, 'Account'));
  const t = translator(context.locale);
  return [...entries, { id: 'notifications', href: '/notifications', label: t('nav.notifications'), order: 80, audience: 'signed-in', badge: unread, badgeLabel: t('nav.unread', { count: unread }) }];
}
