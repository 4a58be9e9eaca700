// The admin page for the instance's rules: the ordered list, each rule
// reworded, moved up or down, or removed on its own, and a new rule added
// at the end. Rules are named by their text (core/instance/rules.ts), so a
// rule changed meanwhile by another admin is reported, not overwritten.

import type { WebPageContext, WebPageResult } from '../contracts.ts';
import { html, type SafeHtml } from '../render/html.ts';
import { formAlert, hidden, input, type FieldErrors } from '../render/forms.ts';
import { adminFrame, formErrors } from './admin.ts';

/** A failed form: "add", or the text of the rule being changed. */
export interface RuleFormError {
  target: string;
  errors: FieldErrors;
  values: URLSearchParams;
}

export function rulesAdminPage(page: WebPageContext, failed: RuleFormError | null = null): WebPageResult {
  const { t } = page;
  const rules = page.instance.rules;
  const rule = (text: string, i: number): SafeHtml => {
    const id = `rule-${i + 1}`;
    const mine = failed?.target === text ? failed : null;
    const move = (position: number, label: string) =>
      html`<form method="post" action="/admin/rules/move">${hidden('rule', text)}${hidden('position', String(position))}<button type="submit" class="secondary" aria-describedby="${id}-text">${label}</button></form>`;
    return html`<li class="admin-block" id="${id}">
  ${mine ? formAlert({ _form: Object.values(mine.errors).join(' ') }) : ''}
  <form method="post" action="/admin/rules/edit" class="stacked">
    ${hidden('rule', text)}
    <div class="form-field"><label for="${id}-text">${t('rulesAdmin.rule', { n: i + 1 })}</label><input id="${id}-text" name="text" type="text" maxlength="500" value="${mine?.values.get('text') ?? text}" required></div>
    <button type="submit">${t('rulesAdmin.save')}</button>
  </form>
  ${i > 0 ? move(i, t('rulesAdmin.up')) : ''}
  ${i < rules.length - 1 ? move(i + 2, t('rulesAdmin.down')) : ''}
  <form method="post" action="/admin/rules/remove">${hidden('rule', text)}<button type="submit" class="secondary" aria-describedby="${id}-text">${t('rulesAdmin.remove')}</button></form>
</li>`;
  };
  const add = failed?.target === 'add' ? failed : null;
  // A change to a rule no longer listed (someone else changed it) is told above the list.
  const gone = failed && failed.target !== 'add' && !rules.includes(failed.target) ? failed.errors : null;
  const body = html`<p>${t('rulesAdmin.intro')}</p>
${gone ? formAlert({ _form: Object.values(gone).join(' ') }) : ''}
${rules.length ? html`<ol class="admin-blocks">${rules.map(rule)}</ol>` : html`<p class="empty">${t('rulesAdmin.empty')}</p>`}
<form method="post" action="/admin/rules/add" class="stacked" aria-labelledby="rule-add-title">
  <h3 id="rule-add-title">${t('rulesAdmin.add')}</h3>
  ${formAlert(add?.errors ?? {})}
  ${input('text', t('rulesAdmin.newRule'), add?.errors ?? {}, { value: add?.values.get('text'), required: true, hint: t('rulesAdmin.hint'), extra: html` maxlength="500"` })}
  <button type="submit" class="primary">${t('rulesAdmin.addButton')}</button>
</form>`;
  return adminFrame(page, 'rules', body, failed ? 400 : 200);
}

const saved = { redirect: '/admin/rules?saved=1', status: 303 as const };

/** Runs a rule mutation; the page's instance is re-read after a change, so a failure re-renders with fresh rules. */
async function change(page: WebPageContext, target: string, form: URLSearchParams, query: string, variables: Record<string, unknown>): Promise<WebPageResult> {
  try {
    await page.gql(query, variables);
  } catch (err) {
    const errors = formErrors(err, target === 'add' ? ['text'] : []);
    const { instance } = await page.gql<{ instance: { rules: string[] } }>(`query WebRules { instance { rules } }`);
    return rulesAdminPage({ ...page, instance: { ...page.instance, rules: instance.rules } }, { target, errors, values: form });
  }
  return saved;
}

export const addRule = (page: WebPageContext, form: URLSearchParams) =>
  change(page, 'add', form, `mutation WebAddRule($t: String!) { addInstanceRule(text: $t) }`, { t: form.get('text') ?? '' });

export const editRule = (page: WebPageContext, form: URLSearchParams) =>
  change(page, form.get('rule') ?? '', form, `mutation WebEditRule($r: String!, $t: String!) { editInstanceRule(rule: $r, text: $t) }`, { r: form.get('rule') ?? '', t: form.get('text') ?? '' });

export const moveRule = (page: WebPageContext, form: URLSearchParams) =>
  change(page, form.get('rule') ?? '', form, `mutation WebMoveRule($r: String!, $p: Int!) { moveInstanceRule(rule: $r, position: $p) }`, { r: form.get('rule') ?? '', p: Number(form.get('position')) || 0 });

export const removeRule = (page: WebPageContext, form: URLSearchParams) =>
  change(page, form.get('rule') ?? '', form, `mutation WebRemoveRule($r: String!) { removeInstanceRule(rule: $r) }`, { r: form.get('rule') ?? '' });
