// The sign-up page's parts that depend on how this instance takes new
// people (instance.registrations): a notice saying how, the invite code
// field (required when invite-only; offered in approval mode, and filled in
// from an invite link /signup?invite=CODE), the reason box for the admins
// (approval mode), the page shown while a sign-up waits for approval, and
// the sign-in form's words for an account that waits or was not approved.

import type { WebPageContext, WebPageResult } from '../contracts.ts';
import { html, type SafeHtml } from '../render/html.ts';
import { input, type FieldErrors, type FormState } from '../render/forms.ts';
import { WebGraphQLError } from '../page-context.ts';

/** Form fields the sign-up API may name in its errors. */
export const JOIN_FIELDS = ['inviteCode', 'reason'] as const;

/** The invite code to show: what was typed, else the invite link's. */
export function inviteCodeOf(page: WebPageContext, values: URLSearchParams): string {
  return values.get('inviteCode') ?? page.url.searchParams.get('invite') ?? '';
}

export function joinNotice(page: WebPageContext): SafeHtml | '' {
  const { t, instance } = page;
  if (instance.registrations === 'approval') return html`<p class="notice" id="join-mode" data-mode="approval">${t('join.approvalNotice', { name: instance.name })}</p>`;
  if (instance.registrations === 'invite') return html`<p class="notice" id="join-mode" data-mode="invite">${t('join.inviteNotice', { name: instance.name })}</p>`;
  return '';
}

export function joinFields(page: WebPageContext, state: FormState): SafeHtml | '' {
  const { t, instance } = page;
  const e = state.errors;
  const code = inviteCodeOf(page, state.values);
  const mode = instance.registrations;
  const codeField = mode === 'invite' || mode === 'approval' || code
    ? input('inviteCode', t('join.inviteCode'), e, {
        value: code,
        required: mode === 'invite',
        autocomplete: 'off',
        hint: mode === 'invite' ? t('join.inviteCodeHint') : t('join.inviteCodeOptionalHint'),
        extra: html` autocapitalize="none" spellcheck="false"`,
      })
    : '';
  const reasonField = mode === 'approval'
    ? input('reason', t('join.reason'), e, { value: state.values.get('reason'), multiline: true, hint: t('join.reasonHint'), extra: html` maxlength="1000"` })
    : '';
  return html`${codeField}${reasonField}`;
}

/** The sign-up input's registration fields from the form. */
export function joinInput(form: URLSearchParams): { inviteCode?: string; reason?: string } {
  const code = (form.get('inviteCode') ?? '').trim();
  const reason = (form.get('reason') ?? '').trim();
  return { ...(code ? { inviteCode: code } : {}), ...(reason ? { reason } : {}) };
}

/** After a sign-up in approval mode: nothing to sign in to yet. */
export function awaitingApprovalPage(page: WebPageContext, handle: string): WebPageResult {
  const { t, instance } = page;
  return {
    title: t('join.sentTitle'),
    meta: { noindex: true },
    body: html`<section class="form-page" aria-labelledby="sent-title">
  <h1 id="sent-title">${t('join.sentTitle')}</h1>
  <p role="status">${t('join.sent', { handle, name: instance.name })}</p>
  <p><a href="/">${t('join.backHome')}</a></p>
</section>`,
  };
}

/** The sign-in form's message for an account that waits for approval or was not approved; null for other failures. */
export function signInRefusal(page: WebPageContext, err: unknown): FieldErrors | null {
  if (!(err instanceof WebGraphQLError) || err.code !== 'FORBIDDEN') return null;
  const extensions = err.errors[0]?.extensions ?? {};
  if (extensions.reason === 'AWAITING_APPROVAL') return { _form: page.t('join.awaitingSignIn') };
  if (extensions.reason === 'SIGN_UP_REJECTED') {
    const message = typeof extensions.adminMessage === 'string' ? extensions.adminMessage : '';
    return { _form: message ? page.t('join.rejectedWithMessage', { message }) : page.t('join.rejected') };
  }
  return null;
}
