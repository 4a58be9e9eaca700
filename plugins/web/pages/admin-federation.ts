// The admin page for federation: instance blocks (list; add with severity,
// reject media, reason and public listing; edit; lift) and a read-only
// table of the instances this one knows, with their health and how many
// deliveries to each were given up (dead). Data through the federation
// admin GraphQL (core/federation/admin-graphql.ts).

import type { WebPageContext, WebPageResult } from '../contracts.ts';
import { html, type SafeHtml } from '../render/html.ts';
import { hidden, input, formAlert, type FieldErrors } from '../render/forms.ts';
import { adminFrame, formErrors } from './admin.ts';

const SEVERITIES = ['SUSPEND', 'SILENCE', 'NONE'] as const;
const BLOCK_FIELDS = ['domain', 'severity', 'rejectMedia', 'reason', 'public'] as const;

interface Block {
  domain: string;
  severity: string;
  rejectMedia: boolean;
  reason: string;
  public: boolean;
}

interface KnownInstance {
  host: string;
  software: string | null;
  softwareVersion: string | null;
  state: 'HEALTHY' | 'FAILING' | 'PAUSED';
  lastSuccessAt: string | null;
  consecutiveFailures: number;
  block: { severity: string } | null;
}

const QUERY = `{
  domainBlocks { domain severity rejectMedia reason public }
  federatedInstances(first: 200) { host software softwareVersion state lastSuccessAt consecutiveFailures block { severity } }
  federationDeliveries(state: DEAD, first: 500) { host }
}`;

/** A failed block form: "add", or the domain of the block being edited. */
export interface BlockFormError {
  target: string;
  errors: FieldErrors;
  values: URLSearchParams;
}

export async function federationAdminPage(page: WebPageContext, failed: BlockFormError | null = null): Promise<WebPageResult> {
  const { t } = page;
  const data = await page.gql<{ domainBlocks: Block[]; federatedInstances: KnownInstance[]; federationDeliveries: { host: string }[] }>(QUERY);
  const dead = new Map<string, number>();
  for (const d of data.federationDeliveries) dead.set(d.host, (dead.get(d.host) ?? 0) + 1);

  const severitySelect = (id: string, value: string) =>
    html`<div class="form-field"><label for="${id}">${t('blocks.severity')}</label><select id="${id}" name="severity">${SEVERITIES.map(
      (s) => html`<option value="${s}"${s === value ? html` selected` : ''}>${t(`blocks.severity.${s}`)}</option>`,
    )}</select></div>`;
  const checkbox = (id: string, name: string, label: string, on: boolean) =>
    html`<div class="form-field checkbox"><input type="checkbox" id="${id}" name="${name}" value="1"${on ? html` checked` : ''}><label for="${id}">${label}</label></div>`;

  const editForm = (b: Block, i: number): SafeHtml => {
    const mine = failed?.target === b.domain ? failed : null;
    const v = mine?.values;
    const id = `block-${i}`;
    return html`<li class="admin-block" id="${id}">
  <form method="post" action="/admin/federation/blocks/update" class="stacked" aria-labelledby="${id}-title">
    <h4 id="${id}-title">${t('blocks.edit', { domain: b.domain })}</h4>
    ${mine ? formAlert({ _form: Object.values(mine.errors).join(' ') }) : ''}
    ${hidden('domain', b.domain)}
    ${severitySelect(`${id}-severity`, v?.get('severity') ?? b.severity)}
    ${checkbox(`${id}-media`, 'rejectMedia', t('blocks.rejectMedia'), v ? v.get('rejectMedia') === '1' : b.rejectMedia)}
    <div class="form-field"><label for="${id}-reason">${t('blocks.reason')}</label><input id="${id}-reason" name="reason" type="text" value="${v?.get('reason') ?? b.reason}"></div>
    ${checkbox(`${id}-public`, 'public', t('blocks.public'), v ? v.get('public') === '1' : b.public)}
    <button type="submit">${t('blocks.update')}</button>
  </form>
  <form method="post" action="/admin/federation/blocks/remove">${hidden('domain', b.domain)}<button type="submit" class="secondary">${t('blocks.remove')}</button></form>
</li>`;
  };

  const add = failed?.target === 'add' ? failed : null;
  const e = add?.errors ?? {};
  const addForm = html`<form method="post" action="/admin/federation/blocks" class="stacked" aria-labelledby="block-add-title">
  <h3 id="block-add-title">${t('blocks.add')}</h3>
  ${formAlert(e)}
  ${input('domain', t('blocks.domain'), e, { value: add?.values.get('domain'), required: true, hint: t('blocks.domainHint') })}
  ${severitySelect('f-severity', add?.values.get('severity') ?? 'SUSPEND')}
  ${checkbox('f-rejectMedia', 'rejectMedia', t('blocks.rejectMedia'), add?.values.get('rejectMedia') === '1')}
  ${input('reason', t('blocks.reason'), e, { value: add?.values.get('reason') })}
  ${checkbox('f-public', 'public', t('blocks.public'), add?.values.get('public') === '1')}
  <button type="submit" class="primary">${t('blocks.addButton')}</button>
</form>`;

  const when = (iso: string | null) => (iso ? html`<time datetime="${iso}">${new Date(iso).toISOString().slice(0, 16).replace('T', ' ')}</time>` : t('instances.never'));
  const instances = data.federatedInstances.length
    ? html`<div class="table-scroll"><table class="admin-instances">
  <thead><tr><th scope="col">${t('instances.host')}</th><th scope="col">${t('instances.software')}</th><th scope="col">${t('instances.state')}</th><th scope="col">${t('instances.lastSuccess')}</th><th scope="col">${t('instances.failures')}</th><th scope="col">${t('instances.dead')}</th><th scope="col">${t('instances.blocked')}</th></tr></thead>
  <tbody>${data.federatedInstances.map(
    (i) => html`<tr data-host="${i.host}"><th scope="row">${i.host}</th><td>${[i.software, i.softwareVersion].filter(Boolean).join(' ')}</td><td data-state="${i.state}">${t(`instances.state.${i.state}`)}</td><td>${when(i.lastSuccessAt)}</td><td>${i.consecutiveFailures}</td><td data-dead>${dead.get(i.host) ?? 0}</td><td>${i.block ? t(`blocks.severity.${i.block.severity}`) : ''}</td></tr>`,
  )}</tbody>
</table></div>`
    : html`<p class="empty">${t('instances.empty')}</p>`;

  const body = html`<section aria-labelledby="blocks-title">
  <h3 id="blocks-title">${t('blocks.title')}</h3>
  ${data.domainBlocks.length ? html`<ul class="admin-blocks">${data.domainBlocks.map(editForm)}</ul>` : html`<p class="empty">${t('blocks.empty')}</p>`}
  ${addForm}
</section>
<section aria-labelledby="instances-title">
  <h3 id="instances-title">${t('instances.title')}</h3>
  ${instances}
</section>`;
  return adminFrame(page, 'federation', body, failed ? 400 : 200);
}

const flag = (form: URLSearchParams, name: string) => form.get(name) === '1';
const severityOf = (form: URLSearchParams) => {
  const s = form.get('severity') ?? 'SUSPEND';
  return (SEVERITIES as readonly string[]).includes(s) ? s : 'SUSPEND';
};
const saved = { redirect: '/admin/federation?saved=1', status: 303 as const };

export async function addBlock(page: WebPageContext, form: URLSearchParams): Promise<WebPageResult> {
  const input = { domain: (form.get('domain') ?? '').trim(), severity: severityOf(form), rejectMedia: flag(form, 'rejectMedia'), reason: form.get('reason') ?? '', public: flag(form, 'public') };
  try {
    await page.gql(`mutation($input: DomainBlockInput!) { addDomainBlock(input: $input) { domain } }`, { input });
  } catch (err) {
    return federationAdminPage(page, { target: 'add', values: form, errors: formErrors(err, BLOCK_FIELDS) });
  }
  return saved;
}

export async function updateBlock(page: WebPageContext, form: URLSearchParams): Promise<WebPageResult> {
  const domain = form.get('domain') ?? '';
  const patch = { severity: severityOf(form), rejectMedia: flag(form, 'rejectMedia'), reason: form.get('reason') ?? '', public: flag(form, 'public') };
  try {
    await page.gql(`mutation($domain: String!, $patch: DomainBlockPatch!) { updateDomainBlock(domain: $domain, patch: $patch) { domain } }`, { domain, patch });
  } catch (err) {
    return federationAdminPage(page, { target: domain, values: form, errors: formErrors(err, []) });
  }
  return saved;
}

export async function removeBlock(page: WebPageContext, form: URLSearchParams): Promise<WebPageResult> {
  await page.gql(`mutation($domain: String!) { removeDomainBlock(domain: $domain) }`, { domain: form.get('domain') ?? '' });
  return saved;
}
