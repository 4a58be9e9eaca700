// The admin page for sign-ups: how new people join (open, approval,
// invite-only; whether members may invite) and the new-account limits,
// saved as the instance's settings; and the sign-ups waiting for approval,
// each with the applicant's reason, to approve or reject (with a message
// the applicant reads when they next try to sign in).

import type { WebPageContext, WebPageResult } from '../contracts.ts';
import { html, type SafeHtml } from '../render/html.ts';
import { formAlert, hidden, input, type FieldErrors } from '../render/forms.ts';
import { adminFrame, formErrors } from './admin.ts';

const MODES = ['open', 'approval', 'invite'] as const;
const NUMBERS = ['newAccountHours', 'signUpsPerAddress', 'newAccountFollowsPerHour'] as const;
const SETTING_FIELDS = ['registrations', 'membersCanInvite', ...NUMBERS] as const;

interface Waiting {
  reason: string;
  requestedAt: string;
  account: { id: string; handle: string; displayName: string; email: string | null };
}

const QUERY = `query WebAdminSignUps {
  plugins { name settings }
  pendingSignUps(first: 100) { totalCount edges { node { reason requestedAt account { id handle displayName email } } } }
}`;

/** A failed form: the settings, or the waiting sign-up (account id) being answered. */
export interface SignUpFormError {
  target: 'settings' | string;
  errors: FieldErrors;
  values?: URLSearchParams;
}

export async function registrationsAdminPage(page: WebPageContext, failed: SignUpFormError | null = null): Promise<WebPageResult> {
  const { t } = page;
  const data = await page.gql<{ plugins: { name: string; settings: Record<string, unknown> | null }[]; pendingSignUps: { totalCount: number; edges: { node: Waiting }[] } }>(QUERY);
  const settings = data.plugins.find((p) => p.name === 'instance')?.settings ?? {};
  const mine = failed?.target === 'settings' ? failed : null;
  const e = mine?.errors ?? {};
  const value = (name: string) => mine?.values?.get(name) ?? String(settings[name] ?? '');
  const membersCanInvite = mine?.values ? mine.values.get('membersCanInvite') === '1' : settings.membersCanInvite === true;

  const settingsForm = html`<form method="post" action="/admin/registrations/settings" class="stacked" aria-labelledby="mode-title">
  <h3 id="mode-title">${t('registrations.modeTitle')}</h3>
  ${formAlert(e)}
  <fieldset><legend>${t('registrations.mode')}</legend>
    ${MODES.map((m) => html`<div class="form-field checkbox"><input type="radio" id="f-mode-${m}" name="registrations" value="${m}"${value('registrations') === m ? html` checked` : ''}><label for="f-mode-${m}">${t(`registrations.mode.${m}`)}</label></div>`)}
  </fieldset>
  <div class="form-field checkbox"><input type="checkbox" id="f-membersCanInvite" name="membersCanInvite" value="1"${membersCanInvite ? html` checked` : ''}><label for="f-membersCanInvite">${t('registrations.membersCanInvite')}</label></div>
  <fieldset><legend>${t('registrations.limits')}</legend>
    ${NUMBERS.map((n) => input(n, t(`registrations.${n}`), e, { type: 'number', value: value(n), required: true, hint: t(`registrations.${n}Hint`), extra: html` min="${n === 'newAccountHours' ? 0 : 1}" step="1"` }))}
  </fieldset>
  <button type="submit" class="primary">${t('admin.save')}</button>
</form>`;

  const when = (iso: string) => html`<time datetime="${iso}">${new Intl.DateTimeFormat(page.locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso))}</time>`;
  const waiting = (w: Waiting, i: number): SafeHtml => {
    const id = `signup-${i}`;
    const error = failed?.target === w.account.id ? failed.errors : null;
    return html`<li class="admin-block" id="${id}" data-handle="${w.account.handle}">
  <h4 id="${id}-title">${w.account.displayName} <span class="hint">@${w.account.handle}</span></h4>
  ${error ? formAlert({ _form: Object.values(error).join(' ') }) : ''}
  <p class="hint">${t('registrations.requested')} ${when(w.requestedAt)}${w.account.email ? html` · ${w.account.email}` : ''}</p>
  ${w.reason ? html`<blockquote style="white-space:pre-line">${w.reason}</blockquote>` : html`<p class="empty">${t('registrations.noReason')}</p>`}
  <form method="post" action="/admin/registrations/approve">${hidden('accountId', w.account.id)}<button type="submit" class="primary" aria-describedby="${id}-title">${t('registrations.approve')}</button></form>
  <form method="post" action="/admin/registrations/reject" class="stacked">
    ${hidden('accountId', w.account.id)}
    <div class="form-field"><label for="${id}-message">${t('registrations.rejectMessage')}</label><input id="${id}-message" name="message" type="text" maxlength="1000"></div>
    <button type="submit" class="secondary" aria-describedby="${id}-title">${t('registrations.reject')}</button>
  </form>
</li>`;
  };
  const queue = data.pendingSignUps.edges.map((edge) => edge.node);
  // An answer that failed for a sign-up no longer waiting (another admin answered it) is told above the list.
  const gone = failed && failed.target !== 'settings' && !queue.some((w) => w.account.id === failed.target) ? failed.errors : null;
  const body = html`${settingsForm}
<section aria-labelledby="waiting-title">
  <h3 id="waiting-title">${t('registrations.waiting', { count: data.pendingSignUps.totalCount })}</h3>
  ${gone ? formAlert({ _form: Object.values(gone).join(' ') }) : ''}
  ${queue.length ? html`<ul class="admin-blocks">${queue.map(waiting)}</ul>` : html`<p class="empty">${t('registrations.noneWaiting')}</p>`}
</section>`;
  return adminFrame(page, 'registrations', body, failed ? 400 : 200);
}

const saved = { redirect: '/admin/registrations?saved=1', status: 303 as const };

export async function saveRegistrationSettings(page: WebPageContext, form: URLSearchParams): Promise<WebPageResult> {
  const errors: FieldErrors = {};
  const settings: Record<string, unknown> = { registrations: form.get('registrations') ?? 'open', membersCanInvite: form.get('membersCanInvite') === '1' };
  for (const name of NUMBERS) {
    const n = Number((form.get(name) ?? '').trim());
    if ((form.get(name) ?? '').trim() === '' || !Number.isInteger(n)) errors[name] = page.t('registrations.wholeNumber');
    else settings[name] = n;
  }
  if (Object.keys(errors).length) return registrationsAdminPage(page, { target: 'settings', errors, values: form });
  try {
    await page.gql(`mutation WebSaveSignUpSettings($s: JSON!) { updatePluginSettings(plugin: "instance", settings: $s) { name } }`, { s: settings });
  } catch (err) {
    return registrationsAdminPage(page, { target: 'settings', errors: formErrors(err, SETTING_FIELDS), values: form });
  }
  return saved;
}

export async function approveSignUp(page: WebPageContext, form: URLSearchParams): Promise<WebPageResult> {
  const accountId = form.get('accountId') ?? '';
  try {
    await page.gql(`mutation WebApproveSignUp($id: ID!) { approveSignUp(accountId: $id) { id } }`, { id: accountId });
  } catch (err) {
    return registrationsAdminPage(page, { target: accountId, errors: formErrors(err, []) });
  }
  return saved;
}

export async function rejectSignUp(page: WebPageContext, form: URLSearchParams): Promise<WebPageResult> {
  const accountId = form.get('accountId') ?? '';
  try {
    await page.gql(`mutation WebRejectSignUp($id: ID!, $m: String) { rejectSignUp(accountId: $id, message: $m) }`, { id: accountId, m: form.get('message') ?? '' });
  } catch (err) {
    return registrationsAdminPage(page, { target: accountId, errors: formErrors(err, []) });
  }
  return saved;
}
