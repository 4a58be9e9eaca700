// Sign-up, sign-in and sign-out as plain forms: they work without
// JavaScript, show the API's own error message next to the field it names,
// and on success go back to the page the person came from (a path on this
// site only). The session cookie is set by the signUp/signIn mutations
// themselves, run in-process with this request's reply.

import type { WebNavEntry, WebPageContext, WebPageResult } from '../contracts.ts';
import { html } from '../render/html.ts';
import { emptyState, errorsOf, fieldError, formAlert, hidden, input, describedBy, type FormState } from '../render/forms.ts';
import { safeNext } from '../actions.ts';
import { LOCALES, MESSAGES } from '../i18n/index.ts';
import { awaitingApprovalPage, JOIN_FIELDS, joinFields, joinInput, joinNotice, signInRefusal } from './join.ts';

const AUTH_PATHS = /^\/(signin|signup|signout)(\/|\?|$)/;

/** Where to go after signing in: the `next` the form or URL carries, never back into these forms. */
export function nextOf(page: WebPageContext, form?: URLSearchParams): string {
  const next = safeNext(form?.get('next') ?? page.url.searchParams.get('next'));
  return AUTH_PATHS.test(next) ? '/' : next;
}

/** A link to a signed-in page for someone signed out: sign in, then come back here. */
export const signInHref = (next: string) => `/signin?next=${encodeURIComponent(next)}`;

export function signInPage(page: WebPageContext, state: FormState = emptyState(), status = 200): WebPageResult {
  const { t } = page;
  if (page.viewer) return { redirect: nextOf(page), status: 303 };
  const next = nextOf(page, state.values);
  const e = state.errors;
  return {
    title: t('auth.signInTitle'),
    status,
    meta: { noindex: true },
    body: html`<section class="form-page" aria-labelledby="signin-title">
  <h1 id="signin-title">${t('auth.signInTitle')}</h1>
  ${formAlert(e)}
  <form method="post" action="/signin" class="stacked" novalidate>
    ${hidden('next', next)}
    ${input('handle', t('auth.handleOrEmail'), e, { value: state.values.get('handle'), required: true, autocomplete: 'username', extra: html` autocapitalize="none" spellcheck="false"` })}
    ${input('password', t('auth.password'), e, { type: 'password', required: true, autocomplete: 'current-password' })}
    <button type="submit" class="primary">${t('auth.signIn')}</button>
  </form>
  <p>${t('auth.noAccount')} <a href="/signup?next=${encodeURIComponent(next)}">${t('auth.signUp')}</a></p>
</section>`,
  };
}

export function signUpPage(page: WebPageContext, state: FormState = emptyState(), status = 200): WebPageResult {
  const { t, instance } = page;
  if (page.viewer) return { redirect: nextOf(page), status: 303 };
  const next = nextOf(page, state.values);
  const e = state.errors;
  const v = state.values;
  const locale = v.get('locale') ?? page.locale;
  const rules = instance.rules.length
    ? html`<section class="rules" aria-labelledby="rules-title">
        <h2 id="rules-title">${t('auth.rulesTitle', { name: instance.name })}</h2>
        <ol>${instance.rules.map((r) => html`<li>${r}</li>`)}</ol>
        <div class="form-field checkbox"><input type="checkbox" id="f-agree" name="agree" value="1"${v.get('agree') ? html` checked` : ''} required${describedBy('agree', e)}>
          <label for="f-agree">${t('auth.agree')}</label>${fieldError('agree', e)}</div>
      </section>`
    : '';
  return {
    title: t('auth.signUpTitle', { name: instance.name }),
    status,
    meta: { noindex: true },
    body: html`<section class="form-page" aria-labelledby="signup-title">
  <h1 id="signup-title">${t('auth.signUpTitle', { name: instance.name })}</h1>
  ${joinNotice(page)}
  ${formAlert(e)}
  <form method="post" action="/signup" class="stacked" novalidate>
    ${hidden('next', next)}
    ${input('handle', t('auth.handle'), e, { value: v.get('handle'), required: true, autocomplete: 'username', hint: t('auth.handleHint'), extra: html` autocapitalize="none" spellcheck="false" pattern="[a-z0-9_]{3,30}"` })}
    ${input('displayName', t('auth.displayName'), e, { value: v.get('displayName'), autocomplete: 'nickname' })}
    ${input('email', t('auth.email'), e, { type: 'email', value: v.get('email'), autocomplete: 'email', hint: t('auth.emailHint') })}
    ${input('password', t('auth.password'), e, { type: 'password', required: true, autocomplete: 'new-password', hint: t('auth.passwordHint') })}
    <div class="form-field"><label for="f-locale">${t('settings.locale')}</label>
      <select id="f-locale" name="locale">${LOCALES.map((l) => html`<option value="${l}"${l === locale ? html` selected` : ''}>${MESSAGES[l]['lang.name']}</option>`)}</select></div>
    ${joinFields(page, state)}
    ${rules}
    <button type="submit" class="primary">${t('auth.signUp')}</button>
  </form>
  <p>${t('auth.haveAccount')} <a href="${signInHref(next)}">${t('auth.signIn')}</a></p>
</section>`,
  };
}

export async function signIn(page: WebPageContext, form: URLSearchParams): Promise<WebPageResult> {
  try {
    await page.gql(`mutation WebSignIn($input: SignInInput!) { signIn(input: $input) { account { id } } }`, {
      input: { handle: (form.get('handle') ?? '').trim(), password: form.get('password') ?? '' },
    });
  } catch (err) {
    const errors = signInRefusal(page, err) ?? errorsOf(err, ['handle', 'password']);
    return signInPage({ ...page, viewer: null }, { values: form, errors }, 400);
  }
  return { redirect: nextOf(page, form), status: 303 };
}

export async function signUp(page: WebPageContext, form: URLSearchParams): Promise<WebPageResult> {
  if (page.instance.rules.length && !form.get('agree')) {
    return signUpPage(page, { values: form, errors: { agree: page.t('auth.agreeFirst') } }, 400);
  }
  const optional = (name: string) => (form.get(name) ?? '').trim() || undefined;
  try {
    const data = await page.gql<{ signUp: { awaitingApproval: boolean; account: { handle: string } } }>(`mutation WebSignUp($input: SignUpInput!) { signUp(input: $input) { awaitingApproval account { handle } } }`, {
      input: {
        ...joinInput(form),
        handle: (form.get('handle') ?? '').trim(),
        password: form.get('password') ?? '',
        displayName: optional('displayName'),
        email: optional('email'),
        locale: LOCALES.find((l) => l === form.get('locale')) ?? page.locale,
        acceptRules: !!form.get('agree'),
      },
    });
    if (data.signUp.awaitingApproval) return awaitingApprovalPage(page, data.signUp.account.handle);
  } catch (err) {
    const errors = errorsOf(err, ['handle', 'displayName', 'email', 'password', 'locale', ...JOIN_FIELDS]);
    return signUpPage(page, { values: form, errors }, 400);
  }
  return { redirect: nextOf(page, form), status: 303 };
}

/** GET /signout: a confirmation with one button, so a link (or a prefetch) never signs anyone out. */
export function signOutPage(page: WebPageContext): WebPageResult {
  const { t } = page;
  if (!page.viewer) return { redirect: '/', status: 303 };
  return {
    title: t('auth.signOut'),
    meta: { noindex: true },
    body: html`<section class="form-page" aria-labelledby="signout-title">
  <h1 id="signout-title">${t('auth.signOutTitle')}</h1>
  <p>${t('auth.signedInAs', { handle: page.viewer.handle })}</p>
  <form method="post" action="/signout"><button type="submit" class="primary">${t('auth.signOut')}</button></form>
</section>`,
  };
}

export async function signOut(page: WebPageContext): Promise<WebPageResult> {
  if (page.viewer) await page.gql(`mutation WebSignOut { signOut }`);
  return { redirect: '/', status: 303 };
}

/** The header's entries for these pages: sign in/up for visitors; following, compose, drafts, settings and sign out for people signed in. */
export function accountNav(page: WebPageContext): WebNavEntry[] {
  const { t } = page;
  if (!page.viewer) {
    const here = page.url.pathname + page.url.search;
    const next = AUTH_PATHS.test(here) ? nextOf(page) : here;
    const query = next === '/' ? '' : `?next=${encodeURIComponent(next)}`;
    return [
      { id: 'signin', href: `/signin${query}`, label: t('nav.signIn'), order: 80, audience: 'signed-out' },
      { id: 'signup', href: `/signup${query}`, label: t('nav.signUp'), order: 85, audience: 'signed-out' },
    ];
  }
  return [
    { id: 'following', href: '/following', label: t('nav.following'), order: 20, audience: 'signed-in' },
    { id: 'compose', href: '/compose', label: t('nav.compose'), order: 30, audience: 'signed-in' },
    { id: 'drafts', href: '/drafts', label: t('nav.drafts'), order: 40, audience: 'signed-in' },
    { id: 'settings', href: '/settings', label: t('nav.settings'), order: 95, audience: 'signed-in' },
    { id: 'signout', href: '/signout', label: t('auth.signOut'), order: 99, audience: 'signed-in' },
  ];
}
