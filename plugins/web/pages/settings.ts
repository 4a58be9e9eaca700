// /settings: one page, four forms, each posting to its own path and
// working without JavaScript — profile (name, bio, links, language),
// avatar (upload or remove), password (changePassword; other browser
// sessions are signed out) and privacy (locked account, hidden follows
// lists). A form that fails comes back with the person's input and the
// API's message next to the field; one that succeeds says so.

import type { PluginContext } from '../../../core/index.ts';
import type { WebPageContext, WebPageResult, WebSettingsLink } from '../contracts.ts';
import { html, safeUrl } from '../render/html.ts';
import { avatar } from '../render/cards.ts';
import { errorsOf, fieldError, formAlert, input, describedBy, type FieldErrors } from '../render/forms.ts';
import { LOCALES, MESSAGES } from '../i18n/index.ts';
import { uploadImages, uploadMessage, type ReceivedFile } from '../uploads.ts';

export type SettingsForm = 'profile' | 'avatar' | 'password' | 'privacy';
export const SETTINGS_FORMS: readonly SettingsForm[] = ['profile', 'avatar', 'password', 'privacy'];

/** The one form that failed, with what was typed and the messages. */
export interface SettingsState {
  form: SettingsForm;
  values: URLSearchParams;
  errors: FieldErrors;
}

const LINK_ROWS = 5;

const QUERY = `query WebSettings { me { handle displayName bio locale locked hideNetwork links { label url }
  avatar { url(variant: small) } remoteAvatarUrl domain } }`;

interface Me {
  handle: string;
  displayName: string;
  bio: string;
  locale: string;
  locked: boolean;
  hideNetwork: boolean;
  links: { label: string | null; url: string }[];
  avatar: { url: string } | null;
  remoteAvatarUrl: string | null;
  domain: string | null;
}

export async function settingsPage(page: WebPageContext, failed: SettingsState | null = null, pluginLinks: WebSettingsLink[] = []): Promise<WebPageResult> {
  const { t } = page;
  const { me } = await page.gql<{ me: Me }>(QUERY);
  const saved = SETTINGS_FORMS.find((f) => f === page.url.searchParams.get('saved'));
  const state = (form: SettingsForm) => (failed?.form === form ? failed : null);
  const errors = (form: SettingsForm): FieldErrors => state(form)?.errors ?? {};
  // What the person typed, when their form came back; else what is stored.
  const value = (form: SettingsForm, name: string, stored: string) => state(form)?.values.get(name) ?? stored;
  const savedNote = (form: SettingsForm) => (saved === form ? html`<p class="form-saved" role="status">${t('settings.saved')}</p>` : '');

  const p = errors('profile');
  const typedLinks = state('profile') ? state('profile')!.values.getAll('linkUrl').map((url, i) => ({ url, label: state('profile')!.values.getAll('linkLabel')[i] ?? '' })) : null;
  const links = typedLinks ?? me.links.map((l) => ({ url: l.url, label: l.label ?? '' }));
  const rows = Array.from({ length: LINK_ROWS }, (_, i) => links[i] ?? { url: '', label: '' });
  const locale = value('profile', 'locale', me.locale);

  const profile = html`<section class="settings-section" aria-labelledby="settings-profile">
  <h2 id="settings-profile">${t('settings.profile')}</h2>${savedNote('profile')}${formAlert(p)}
  <form method="post" action="/settings/profile" class="stacked">
    ${input('displayName', t('auth.displayName'), p, { value: value('profile', 'displayName', me.displayName), autocomplete: 'nickname' })}
    ${input('bio', t('settings.bio'), p, { value: value('profile', 'bio', me.bio), multiline: true, hint: t('settings.bioHint') })}
    <div class="form-field"><label for="f-locale">${t('settings.locale')}</label>
      <select id="f-locale" name="locale">${LOCALES.map((l) => html`<option value="${l}"${l === locale ? html` selected` : ''}>${MESSAGES[l]['lang.name']}</option>`)}</select>${fieldError('locale', p)}</div>
    <fieldset class="links"${describedBy('links', p)}><legend>${t('settings.links')}</legend>
      ${rows.map((l, i) => html`<div class="link-row">
        <label for="link-label-${i}" class="visually-hidden">${t('settings.linkLabel', { n: i + 1 })}</label>
        <input id="link-label-${i}" name="linkLabel" value="${l.label}" placeholder="${t('settings.linkLabelPlaceholder')}" maxlength="50">
        <label for="link-url-${i}" class="visually-hidden">${t('settings.linkUrl', { n: i + 1 })}</label>
        <input id="link-url-${i}" name="linkUrl" type="url" value="${l.url}" placeholder="https://…" inputmode="url"></div>`)}
      ${fieldError('links', p)}
    </fieldset>
    <button type="submit" class="primary">${t('settings.save')}</button>
  </form>
</section>`;

  const a = errors('avatar');
  const avatarForm = html`<section class="settings-section" aria-labelledby="settings-avatar">
  <h2 id="settings-avatar">${t('settings.avatar')}</h2>${savedNote('avatar')}${formAlert(a)}
  <div class="avatar-now">${avatar({ ...me, domain: me.domain }, 80)}</div>
  <form method="post" action="/settings/avatar" enctype="multipart/form-data" class="stacked">
    <div class="form-field"><label for="f-avatar">${t('settings.avatarFile')}</label>
      <input id="f-avatar" name="avatar" type="file" accept="image/*"${describedBy('avatar', a)}>${fieldError('avatar', a)}</div>
    <button type="submit" class="primary">${t('settings.avatarUpload')}</button>
    ${me.avatar ? html`<button type="submit" name="remove" value="1">${t('settings.avatarRemove')}</button>` : ''}
  </form>
</section>`;

  const w = errors('password');
  const password = html`<section class="settings-section" aria-labelledby="settings-password">
  <h2 id="settings-password">${t('settings.password')}</h2>${savedNote('password')}${formAlert(w)}
  <form method="post" action="/settings/password" class="stacked">
    <input type="text" name="username" value="${me.handle}" autocomplete="username" hidden>
    ${input('currentPassword', t('settings.currentPassword'), w, { type: 'password', required: true, autocomplete: 'current-password' })}
    ${input('newPassword', t('settings.newPassword'), w, { type: 'password', required: true, autocomplete: 'new-password', hint: t('settings.newPasswordHint') })}
    <button type="submit" class="primary">${t('settings.changePassword')}</button>
  </form>
</section>`;

  const v = errors('privacy');
  const box = (name: 'locked' | 'hideNetwork', stored: boolean, label: string, hint: string) => {
    const on = state('privacy') ? state('privacy')!.values.get(name) === '1' : stored;
    return html`<div class="form-field checkbox"><input type="checkbox" id="f-${name}" name="${name}" value="1"${on ? html` checked` : ''} aria-describedby="${name}-hint">
      <label for="f-${name}">${label}</label><p class="hint" id="${name}-hint">${hint}</p>${fieldError(name, v)}</div>`;
  };
  const privacy = html`<section class="settings-section" aria-labelledby="settings-privacy">
  <h2 id="settings-privacy">${t('settings.privacy')}</h2>${savedNote('privacy')}${formAlert(v)}
  <form method="post" action="/settings/privacy" class="stacked">
    ${box('locked', me.locked, t('settings.locked'), t('settings.lockedHint'))}
    ${box('hideNetwork', me.hideNetwork, t('settings.hideNetwork'), t('settings.hideNetworkHint'))}
    <button type="submit" class="primary">${t('settings.save')}</button>
  </form>
</section>`;

  return {
    title: t('settings.title'),
    status: failed ? 400 : 200,
    meta: { noindex: true },
    body: html`<h1 class="page-title">${t('settings.title')}</h1>
<div class="settings">${profile}${avatarForm}${password}${privacy}
<p><a href="/settings/blocks">${t('settings.blocksLink')}</a>${[...pluginLinks].sort((x, y) => (x.order ?? 100) - (y.order ?? 100)).map((l) => html` · <a href="${safeUrl(l.href)}">${l.label}</a>`)} · <a href="/@${me.handle}">${t('settings.viewProfile')}</a> · <a href="/signout">${t('auth.signOut')}</a></p></div>`,
  };
}

const done = (form: SettingsForm): WebPageResult => ({ redirect: `/settings?saved=${form}`, status: 303 });

async function attempt(page: WebPageContext, form: SettingsForm, values: URLSearchParams, fields: readonly string[], run: () => Promise<unknown>): Promise<WebPageResult> {
  try {
    await run();
    return done(form);
  } catch (err) {
    return settingsPage(page, { form, values, errors: errorsOf(err, fields) });
  }
}

export function saveProfile(page: WebPageContext, form: URLSearchParams): Promise<WebPageResult> {
  const labels = form.getAll('linkLabel');
  const links = form
    .getAll('linkUrl')
    .map((url, i) => ({ url: url.trim(), label: (labels[i] ?? '').trim() || null }))
    .filter((l) => l.url);
  return attempt(page, 'profile', form, ['displayName', 'bio', 'locale', 'links'], () =>
    page.gql(`mutation WebProfile($input: UpdateProfileInput!) { updateProfile(input: $input) { id } }`, {
      input: { displayName: form.get('displayName') ?? '', bio: form.get('bio') ?? '', locale: form.get('locale') ?? page.locale, links },
    }),
  );
}

export function savePrivacy(page: WebPageContext, form: URLSearchParams): Promise<WebPageResult> {
  return attempt(page, 'privacy', form, ['locked', 'hideNetwork'], () =>
    page.gql(`mutation WebPrivacy($input: UpdateProfileInput!) { updateProfile(input: $input) { id } }`, {
      input: { locked: form.get('locked') === '1', hideNetwork: form.get('hideNetwork') === '1' },
    }),
  );
}

export function changePassword(page: WebPageContext, form: URLSearchParams): Promise<WebPageResult> {
  return attempt(page, 'password', new URLSearchParams(), ['currentPassword', 'newPassword'], () =>
    page.gql(`mutation WebPassword($input: ChangePasswordInput!) { changePassword(input: $input) }`, {
      input: { currentPassword: form.get('currentPassword') ?? '', newPassword: form.get('newPassword') ?? '' },
    }),
  );
}

export async function saveAvatar(ctx: PluginContext, page: WebPageContext, form: URLSearchParams, files: readonly ReceivedFile[]): Promise<WebPageResult> {
  const fail = (message: string) => settingsPage(page, { form: 'avatar', values: form, errors: { avatar: message } });
  if (form.get('remove') === '1') return attempt(page, 'avatar', form, [], () => page.gql(`mutation WebAvatarOff { setAvatar(mediaId: null) { id } }`));
  const file = files.find((f) => f.field === 'avatar');
  if (!file) return fail(page.t('settings.avatarPick'));
  let mediaId: string;
  try {
    [mediaId] = (await uploadImages(ctx, page.viewer!, [file])) as [string];
  } catch (err) {
    return fail(uploadMessage(err, ctx.config.limits.uploadBytes));
  }
  return attempt(page, 'avatar', form, ['avatar'], () => page.gql(`mutation WebAvatar($id: ID) { setAvatar(mediaId: $id) { id } }`, { id: mediaId }));
}

/** When the upload itself was refused before the form could be read (too large). */
export function avatarFailed(page: WebPageContext, message: string): Promise<WebPageResult> {
  return settingsPage(page, { form: 'avatar', values: new URLSearchParams(), errors: { avatar: message } });
}
