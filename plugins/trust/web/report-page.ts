// /report?target=<id>: the form behind the "Report" links on notes,
// comments and profiles — what is reported (shown, so nobody reports the
// wrong thing), a reason with a line on what each means, and an optional
// note for the moderators. It posts to the same path (the `report`
// mutation); a refusal (one's own content, too many reports in an hour)
// comes back on the form, success goes to /report/sent, which thanks the
// person and leads back. Signed-out visitors are sent to sign in first.

import { localId } from '../../../core/index.ts';
import { html, type SafeHtml, type WebPageContext, type WebPageResult } from '../../web/contracts.ts';
import { PATHS, invalidIf, messagePage, needsSignIn, personName, problem, problemAlert, problemOf, type FormProblem, type PersonRef } from './common.ts';
import { REPORT_REASONS, reasonHint, reasonName } from './labels.ts';
import { say } from './words.ts';

const TARGET = `query TrustReportTarget($id: ID!) { node(id: $id) { __typename
  ... on Note { id title author { handle displayName } }
  ... on Comment { id body author { handle displayName } note { id } }
  ... on Account { id handle displayName }
} }`;

type Target =
  | { __typename: 'Note'; id: string; title: string; author: PersonRef }
  | { __typename: 'Comment'; id: string; body: string; author: PersonRef; note: { id: string } }
  | { __typename: 'Account'; id: string; handle: string; displayName: string };

/** The reportable thing behind an id, or null (unknown, gone, unreadable, or not a note, comment or person). */
async function loadTarget(page: WebPageContext, id: string | null): Promise<Target | null> {
  if (!id) return null;
  const data = await page.gql<{ node: { __typename: string } | null }>(TARGET, { id }).catch(() => null);
  const node = data?.node;
  return node && ['Note', 'Comment', 'Account'].includes(node.__typename) ? (node as Target) : null;
}

export function placeOf(t: Target): string {
  if (t.__typename === 'Note') return `/notes/${localId(t.id, 'Note')}`;
  if (t.__typename === 'Comment') return `/notes/${localId(t.note.id, 'Note')}#comment-${localId(t.id, 'Comment')}`;
  return `/@${t.handle}`;
}

const excerpt = (text: string, max = 160) => ([...text].length > max ? `${[...text].slice(0, max - 1).join('')}…` : text);

function preview(page: WebPageContext, t: Target): SafeHtml {
  if (t.__typename === 'Account') return html`<p class="report-preview"><a href="${placeOf(t)}">${personName(t)}</a></p>`;
  const text = t.__typename === 'Note' ? t.title : excerpt(t.body.replace(/\s+/g, ' ').trim());
  return html`<blockquote class="report-preview"><p><a href="${placeOf(t)}">${text}</a></p><footer>${say(page, 'byName', { name: personName(t.author) })}</footer></blockquote>`;
}

const TITLES = { Note: 'titleNote', Comment: 'titleComment', Account: 'titleAccount' } as const;

function reportForm(page: WebPageContext, t: Target, failed: { values: URLSearchParams; problem: FormProblem } | null): WebPageResult {
  const p = failed?.problem ?? null;
  const chosen = failed?.values.get('reason');
  const title = say(page, TITLES[t.__typename]);
  const body = html`<section class="form-page" aria-labelledby="report-title">
  <h1 id="report-title" class="page-title">${title}</h1>
  ${preview(page, t)}
  ${problemAlert(p, 'report-error')}
  <form method="post" action="${PATHS.report}" class="stacked">
    <input type="hidden" name="target" value="${t.id}">
    <fieldset${invalidIf(p, 'reason', 'report-error')}><legend>${say(page, 'whatsWrong')}</legend>
      ${REPORT_REASONS.map((r) => html`<div class="form-field checkbox"><input type="radio" id="reason-${r}" name="reason" value="${r}" required aria-describedby="reason-${r}-hint"${chosen === r ? html` checked` : ''}>
        <label for="reason-${r}">${reasonName(page, r)}</label><p class="hint" id="reason-${r}-hint">${reasonHint(page, r)}</p></div>`)}
    </fieldset>
    <div class="form-field"><label for="report-comment">${say(page, 'commentField')}</label>
      <textarea id="report-comment" name="comment" rows="4" maxlength="2000" aria-describedby="report-comment-hint"${invalidIf(p, 'comment', 'report-error')}>${failed?.values.get('comment') ?? ''}</textarea>
      <p class="hint" id="report-comment-hint">${say(page, 'commentHint')}</p></div>
    <button type="submit" class="primary">${say(page, 'sendReport')}</button> <a href="${placeOf(t)}">${say(page, 'cancel')}</a>
  </form>
</section>`;
  return { title, status: p?.status ?? 200, meta: { noindex: true }, body };
}

export async function reportPage(page: WebPageContext): Promise<WebPageResult | null> {
  const refused = needsSignIn(page, 'GET');
  if (refused) return refused;
  const target = await loadTarget(page, page.url.searchParams.get('target'));
  if (!target) return null;
  return reportForm(page, target, null);
}

export async function reportAction(page: WebPageContext, form: URLSearchParams): Promise<WebPageResult> {
  const refused = needsSignIn(page, 'POST');
  if (refused) return refused;
  const target = await loadTarget(page, form.get('target'));
  if (!target) return messagePage(page, say(page, 'report'), say(page, 'badForm'), 404);
  const reason = REPORT_REASONS.find((r) => r === form.get('reason'));
  if (!reason) return reportForm(page, target, { values: form, problem: problem(say(page, 'chooseReason'), 'reason') });
  try {
    await page.gql(`mutation TrustReport($input: ReportInput!) { report(input: $input) { id } }`, { input: { targetId: target.id, reason, comment: form.get('comment') ?? '' } });
  } catch (err) {
    return reportForm(page, target, { values: form, problem: problemOf(err) });
  }
  return { redirect: `${PATHS.sent}?${new URLSearchParams({ target: target.id })}`, status: 303 };
}

export async function reportSentPage(page: WebPageContext): Promise<WebPageResult> {
  const refused = needsSignIn(page, 'GET');
  if (refused) return refused;
  const target = await loadTarget(page, page.url.searchParams.get('target'));
  const back = target ? { href: placeOf(target), label: say(page, target.__typename === 'Account' ? 'backToProfile' : 'backToNote') } : null;
  return messagePage(page, say(page, 'sentTitle'), say(page, 'sentBody'), 200, back);
}

/** Signed-in people other than its owner see a Report link. */
export function mayReport(page: WebPageContext, ownerHandle: string): boolean {
  return !!page.viewer && page.viewer.handle !== ownerHandle;
}
