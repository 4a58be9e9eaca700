// The admin pages' shared parts and the first two sections: who may open
// them (admins; others get 403, signed-out people a sign-in prompt), the
// section tabs, branding (name, description, logo, colours with a live
// preview, default language, rules, contact) and plugins (on/off and their
// settings as JSON). Everything is read and saved through GraphQL as the
// viewer, so the API's own role checks and validation apply here too.

import type { WebNavEntry, WebPageContext, WebPageResult } from '../contracts.ts';
import { html, type Renderable, type SafeHtml } from '../render/html.ts';
import { themeCss } from '../render/layout.ts';
import { errorsOf, formAlert, hidden, input, type FieldErrors, type FormState } from '../render/forms.ts';
import { messageResult } from '../serve.ts';
import { WebGraphQLError } from '../page-context.ts';
import { translator, type Locale } from '../i18n/index.ts';

/** The admin entry in the header, for admins only. */
export function adminNav(entries: WebNavEntry[], context: { viewer: { role: string } | null; locale: Locale }): WebNavEntry[] {
  if (context.viewer?.role !== 'admin') return entries;
  return [...entries, { id: 'admin', href: '/admin', label: translator(context.locale)('nav.admin'), order: 97, audience: 'signed-in' }];
}

/**
 * null when the viewer is an admin; else what to show instead: a sign-in
 * redirect (GET, when the site has a sign-in page), a 401 prompt, or 403.
 */
export function refuseNonAdmin(page: WebPageContext, options: { signInPage: boolean; method: 'GET' | 'POST' }): WebPageResult | null {
  const { t } = page;
  if (!page.viewer) {
    const back = page.url.pathname + page.url.search;
    const signIn = `/signin?next=${encodeURIComponent(back)}`;
    if (options.signInPage && options.method === 'GET') return { redirect: signIn, status: 303 };
    return {
      title: t('admin.title'),
      status: 401,
      meta: { noindex: true },
      body: html`<section class="message" aria-labelledby="error-title"><h1 id="error-title">${t('admin.title')}</h1><p>${t('admin.signInPrompt')}</p>${options.signInPage ? html`<p><a class="button primary" href="${signIn}">${t('admin.signIn')}</a></p>` : ''}</section>`,
    };
  }
  if (page.viewer.role !== 'admin') return messageResult(page, 403, page.t('error.title'), page.t('admin.onlyAdmins'));
  return null;
}

export type AdminSection = 'branding' | 'rules' | 'registrations' | 'invites' | 'plugins' | 'federation';

/** The admin page frame: heading, section tabs, a "saved" notice after a redirect. */
export function adminFrame(page: WebPageContext, section: AdminSection, body: Renderable, status = 200, scripts: string[] = []): WebPageResult {
  const { t } = page;
  const tabs: AdminSection[] = ['branding', 'rules', 'registrations', 'invites', 'plugins', 'federation'];
  const saved = page.url.searchParams.get('saved') === '1';
  return {
    title: `${t(`admin.${section}`)} · ${t('admin.title')}`,
    status,
    meta: { noindex: true },
    scripts,
    body: html`<section class="admin" aria-labelledby="admin-title">
  <h1 id="admin-title">${t('admin.title')}</h1>
  <nav aria-label="${t('admin.sections')}" class="admin-tabs"><ul>${tabs.map(
    (s) => html`<li><a href="/admin/${s}"${s === section ? html` aria-current="page"` : ''}>${t(`admin.${s}`)}</a></li>`,
  )}</ul></nav>
  <h2>${t(`admin.${section}`)}</h2>
  ${saved ? html`<p class="notice" role="status">${t('admin.saved')}</p>` : ''}
  ${body}
</section>`,
  };
}

/** Turns a GraphQL failure of a form into field errors (other failures are rethrown). */
export function formErrors(err: unknown, fields: readonly string[]): FieldErrors {
  if (err instanceof WebGraphQLError && (err.code === 'FORBIDDEN' || err.code === 'UNAUTHENTICATED')) throw err;
  return errorsOf(err, fields);
}

// --- Branding ----------------------------------------------------------------

const BRANDING_FIELDS = ['name', 'description', 'logoUrl', 'colors.primary', 'colors.accent', 'colors.background', 'defaultLocale', 'rules', 'contactEmail', 'contactUrl'] as const;
const COLOURS = ['primary', 'accent', 'background'] as const;

function brandingValues(page: WebPageContext): URLSearchParams {
  const i = page.instance;
  return new URLSearchParams({
    name: i.name,
    description: i.description,
    logoUrl: i.logoUrl ?? '',
    'colors.primary': i.colors.primary,
    'colors.accent': i.colors.accent,
    'colors.background': i.colors.background,
    defaultLocale: i.defaultLocale,
    rules: i.rules.join('\n'),
    contactEmail: i.contactEmail ?? '',
    contactUrl: i.contactUrl ?? '',
  });
}

export function brandingPage(page: WebPageContext, state: FormState | null = null, status = 200): WebPageResult {
  const { t } = page;
  const values = state?.values ?? brandingValues(page);
  const e = state?.errors ?? {};
  const v = (name: string) => values.get(name) ?? '';
  // The preview is themed by the values in the form (scoped custom properties); the island updates it as colours change.
  const preview = themeCss({ primary: v('colors.primary'), accent: v('colors.accent'), background: v('colors.background') }).replace(':root', '#brand-preview');
  const colour = (c: (typeof COLOURS)[number]) =>
    input(`colors.${c}`, t(`branding.${c}`), e, { type: 'color', value: v(`colors.${c}`), required: true, extra: html` data-preview-var="${c}"` });
  const body = html`${formAlert(e)}
<form method="post" action="/admin/branding" class="stacked" novalidate>
  ${input('name', t('branding.name'), e, { value: v('name'), required: true })}
  ${input('description', t('branding.description'), e, { value: v('description'), multiline: true })}
  ${input('logoUrl', t('branding.logoUrl'), e, { type: 'url', value: v('logoUrl'), hint: t('branding.logoHint') })}
  <fieldset><legend>${t('branding.colors')}</legend>
    ${COLOURS.map(colour)}
    <style>${preview}</style>
    <div id="brand-preview" class="brand-preview" aria-label="${t('branding.preview')}" role="group" style="background:var(--bg);color:var(--text);padding:1rem;border:1px solid var(--accent);border-radius:.5rem">
      <strong>${v('name') || page.instance.name}</strong>
      <p>${t('branding.previewText')} <a href="#brand-preview" style="color:var(--brand-text)">${page.instance.name}</a></p>
      <span class="button" style="background:var(--brand);color:var(--on-brand);padding:.4rem .8rem;border-radius:999px;display:inline-block">${t('branding.previewButton')}</span>
    </div>
  </fieldset>
  <div class="form-field"><label for="f-defaultLocale">${t('branding.defaultLocale')}</label>
    <select id="f-defaultLocale" name="defaultLocale">${(['zh-CN', 'en'] as const).map((l) => html`<option value="${l}"${v('defaultLocale') === l ? html` selected` : ''}>${l === 'en' ? 'English' : '简体中文'}</option>`)}</select></div>
  ${input('rules', t('branding.rules'), e, { value: v('rules'), multiline: true, hint: t('branding.rulesHint') })}
  ${input('contactEmail', t('branding.contactEmail'), e, { type: 'email', value: v('contactEmail') })}
  ${input('contactUrl', t('branding.contactUrl'), e, { type: 'url', value: v('contactUrl') })}
  <button type="submit" class="primary">${t('admin.save')}</button>
</form>`;
  return adminFrame(page, 'branding', body, status, [page.asset('admin-theme.js')]);
}

export async function saveBranding(page: WebPageContext, form: URLSearchParams): Promise<WebPageResult> {
  const text = (name: string) => (form.get(name) ?? '').trim();
  const orNull = (name: string) => text(name) || null;
  const input = {
    name: text('name'),
    description: form.get('description') ?? '',
    logoUrl: orNull('logoUrl'),
    colors: { primary: text('colors.primary'), accent: text('colors.accent'), background: text('colors.background') },
    defaultLocale: text('defaultLocale'),
    rules: (form.get('rules') ?? '').split(/\r?\n/).map((r) => r.trim()).filter(Boolean),
    contactEmail: orNull('contactEmail'),
    contactUrl: orNull('contactUrl'),
  };
  try {
    await page.gql(`mutation($input: BrandingInput!) { updateBranding(input: $input) { name } }`, { input });
  } catch (err) {
    return brandingPage(page, { values: form, errors: formErrors(err, BRANDING_FIELDS) }, 400);
  }
  return { redirect: '/admin/branding?saved=1', status: 303 };
}

// --- Plugins -----------------------------------------------------------------

interface PluginRow {
  name: string;
  description: string | null;
  version: string | null;
  enabled: boolean;
  builtin: boolean;
  dependsOn: string[];
  settings: Record<string, unknown> | null;
}

/** A failed form on the plugins page: which plugin, which form, the message, what was typed. */
export interface PluginFormError {
  plugin: string;
  form: 'toggle' | 'settings';
  message: string;
  settings?: string;
}

export async function pluginsPage(page: WebPageContext, failed: PluginFormError | null = null): Promise<WebPageResult> {
  const { t } = page;
  const { plugins } = await page.gql<{ plugins: PluginRow[] }>(`{ plugins { name description version enabled builtin dependsOn settings } }`);
  const errorOf = (p: PluginRow, form: PluginFormError['form']) => (failed?.plugin === p.name && failed.form === form ? failed.message : null);
  const row = (p: PluginRow): SafeHtml => {
    const id = `plugin-${p.name}`;
    const toggleError = errorOf(p, 'toggle');
    const settingsError = errorOf(p, 'settings');
    const settingsText = failed?.plugin === p.name && failed.settings !== undefined ? failed.settings : JSON.stringify(p.settings, null, 2);
    return html`<li class="admin-plugin" id="${id}">
  <h3>${p.name} <span class="badge">${p.enabled ? t('plugins.on') : t('plugins.off')}</span></h3>
  ${p.description ? html`<p>${p.description}</p>` : ''}
  ${p.dependsOn.length ? html`<p class="hint">${t('plugins.dependsOn', { names: p.dependsOn.join(', ') })}</p>` : ''}
  ${p.builtin
    ? html`<p class="hint">${t('plugins.builtin')}</p>`
    : html`<form method="post" action="/admin/plugins/toggle">
    ${hidden('plugin', p.name)}${hidden('enabled', p.enabled ? '0' : '1')}
    <button type="submit"${toggleError ? html` aria-describedby="${id}-toggle-error"` : ''}>${p.enabled ? t('plugins.switchOff') : t('plugins.switchOn')}</button>
    ${toggleError ? html`<p class="field-error" id="${id}-toggle-error" role="alert">${toggleError}</p>` : ''}
  </form>`}
  ${p.settings === null
    ? html`<p class="hint">${t('plugins.noSettings')}</p>`
    : html`<form method="post" action="/admin/plugins/settings" class="stacked">
    ${hidden('plugin', p.name)}
    <div class="form-field"><label for="${id}-settings">${t('plugins.settings')}</label>
      <textarea id="${id}-settings" name="settings" rows="${Math.min(16, settingsText.split('\n').length + 1)}" spellcheck="false" aria-describedby="${id}-settings-hint${settingsError ? html` ${id}-settings-error` : ''}"${settingsError ? html` aria-invalid="true"` : ''}>${settingsText}</textarea>
      <p class="hint" id="${id}-settings-hint">${t('plugins.settingsHint')}</p>
      ${settingsError ? html`<p class="field-error" id="${id}-settings-error" role="alert">${settingsError}</p>` : ''}
    </div>
    <button type="submit">${t('plugins.saveSettings')}</button>
  </form>`}
</li>`;
  };
  const body = html`<p>${t('plugins.intro')}</p><ul class="admin-plugins">${plugins.map(row)}</ul>`;
  return adminFrame(page, 'plugins', body, failed ? 400 : 200);
}

const backTo = (plugin: string) => ({ redirect: `/admin/plugins?saved=1#plugin-${encodeURIComponent(plugin)}`, status: 303 as const });

export async function togglePlugin(page: WebPageContext, form: URLSearchParams): Promise<WebPageResult> {
  const plugin = form.get('plugin') ?? '';
  try {
    await page.gql(`mutation($plugin: String!, $enabled: Boolean!) { setPluginEnabled(plugin: $plugin, enabled: $enabled) { enabled } }`, { plugin, enabled: form.get('enabled') === '1' });
  } catch (err) {
    return pluginsPage(page, { plugin, form: 'toggle', message: messageOf(err) });
  }
  return backTo(plugin);
}

export async function savePluginSettings(page: WebPageContext, form: URLSearchParams): Promise<WebPageResult> {
  const plugin = form.get('plugin') ?? '';
  const text = form.get('settings') ?? '';
  let settings: unknown;
  try {
    settings = JSON.parse(text);
  } catch (err) {
    return pluginsPage(page, { plugin, form: 'settings', settings: text, message: page.t('plugins.badJson', { message: (err as Error).message }) });
  }
  if (!settings || typeof settings !== 'object' || Array.isArray(settings)) return pluginsPage(page, { plugin, form: 'settings', settings: text, message: page.t('plugins.notObject') });
  try {
    await page.gql(`mutation($plugin: String!, $settings: JSON!) { updatePluginSettings(plugin: $plugin, settings: $settings) { name } }`, { plugin, settings });
  } catch (err) {
    return pluginsPage(page, { plugin, form: 'settings', settings: text, message: messageOf(err) });
  }
  return backTo(plugin);
}

/** The API's message for a failed form (refusals and server faults go to the error pages). */
export function messageOf(err: unknown): string {
  if (!(err instanceof WebGraphQLError) || err.code === 'FORBIDDEN' || err.code === 'UNAUTHENTICATED' || err.code === 'INTERNAL_SERVER_ERROR') throw err;
  return err.message;
}

