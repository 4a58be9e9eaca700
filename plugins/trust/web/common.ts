// Shared parts of the trust plugin's web pages: their paths, who may open
// the moderator pages (others get the sign-in page or a 403 page, and their
// forms change nothing), the moderation frame with its section tabs, a
// failed mutation turned into a message for the form, dates, and links to
// what a report or an action is about.

import { localId } from '../../../core/index.ts';
import { html, type Renderable, type SafeHtml, type WebPageContext, type WebPageResult } from '../../web/contracts.ts';
import { say } from './words.ts';

export const PATHS = {
  queue: '/moderation',
  log: '/moderation/log',
  appeals: '/moderation/appeals',
  mine: '/moderation/mine',
  report: '/report',
  sent: '/report/sent',
} as const;

export const isStaffViewer = (page: WebPageContext) => page.viewer?.role === 'moderator' || page.viewer?.role === 'admin';

export function messagePage(page: WebPageContext, title: string, message: string, status: number, next: { href: string; label: string } | null = null): WebPageResult {
  const link = next ?? { href: '/', label: say(page, 'backHome') };
  return {
    title,
    status,
    meta: { noindex: true },
    body: html`<section class="message" aria-labelledby="error-title"><h1 id="error-title">${title}</h1><p>${message}</p><p><a href="${link.href}">${link.label}</a></p></section>`,
  };
}

/** Sign-in for signed-out visitors (a redirect for a page, 401 for a form), else null. */
export function needsSignIn(page: WebPageContext, method: 'GET' | 'POST'): WebPageResult | null {
  if (page.viewer) return null;
  if (method === 'GET') return { redirect: `/signin?next=${encodeURIComponent(page.url.pathname + page.url.search)}`, status: 303 };
  return messagePage(page, say(page, 'notAllowed'), say(page, 'signInFirst'), 401);
}

/** null for moderators and admins; else what to show instead (nothing is read or changed for others). */
export function refuseNonStaff(page: WebPageContext, method: 'GET' | 'POST'): WebPageResult | null {
  return needsSignIn(page, method) ?? (isStaffViewer(page) ? null : messagePage(page, say(page, 'notAllowed'), say(page, 'staffOnly'), 403));
}

export type Section = 'queue' | 'log' | 'appeals';

/** The moderator pages' frame: heading, section tabs (admins also get the instance blocks page), a notice after a redirect. */
export function moderationFrame(page: WebPageContext, section: Section, body: Renderable, options: { status?: number; notice?: string | null } = {}): WebPageResult {
  const tabs: { href: string; label: string; on: boolean }[] = [
    { href: PATHS.queue, label: say(page, 'queue'), on: section === 'queue' },
    { href: PATHS.log, label: say(page, 'log'), on: section === 'log' },
    { href: PATHS.appeals, label: say(page, 'appeals'), on: section === 'appeals' },
  ];
  if (page.viewer?.role === 'admin') tabs.push({ href: '/admin/federation', label: say(page, 'domainBlocks'), on: false });
  return {
    title: `${say(page, section)} · ${say(page, 'moderation')}`,
    status: options.status ?? 200,
    meta: { noindex: true },
    body: html`<section class="moderation" aria-labelledby="moderation-title">
  <h1 id="moderation-title" class="page-title">${say(page, 'moderation')}</h1>
  <nav class="tabs" aria-label="${say(page, 'sections')}"><ul>${tabs.map((t) => html`<li><a href="${t.href}"${t.on ? html` aria-current="page"` : ''}>${t.label}</a></li>`)}</ul></nav>
  <h2>${say(page, section)}</h2>
  ${options.notice ? html`<p class="form-saved" role="status">${options.notice}</p>` : ''}
  ${body}
</section>`,
  };
}

/** A failed mutation, for the form that sent it: the API's message, the field it names, and the page's status. */
export interface FormProblem {
  message: string;
  field: string | null;
  status: number;
}

const STATUS_OF: Record<string, number> = { BAD_USER_INPUT: 400, UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409, RATE_LIMITED: 429 };

/** The GraphQL error page.gql threw, as a FormProblem; anything else (a bug, an outage) is rethrown. */
export function problemOf(err: unknown): FormProblem {
  const e = err as { code?: unknown; errors?: readonly { message: string; extensions?: Record<string, unknown> }[] };
  const status = typeof e?.code === 'string' ? STATUS_OF[e.code] : undefined;
  if (!status || !Array.isArray(e.errors)) throw err;
  const field = e.errors.map((x) => x.extensions?.field).find((f): f is string => typeof f === 'string') ?? null;
  return { message: e.errors.map((x) => x.message).join(' '), field, status };
}

export const problem = (message: string, field: string | null = null, status = 400): FormProblem => ({ message, field, status });

/** The message above a form, read out when it appears. */
export const problemAlert = (p: FormProblem | null, id: string): SafeHtml | '' => (p ? html`<p class="form-error" role="alert" id="${id}">${p.message}</p>` : '');

/** aria for a field the problem names. */
export const invalidIf = (p: FormProblem | null, field: string, alertId: string): SafeHtml | '' =>
  p?.field === field ? html` aria-invalid="true" aria-describedby="${alertId}"` : '';

export function when(page: WebPageContext, iso: string | null): SafeHtml | '' {
  if (!iso) return '';
  const date = new Date(iso);
  return html`<time datetime="${date.toISOString()}">${new Intl.DateTimeFormat(page.locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date)}</time>`;
}

export const dateText = (page: WebPageContext, iso: string) => new Intl.DateTimeFormat(page.locale, { dateStyle: 'medium' }).format(new Date(iso));

export interface PersonRef {
  handle: string;
  displayName: string;
}

export const personName = (p: PersonRef) => (p.displayName && p.displayName !== p.handle ? `${p.displayName} (@${p.handle})` : `@${p.handle}`);
export const personLink = (p: PersonRef | null): SafeHtml | string => (p ? html`<a href="/@${p.handle}">${personName(p)}</a>` : '—');

export interface TargetOf {
  targetType: string;
  targetId: string;
  targetAccount: { handle: string } | null;
}

/**
 * Where each target can be seen: a note's page, a comment at its place on
 * its note's page (looked up in one query), a person's profile. Targets
 * that are gone have no link.
 */
export async function targetLinks(page: WebPageContext, items: readonly TargetOf[]): Promise<Map<string, string>> {
  const links = new Map<string, string>();
  const comments = [...new Set(items.filter((i) => i.targetType === 'Comment').map((i) => i.targetId))];
  for (const i of items) {
    if (i.targetType === 'Note') links.set(i.targetId, `/notes/${localId(i.targetId, 'Note')}`);
    else if (i.targetType === 'Account' && i.targetAccount) links.set(i.targetId, `/@${i.targetAccount.handle}`);
  }
  if (comments.length) {
    const query = `query TrustCommentPlaces(${comments.map((_, n) => `$c${n}: ID!`).join(', ')}) { ${comments.map((_, n) => `c${n}: node(id: $c${n}) { ... on Comment { note { id } } }`).join(' ')} }`;
    const data = await page.gql<Record<string, { note?: { id: string } } | null>>(query, Object.fromEntries(comments.map((id, n) => [`c${n}`, id]))).catch(() => null);
    comments.forEach((id, n) => {
      const note = data?.[`c${n}`]?.note;
      if (note) links.set(id, `/notes/${localId(note.id, 'Note')}#comment-${localId(id, 'Comment')}`);
    });
  }
  return links;
}

/** A `?after=` cursor the API refused: the page says so instead of failing. */
export function isBadCursor(err: unknown): boolean {
  const e = err as { code?: unknown; errors?: readonly { message: string }[] };
  return e?.code === 'BAD_USER_INPUT' && /cursor/i.test(e.errors?.[0]?.message ?? '');
}
