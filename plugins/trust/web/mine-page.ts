// /moderation/mine: what moderators did about the signed-in person's notes,
// comments or account, newest first, with the reason each time, and an
// appeal form on each action that can still be appealed (once; another
// moderator decides). A suspended person sees why and until when at the
// top, and can still appeal. Signed-out visitors are sent to sign in.

import { html, type SafeHtml, type WebPageContext, type WebPageResult } from '../../web/contracts.ts';
import { AGAINST_SOMEONE } from '../contracts.ts';
import { PATHS, dateText, isBadCursor, messagePage, needsSignIn, problem, problemAlert, problemOf, targetLinks, when, type FormProblem } from './common.ts';
import { ACTION_FIELDS, actionSummary, type ActionView } from './log-page.ts';
import { statusName } from './labels.ts';
import { say } from './words.ts';

const PAGE_SIZE = 20;

const QUERY = `query TrustMine($first: Int!, $after: String) {
  me { handle suspension { reason until } }
  myModerationActions(first: $first, after: $after) {
    edges { node { ${ACTION_FIELDS} appeal { status text createdAt decidedAt } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

type MyAction = ActionView & { appeal: { status: string; text: string; createdAt: string; decidedAt: string | null } | null };

interface Failed {
  actionId: string;
  values: URLSearchParams;
  problem: FormProblem;
}

const ON: Record<string, 'onNote' | 'onComment' | 'onAccount'> = { Note: 'onNote', Comment: 'onComment', Account: 'onAccount' };
const appealable = (action: string) => (AGAINST_SOMEONE as readonly string[]).includes(action);

function appealPart(page: WebPageContext, a: MyAction, n: number, after: string | null, failed: Failed | null): SafeHtml | '' {
  if (a.appeal) {
    return html`<p><strong>${say(page, 'yourAppeal', { status: statusName(page, a.appeal.status) })}</strong> · ${when(page, a.appeal.createdAt)}</p><blockquote><p>${a.appeal.text}</p></blockquote>`;
  }
  if (a.action === 'APPEAL_UPHELD' || a.action === 'APPEAL_OVERTURNED') return html`<p class="hint">${say(page, 'final')}</p>`;
  if (!appealable(a.action)) return '';
  const alertId = `appeal-${n}-error`;
  const p = failed?.problem ?? null;
  return html`<form method="post" action="${PATHS.mine}" class="stacked">
  ${problemAlert(p, alertId)}
  <input type="hidden" name="do" value="appeal"><input type="hidden" name="actionId" value="${a.id}">${after ? html`<input type="hidden" name="after" value="${after}">` : ''}
  <div class="form-field"><label for="appeal-${n}-text">${say(page, 'appealField')}</label>
    <textarea id="appeal-${n}-text" name="text" rows="3" required maxlength="2000" aria-describedby="appeal-${n}-hint${p ? ` ${alertId}` : ''}"${p ? html` aria-invalid="true"` : ''}>${failed?.values.get('text') ?? ''}</textarea>
    <p class="hint" id="appeal-${n}-hint">${say(page, 'appealHint')}</p></div>
  <button type="submit" class="primary">${say(page, 'sendAppeal')}</button>
</form>`;
}

export async function minePage(page: WebPageContext, failed: Failed | null = null, formAfter: string | null = null): Promise<WebPageResult> {
  const refused = needsSignIn(page, 'GET');
  if (refused) return refused;
  const after = formAfter ?? (page.url.searchParams.get('after') || null);
  const title = say(page, 'mineTitle');
  let data: { me: { handle: string; suspension: { reason: string; until: string | null } | null }; myModerationActions: { edges: { node: MyAction }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
  try {
    data = await page.gql(QUERY, { first: PAGE_SIZE, after });
  } catch (err) {
    if (!isBadCursor(err)) throw err;
    return messagePage(page, title, say(page, 'badPage'), 400, { href: PATHS.mine, label: say(page, 'startAgain') });
  }
  const actions = data.myModerationActions.edges.map((e) => e.node);
  const links = await targetLinks(page, actions);
  const { hasNextPage, endCursor } = data.myModerationActions.pageInfo;
  const s = data.me.suspension;
  const suspended = s ? html`<p class="form-error" role="status">${say(page, 'suspended', { until: s.until ? say(page, 'untilDate', { date: dateText(page, s.until) }) : say(page, 'untilLifted'), reason: s.reason })}</p>` : '';
  const item = (a: MyAction, n: number) => {
    const link = links.get(a.targetId);
    const on = say(page, ON[a.targetType] ?? 'onAccount');
    return html`<li class="settings-section" id="action-${n}">
<article aria-labelledby="action-${n}-title">
  <h2 id="action-${n}-title">${actionSummary(page, a)}</h2>
  <p class="hint">${link ? html`<a href="${link}">${on}</a>` : on} · ${when(page, a.createdAt)}</p>
  <p><strong>${say(page, 'reason')}:</strong> ${a.reason}</p>
  ${appealPart(page, a, n, after, failed?.actionId === a.id ? failed : null)}
</article>
</li>`;
  };
  const notice = !failed && page.url.searchParams.get('done') === 'appealed' ? html`<p class="form-saved" role="status">${say(page, 'appealed')}</p>` : '';
  const body = html`<h1 class="page-title">${title}</h1>
${suspended}${notice}
<p class="hint">${say(page, 'mineIntro')}</p>
${actions.length ? html`<ol class="moderation-mine" role="list">${actions.map(item)}</ol>` : html`<p class="empty">${say(page, 'mineEmpty')}</p>`}
${hasNextPage && endCursor ? html`<nav class="pager" aria-label="${say(page, 'more')}"><a class="more" rel="next" href="${`${PATHS.mine}?after=${encodeURIComponent(endCursor)}`}">${say(page, 'more')}</a></nav>` : ''}`;
  return { title, status: failed?.problem.status ?? 200, meta: { noindex: true }, body: html`<div class="settings">${body}</div>` };
}

export async function mineAction(page: WebPageContext, form: URLSearchParams): Promise<WebPageResult> {
  const refused = needsSignIn(page, 'POST');
  if (refused) return refused;
  const actionId = form.get('actionId') ?? '';
  const after = form.get('after') || null;
  const fail = (p: FormProblem) => minePage(page, { actionId, values: form, problem: p }, after);
  if (form.get('do') !== 'appeal' || !actionId) return fail(problem(say(page, 'badForm')));
  try {
    await page.gql(`mutation TrustAppeal($id: ID!, $text: String!) { appeal(actionId: $id, text: $text) { id } }`, { id: actionId, text: form.get('text') ?? '' });
  } catch (err) {
    return fail(problemOf(err));
  }
  const params = new URLSearchParams({ ...(after ? { after } : {}), done: 'appealed' });
  return { redirect: `${PATHS.mine}?${params}`, status: 303 };
}
