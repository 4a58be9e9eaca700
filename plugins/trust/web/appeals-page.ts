// /moderation/appeals: appeals by status (waiting ones oldest first) for
// moderators and admins. Each shows the action appealed (what, by whom,
// the reason given) and the person's text; a waiting one has a form to
// uphold or overturn it with a reason. The moderator who took the action
// is told on the page that another moderator decides, and if they submit
// anyway the API's refusal comes back next to the form.

import { html, type SafeHtml, type WebPageContext, type WebPageResult } from '../../web/contracts.ts';
import {
  PATHS, invalidIf, isBadCursor, moderationFrame, personLink, personName, problem, problemAlert, problemOf, refuseNonStaff, targetLinks, when,
  type FormProblem, type PersonRef,
} from './common.ts';
import { ACTION_FIELDS, actionSummary, type ActionView } from './log-page.ts';
import { actionName, statusName, targetName } from './labels.ts';
import { say, sayHtml } from './words.ts';

const PAGE_SIZE = 20;
const STATUSES = ['PENDING', 'UPHELD', 'OVERTURNED'] as const;
type Status = (typeof STATUSES)[number];
const DECISIONS = ['UPHOLD', 'OVERTURN'] as const;

const QUERY = `query TrustAppeals($status: AppealStatus!, $first: Int!, $after: String) {
  appeals(status: $status, first: $first, after: $after) {
    edges { node {
      id text status createdAt decidedAt
      appellant { handle displayName } reviewer { handle displayName }
      action { ${ACTION_FIELDS} }
    } }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface AppealView {
  id: string;
  text: string;
  status: Status;
  createdAt: string;
  decidedAt: string | null;
  appellant: PersonRef | null;
  reviewer: PersonRef | null;
  action: ActionView;
}

interface AppealsState {
  status: Status;
  after: string | null;
}

interface Failed {
  appealId: string;
  values: URLSearchParams;
  problem: FormProblem;
}

const stateOf = (params: URLSearchParams): AppealsState => ({ status: STATUSES.find((s) => s === params.get('status')) ?? 'PENDING', after: params.get('after') || null });

function appealsUrl(state: AppealsState, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams({ ...(state.status !== 'PENDING' ? { status: state.status } : {}), ...(state.after ? { after: state.after } : {}), ...extra });
  return params.size ? `${PATHS.appeals}?${params}` : PATHS.appeals;
}

function decideForm(page: WebPageContext, a: AppealView, n: number, state: AppealsState, failed: Failed | null): SafeHtml {
  const p = failed?.problem ?? null;
  const alertId = `appeal-${n}-error`;
  const chosen = failed?.values.get('decision');
  const own = a.action.moderator?.id === page.viewer?.id;
  return html`<form method="post" action="${PATHS.appeals}" class="stacked" aria-labelledby="appeal-${n}-title">
  ${own ? html`<p class="hint">${say(page, 'ownAction')}</p>` : ''}
  ${problemAlert(p, alertId)}
  <input type="hidden" name="do" value="review"><input type="hidden" name="appealId" value="${a.id}">
  <input type="hidden" name="status" value="${state.status}">${state.after ? html`<input type="hidden" name="after" value="${state.after}">` : ''}
  <fieldset${invalidIf(p, 'decision', alertId)}><legend>${say(page, 'decision')}</legend>
    ${DECISIONS.map((d) => html`<div class="form-field checkbox"><input type="radio" id="appeal-${n}-${d}" name="decision" value="${d}" required${chosen === d ? html` checked` : ''}><label for="appeal-${n}-${d}">${say(page, d === 'UPHOLD' ? 'uphold' : 'overturn')}</label></div>`)}
  </fieldset>
  <div class="form-field"><label for="appeal-${n}-reason">${say(page, 'reasonField')}</label>
    <textarea id="appeal-${n}-reason" name="reason" rows="3" required maxlength="2000"${invalidIf(p, 'reason', alertId)}>${failed?.values.get('reason') ?? ''}</textarea></div>
  <button type="submit" class="primary">${say(page, 'decide')}</button>
</form>`;
}

function appealItem(page: WebPageContext, a: AppealView, n: number, link: string | undefined, state: AppealsState, failed: Failed | null): SafeHtml {
  const what = targetName(page, a.action.targetType);
  return html`<li class="appeal-item settings-section">
<article aria-labelledby="appeal-${n}-title">
  <h3 id="appeal-${n}-title">${say(page, 'appealBy', { name: a.appellant ? personName(a.appellant) : '?', action: actionName(page, a.action.action) })}</h3>
  <p class="hint">${when(page, a.createdAt)}</p>
  <p>${actionSummary(page, a.action)} · ${link ? html`<a href="${link}">${what}</a>` : what} · ${sayHtml(page, 'actedBy', { name: personLink(a.action.moderator) })} · ${when(page, a.action.createdAt)}</p>
  <p><strong>${say(page, 'givenReason')}:</strong> ${a.action.reason}</p>
  <p><strong>${say(page, 'appealText')}:</strong> ${a.text}</p>
  ${a.status === 'PENDING'
    ? decideForm(page, a, n, state, failed?.appealId === a.id ? failed : null)
    : html`<p>${statusName(page, a.status)}${a.reviewer ? html` · ${sayHtml(page, 'decidedBy', { name: personLink(a.reviewer) })}` : ''} · ${when(page, a.decidedAt)}</p>`}
</article>
</li>`;
}

export async function appealsPage(page: WebPageContext, failed: Failed | null = null, formState: AppealsState | null = null): Promise<WebPageResult> {
  const refused = refuseNonStaff(page, 'GET');
  if (refused) return refused;
  const state = formState ?? stateOf(page.url.searchParams);
  const filters = html`<nav class="tabs" aria-label="${say(page, 'filterAppeals')}"><ul>${STATUSES.map(
    (s) => html`<li><a href="${appealsUrl({ status: s, after: null })}"${s === state.status ? html` aria-current="page"` : ''}>${statusName(page, s)}</a></li>`,
  )}</ul></nav>`;
  let data: { appeals: { edges: { node: AppealView }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
  try {
    data = await page.gql(QUERY, { status: state.status, first: PAGE_SIZE, after: state.after });
  } catch (err) {
    if (!isBadCursor(err)) throw err;
    return moderationFrame(page, 'appeals', html`${filters}<p class="form-error" role="alert">${say(page, 'badPage')}</p><p><a href="${appealsUrl({ status: state.status, after: null })}">${say(page, 'startAgain')}</a></p>`, { status: 400 });
  }
  const appeals = data.appeals.edges.map((e) => e.node);
  const links = await targetLinks(page, appeals.map((a) => a.action));
  const { hasNextPage, endCursor } = data.appeals.pageInfo;
  const done = page.url.searchParams.get('done');
  const notice = failed ? null : done === 'UPHOLD' ? say(page, 'decidedUphold') : done === 'OVERTURN' ? say(page, 'decidedOverturn') : null;
  const body = html`${filters}
${appeals.length ? html`<ol class="appeal-list" role="list">${appeals.map((a, n) => appealItem(page, a, n, links.get(a.action.targetId), state, failed))}</ol>` : html`<p class="empty">${say(page, state.status === 'PENDING' ? 'appealsEmptyPending' : 'appealsEmpty')}</p>`}
${hasNextPage && endCursor ? html`<nav class="pager" aria-label="${say(page, 'more')}"><a class="more" rel="next" href="${appealsUrl({ status: state.status, after: endCursor })}">${say(page, 'more')}</a></nav>` : ''}`;
  return moderationFrame(page, 'appeals', body, { status: failed?.problem.status, notice });
}

export async function appealsAction(page: WebPageContext, form: URLSearchParams): Promise<WebPageResult> {
  const refused = refuseNonStaff(page, 'POST');
  if (refused) return refused;
  const state = stateOf(form);
  const appealId = form.get('appealId') ?? '';
  const fail = (p: FormProblem) => appealsPage(page, { appealId, values: form, problem: p }, state);
  if (form.get('do') !== 'review' || !appealId) return fail(problem(say(page, 'badForm')));
  const decision = DECISIONS.find((d) => d === form.get('decision'));
  if (!decision) return fail(problem(say(page, 'chooseDecision'), 'decision'));
  try {
    await page.gql(`mutation TrustReviewAppeal($id: ID!, $decision: AppealDecision!, $reason: String!) { reviewAppeal(id: $id, decision: $decision, reason: $reason) { id } }`, {
      id: appealId, decision, reason: form.get('reason') ?? '',
    });
  } catch (err) {
    return fail(problemOf(err));
  }
  return { redirect: appealsUrl(state, { done: decision }), status: 303 };
}
