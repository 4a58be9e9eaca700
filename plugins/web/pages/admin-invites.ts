// The admin page for invite codes: create one (how many sign-ups, when it
// expires), the list with each code's invite link, uses and state, and
// revoking a code (accounts made with it stay).

import type { WebPageContext, WebPageResult } from '../contracts.ts';
import { html, type SafeHtml } from '../render/html.ts';
import { formAlert, hidden, input, type FieldErrors } from '../render/forms.ts';
import { adminFrame, formErrors } from './admin.ts';

const EXPIRY_DAYS = ['1', '7', '30', 'never'] as const;

interface InviteRow {
  id: string;
  code: string;
  maxUses: number | null;
  uses: number;
  expiresAt: string | null;
  usable: boolean;
  createdBy: { handle: string } | null;
  usedBy: { handle: string }[];
}

const QUERY = `query WebAdminInvites {
  invites(first: 100) { totalCount edges { node { id code maxUses uses expiresAt usable createdBy { handle } usedBy { handle } } } }
}`;

export async function invitesAdminPage(page: WebPageContext, failed: { errors: FieldErrors; values: URLSearchParams } | null = null): Promise<WebPageResult> {
  const { t } = page;
  const data = await page.gql<{ invites: { totalCount: number; edges: { node: InviteRow }[] } }>(QUERY);
  const e = failed?.errors ?? {};
  const expiry = failed?.values.get('expires') ?? '7';
  const createForm = html`<form method="post" action="/admin/invites" class="stacked" aria-labelledby="invite-add-title">
  <h3 id="invite-add-title">${t('invites.create')}</h3>
  ${formAlert(e)}
  ${input('maxUses', t('invites.maxUses'), e, { type: 'number', value: failed?.values.get('maxUses') ?? '1', hint: t('invites.maxUsesHint'), extra: html` min="1" step="1"` })}
  <div class="form-field"><label for="f-expires">${t('invites.expires')}</label>
    <select id="f-expires" name="expires">${EXPIRY_DAYS.map((d) => html`<option value="${d}"${d === expiry ? html` selected` : ''}>${t(`invites.expires.${d}`)}</option>`)}</select></div>
  <button type="submit" class="primary">${t('invites.createButton')}</button>
</form>`;

  const base = page.instance.publicUrl.replace(/\/$/, '');
  const date = (iso: string) => html`<time datetime="${iso}">${new Intl.DateTimeFormat(page.locale, { dateStyle: 'medium' }).format(new Date(iso))}</time>`;
  const state = (i: InviteRow) => {
    if (i.usable) return t('invites.state.usable');
    return i.expiresAt && new Date(i.expiresAt).getTime() <= Date.now() ? t('invites.state.expired') : t('invites.state.usedUp');
  };
  const row = (i: InviteRow): SafeHtml => {
    const link = `${base}/signup?invite=${encodeURIComponent(i.code)}`;
    return html`<tr data-code="${i.code}">
  <th scope="row"><code>${i.code}</code></th>
  <td><a href="${link}">${link}</a></td>
  <td>${i.maxUses == null ? t('invites.usesOpen', { uses: i.uses }) : t('invites.uses', { uses: i.uses, max: i.maxUses })}${i.usedBy.length ? html`<br><span class="hint">${i.usedBy.map((a) => `@${a.handle}`).join(', ')}</span>` : ''}</td>
  <td>${i.expiresAt ? date(i.expiresAt) : t('invites.never')}</td>
  <td>${i.createdBy ? `@${i.createdBy.handle}` : ''}</td>
  <td data-state>${state(i)}</td>
  <td><form method="post" action="/admin/invites/revoke">${hidden('id', i.id)}<button type="submit" class="secondary" aria-label="${t('invites.revokeCode', { code: i.code })}">${t('invites.revoke')}</button></form></td>
</tr>`;
  };
  const invites = data.invites.edges.map((edge) => edge.node);
  const list = invites.length
    ? html`<div class="table-scroll"><table class="admin-invites">
  <thead><tr><th scope="col">${t('invites.code')}</th><th scope="col">${t('invites.link')}</th><th scope="col">${t('invites.usesTitle')}</th><th scope="col">${t('invites.expires')}</th><th scope="col">${t('invites.by')}</th><th scope="col">${t('invites.state')}</th><th scope="col">${t('invites.actions')}</th></tr></thead>
  <tbody>${invites.map(row)}</tbody>
</table></div>`
    : html`<p class="empty">${t('invites.empty')}</p>`;
  const body = html`<p>${t(page.instance.registrations === 'invite' ? 'invites.introInvite' : 'invites.intro')}</p>
${createForm}
<section aria-labelledby="invites-title">
  <h3 id="invites-title">${t('invites.list', { count: data.invites.totalCount })}</h3>
  ${list}
</section>`;
  return adminFrame(page, 'invites', body, failed ? 400 : 200);
}

export async function createInvite(page: WebPageContext, form: URLSearchParams): Promise<WebPageResult> {
  const rawUses = (form.get('maxUses') ?? '').trim();
  const maxUses = rawUses === '' ? null : Number(rawUses);
  if (maxUses !== null && !Number.isInteger(maxUses)) return invitesAdminPage(page, { errors: { maxUses: page.t('registrations.wholeNumber') }, values: form });
  const days = form.get('expires') ?? '7';
  const expiresAt = days === 'never' || !(EXPIRY_DAYS as readonly string[]).includes(days) ? null : new Date(Date.now() + Number(days) * 86_400_000).toISOString();
  try {
    await page.gql(`mutation WebCreateInvite($input: CreateInviteInput) { createInvite(input: $input) { id } }`, { input: { maxUses, expiresAt } });
  } catch (err) {
    return invitesAdminPage(page, { errors: formErrors(err, ['maxUses']), values: form });
  }
  return { redirect: '/admin/invites?saved=1', status: 303 };
}

export async function revokeInvite(page: WebPageContext, form: URLSearchParams): Promise<WebPageResult> {
  try {
    await page.gql(`mutation WebRevokeInvite($id: ID!) { revokeInvite(id: $id) { id } }`, { id: form.get('id') ?? '' });
  } catch (err) {
    return invitesAdminPage(page, { errors: formErrors(err, []), values: new URLSearchParams() });
  }
  return { redirect: '/admin/invites?saved=1', status: 303 };
}
