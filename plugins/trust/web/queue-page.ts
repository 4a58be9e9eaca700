// /moderation: the report queue for moderators and admins, by status
// (open ones oldest first), each report with what it is about (summary and
// link), whose it is and how many actions were taken against them before,
// who reported it (or from which instance), the assignee with "Assign to
// me", and the action form: an action from the list `moderate` accepts, the
// reason (required; the person is told) and the options some actions need.
// Forms post here with a `do` field and work without JavaScript; a refused
// one comes back with what was typed and the API's message.

import { localId } from '../../../core/index.ts';
import { html, type SafeHtml, type WebPageContext, type WebPageResult } from '../../web/contracts.ts';
import {
  PATHS, invalidIf, isBadCursor, moderationFrame, personLink, personName, problem, problemAlert, problemOf, refuseNonStaff, targetLinks, when,
  type FormProblem, type PersonRef,
} from './common.ts';
import { ACTION_NEEDS, CHOOSABLE_ACTIONS, DISCLOSURE_LABELS, actionName, disclosureName, reasonName, statusName, targetName } from './labels.ts';
import { say, sayHtml } from './words.ts';

const PAGE_SIZE = 20;
const STATUSES = ['OPEN', 'RESOLVED', 'DISMISSED'] as const;
type Status = (typeof STATUSES)[number];

const QUERY = `query TrustQueue($status: ReportStatus!, $first: Int!, $after: String) {
  moderationQueue(status: $status, first: $first, after: $after) {
    edges { node {
      id reason comment status targetType targetId targetSummary targetAccountPreviousActions
      signals { kind score explanation }
      targetAccount { handle displayName domain } reporter { handle displayName } reporterDomain
      assignee { id handle displayName } createdAt resolvedAt forwardedTo
    } }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface ReportView {
  id: string;
  reason: string;
  comment: string;
  status: Status;
  targetType: string;
  targetId: string;
  targetSummary: string | null;
  targetAccountPreviousActions: number | null;
  targetAccount: (PersonRef & { domain?: string | null }) | null;
  /** Automatic signals behind a report the instance filed itself. */
  signals: { kind: string; score: number; explanation: string }[] | null;
  reporter: PersonRef | null;
  reporterDomain: string | null;
  assignee: (PersonRef & { id: string }) | null;
  createdAt: string;
  resolvedAt: string | null;
  forwardedTo: string | null;
}

/** Which list the moderator is looking at (kept through forms, so they come back to it). */
interface QueueState {
  status: Status;
  after: string | null;
}

/** A form that was refused: for which report, what was typed, and why. */
interface Failed {
  reportId: string;
  form: 'act' | 'assign' | 'forward';
  values: URLSearchParams;
  problem: FormProblem;
}

const stateOf = (params: URLSearchParams): QueueState => ({
  status: STATUSES.find((s) => s === params.get('status')) ?? 'OPEN',
  after: params.get('after') || null,
});

function queueUrl(state: QueueState, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams({ ...(state.status !== 'OPEN' ? { status: state.status } : {}), ...(state.after ? { after: state.after } : {}), ...extra });
  const query = params.toString();
  return query ? `${PATHS.queue}?${query}` : PATHS.queue;
}

const keep = (state: QueueState) => html`<input type="hidden" name="status" value="${state.status}">${state.after ? html`<input type="hidden" name="after" value="${state.after}">` : ''}`;

function history(page: WebPageContext, count: number | null): string {
  if (count == null) return '';
  return count === 0 ? say(page, 'historyNone') : count === 1 ? say(page, 'historyOne') : say(page, 'historyMany', { count });
}

function actionForm(page: WebPageContext, r: ReportView, n: number, state: QueueState, failed: Failed | null): SafeHtml {
  const p = failed?.form === 'act' ? failed.problem : null;
  const v = failed?.form === 'act' ? failed.values : null;
  const alertId = `act-${n}-error`;
  const chosen = v?.get('action') ?? '';
  const needing = (need: 'label' | 'suspendDays') => CHOOSABLE_ACTIONS.filter((a) => ACTION_NEEDS[a] === need).map((a) => actionName(page, a)).join(', ');
  return html`<form method="post" action="${PATHS.queue}" class="stacked" aria-labelledby="act-${n}-title">
  <h4 id="act-${n}-title">${say(page, 'actFor')}</h4>
  ${problemAlert(p, alertId)}
  <input type="hidden" name="do" value="act"><input type="hidden" name="reportId" value="${r.id}">${keep(state)}
  <div class="form-field"><label for="act-${n}-action">${say(page, 'actionField')}</label>
    <select id="act-${n}-action" name="action" required${invalidIf(p, 'action', alertId)}><option value="">${say(page, 'chooseAction')}</option>${CHOOSABLE_ACTIONS.map(
      (a) => html`<option value="${a}"${a === chosen ? html` selected` : ''}>${actionName(page, a)}</option>`,
    )}</select></div>
  <div class="form-field"><label for="act-${n}-reason">${say(page, 'reasonField')}</label>
    <textarea id="act-${n}-reason" name="reason" rows="3" required maxlength="2000" aria-describedby="act-${n}-reason-hint"${invalidIf(p, 'reason', alertId)}>${v?.get('reason') ?? ''}</textarea>
    <p class="hint" id="act-${n}-reason-hint">${say(page, 'reasonHint')}</p></div>
  <fieldset><legend>${say(page, 'optionsLegend')}</legend>
    <div class="form-field"><label for="act-${n}-label">${say(page, 'labelField', { action: needing('label') })}</label>
      <select id="act-${n}-label" name="label"${invalidIf(p, 'label', alertId)}><option value="">${say(page, 'noLabel')}</option>${DISCLOSURE_LABELS.map(
        (l) => html`<option value="${l}"${v?.get('label') === l ? html` selected` : ''}>${disclosureName(page, l)}</option>`,
      )}</select></div>
    <div class="form-field"><label for="act-${n}-days">${say(page, 'daysField', { action: needing('suspendDays') })}</label>
      <input id="act-${n}-days" name="suspendDays" type="number" min="1" max="3650" step="1" inputmode="numeric" value="${v?.get('suspendDays') ?? ''}" aria-describedby="act-${n}-days-hint"${invalidIf(p, 'suspendDays', alertId)}>
      <p class="hint" id="act-${n}-days-hint">${say(page, 'daysHint')}</p></div>
  </fieldset>
  <button type="submit" class="primary">${say(page, 'apply')}</button>
</form>`;
}

function reportItem(page: WebPageContext, r: ReportView, n: number, link: string | undefined, state: QueueState, failed: Failed | null): SafeHtml {
  const mine = failed?.reportId === r.id ? failed : null;
  const open = r.status === 'OPEN';
  const assignee = r.assignee
    ? r.assignee.id === page.viewer?.id ? say(page, 'assignedToYou') : say(page, 'assignedTo', { name: personName(r.assignee) })
    : say(page, 'unassigned');
  const assign = open && r.assignee?.id !== page.viewer?.id
    ? html`<form method="post" action="${PATHS.queue}" class="inline-form">${mine?.form === 'assign' ? problemAlert(mine.problem, `assign-${n}-error`) : ''}
        <input type="hidden" name="do" value="assign"><input type="hidden" name="reportId" value="${r.id}">${keep(state)}<button type="submit">${say(page, 'assignToMe')}</button></form>`
    : '';
  // About someone of another instance: its moderators can be told (a Flag; the reporter stays anonymous).
  const domain = r.targetAccount?.domain;
  const forward = domain && !r.forwardedTo
    ? html`<form method="post" action="${PATHS.queue}" class="stacked">${mine?.form === 'forward' ? problemAlert(mine.problem, `forward-${n}-error`) : ''}
        <input type="hidden" name="do" value="forward"><input type="hidden" name="reportId" value="${r.id}">${keep(state)}
        <div class="form-field"><label for="forward-${n}">${say(page, 'forwardComment', { domain })}</label>
        <textarea id="forward-${n}" name="comment" rows="2" maxlength="2000"></textarea></div>
        <button type="submit">${say(page, 'forward', { domain })}</button></form>`
    : '';
  return html`<li class="report-item settings-section" id="report-${localId(r.id, 'Report')}">
<article aria-labelledby="report-${n}-title">
  <h3 id="report-${n}-title">${reasonName(page, r.reason)} · ${targetName(page, r.targetType)}</h3>
  <p class="hint">${r.reporter ? say(page, 'reportedBy', { name: personName(r.reporter) }) : r.reporterDomain ? say(page, 'reportedFrom', { domain: r.reporterDomain }) : ''} · ${when(page, r.createdAt)}${r.forwardedTo ? html` · ${say(page, 'forwardedTo', { domain: r.forwardedTo })}` : ''}</p>
  <blockquote class="report-target"><p>${r.targetSummary ?? say(page, 'removed')}</p></blockquote>
  ${r.signals?.length ? html`<p>${say(page, 'signalsFound')}</p><ul class="report-signals">${r.signals.map((sig) => html`<li>${sig.explanation} <span class="hint">(${Math.round(sig.score * 100)}%)</span></li>`)}</ul>` : ''}
  ${link ? html`<p><a href="${link}">${say(page, 'openTarget')}</a></p>` : ''}
  ${r.targetAccount ? html`<p>${sayHtml(page, r.targetType === 'Account' ? 'reportedPerson' : 'author', { name: personLink(r.targetAccount) })} · <span class="report-history">${history(page, r.targetAccountPreviousActions)}</span></p>` : ''}
  ${r.comment ? html`<p><strong>${say(page, 'reporterNote')}:</strong> ${r.comment}</p>` : ''}
  ${open ? html`<p>${assignee}</p>${assign}${actionForm(page, r, n, state, mine)}` : html`<p>${statusName(page, r.status)}${r.resolvedAt ? html` · ${sayHtml(page, 'resolvedAt', { date: when(page, r.resolvedAt) })}` : ''}</p>`}
  ${forward}
</article>
</li>`;
}

export async function queuePage(page: WebPageContext, failed: Failed | null = null, formState: QueueState | null = null): Promise<WebPageResult> {
  const refused = refuseNonStaff(page, 'GET');
  if (refused) return refused;
  const state = formState ?? stateOf(page.url.searchParams);
  const filters = html`<nav class="tabs" aria-label="${say(page, 'filterStatus')}"><ul>${STATUSES.map(
    (s) => html`<li><a href="${queueUrl({ status: s, after: null })}"${s === state.status ? html` aria-current="page"` : ''}>${statusName(page, s)}</a></li>`,
  )}</ul></nav>`;
  let data: { moderationQueue: { edges: { node: ReportView }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
  try {
    data = await page.gql(QUERY, { status: state.status, first: PAGE_SIZE, after: state.after });
  } catch (err) {
    if (!isBadCursor(err)) throw err;
    return moderationFrame(page, 'queue', html`${filters}<p class="form-error" role="alert">${say(page, 'badPage')}</p><p><a href="${queueUrl({ status: state.status, after: null })}">${say(page, 'startAgain')}</a></p>`, { status: 400 });
  }
  const reports = data.moderationQueue.edges.map((e) => e.node);
  const links = await targetLinks(page, reports);
  const { hasNextPage, endCursor } = data.moderationQueue.pageInfo;
  const done = page.url.searchParams.get('done');
  const notice = failed ? null : done === 'assigned' ? say(page, 'assigned') : done === 'forwarded' ? say(page, 'forwarded') : CHOOSABLE_ACTIONS.find((a) => a === done) ? say(page, 'acted', { action: actionName(page, done!) }) : null;
  const empty = state.status === 'OPEN' ? say(page, 'queueEmptyOpen') : say(page, 'queueEmpty');
  const body = html`${filters}
${reports.length ? html`<ol class="report-list" role="list">${reports.map((r, n) => reportItem(page, r, n, links.get(r.targetId), state, failed))}</ol>` : html`<p class="empty">${empty}</p>`}
${hasNextPage && endCursor ? html`<nav class="pager" aria-label="${say(page, 'more')}"><a class="more" rel="next" href="${queueUrl({ status: state.status, after: endCursor })}">${say(page, 'more')}</a></nav>` : ''}`;
  return moderationFrame(page, 'queue', body, { status: failed?.problem.status, notice });
}

const REPORT_FIELDS = 'id';

export async function queueAction(page: WebPageContext, form: URLSearchParams): Promise<WebPageResult> {
  const refused = refuseNonStaff(page, 'POST');
  if (refused) return refused;
  const state = stateOf(form);
  const reportId = form.get('reportId') ?? '';
  const what = form.get('do');
  const fail = (p: FormProblem, kind: Failed['form']) => queuePage(page, { reportId, form: kind, values: form, problem: p }, state);
  if (!reportId || (what !== 'act' && what !== 'assign' && what !== 'forward')) return fail(problem(say(page, 'badForm')), 'act');

  if (what === 'forward') {
    try {
      await page.gql(`mutation TrustForward($id: ID!, $comment: String) { forwardReport(id: $id, comment: $comment) { ${REPORT_FIELDS} } }`, { id: reportId, comment: form.get('comment') || null });
    } catch (err) {
      return fail(problemOf(err), 'forward');
    }
    return { redirect: `${queueUrl(state, { done: 'forwarded' })}#report-${safeLocal(reportId)}`, status: 303 };
  }

  if (what === 'assign') {
    try {
      await page.gql(`mutation TrustAssign($id: ID!) { assignReport(id: $id) { ${REPORT_FIELDS} } }`, { id: reportId });
    } catch (err) {
      return fail(problemOf(err), 'assign');
    }
    return { redirect: `${queueUrl(state, { done: 'assigned' })}#report-${safeLocal(reportId)}`, status: 303 };
  }

  const action = CHOOSABLE_ACTIONS.find((a) => a === form.get('action'));
  if (!action) return fail(problem(say(page, 'chooseAction'), 'action'), 'act');
  const days = (form.get('suspendDays') ?? '').trim();
  if (days && !/^\d{1,6}$/.test(days)) return fail(problem(say(page, 'daysNumber'), 'suspendDays'), 'act');
  const options = { ...(form.get('label') ? { label: form.get('label') } : {}), ...(days ? { suspendDays: Number(days) } : {}) };
  try {
    await page.gql(`mutation TrustModerate($id: ID!, $action: ModerationActionKind!, $reason: String!, $options: ModerationOptions) {
      moderate(reportId: $id, action: $action, reason: $reason, options: $options) { id }
    }`, { id: reportId, action, reason: form.get('reason') ?? '', options: Object.keys(options).length ? options : null });
  } catch (err) {
    return fail(problemOf(err), 'act');
  }
  // The report leaves the open list: back to the same page of it.
  return { redirect: queueUrl(state, { done: action }), status: 303 };
}

/** The number in a Report id, for the anchor; '' when it is not one. */
function safeLocal(id: string): string {
  try {
    return String(localId(id, 'Report'));
  } catch {
    return '';
  }
}
