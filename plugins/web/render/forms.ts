// Form pieces shared by the signed-in pages (sign-up, sign-in, settings,
// compose): a labelled field whose error sits next to it (aria-invalid and
// aria-describedby, so a screen reader reads the message with the field),
// and the mapping from GraphQL errors to those fields through the error's
// `extensions.field` (what core and the notes plugin name in badInput).

import { html, type Renderable, type SafeHtml } from './html.ts';
import { WebGraphQLError } from '../page-context.ts';

/** Messages by form field; `_form` holds those no field claims. */
export type FieldErrors = Record<string, string>;

export interface FormState {
  values: URLSearchParams;
  errors: FieldErrors;
}

export const emptyState = (): FormState => ({ values: new URLSearchParams(), errors: {} });

/**
 * The field an error belongs to, among the form's own: "links" stays
 * "links", a nested path such as "blocks.0.items.1.name" goes to "blocks".
 */
export function errorsOf(err: unknown, fields: readonly string[]): FieldErrors {
  if (!(err instanceof WebGraphQLError)) throw err;
  const out: FieldErrors = {};
  for (const e of err.errors) {
    const raw = typeof e.extensions?.field === 'string' ? e.extensions.field : '';
    const field = fields.includes(raw) ? raw : fields.find((f) => raw.split('.')[0] === f) ?? '_form';
    out[field] = out[field] ? `${out[field]} ${e.message}` : e.message;
  }
  return out;
}

export function formAlert(errors: FieldErrors): SafeHtml | '' {
  return errors._form ? html`<p class="form-error" role="alert" id="form-error">${errors._form}</p>` : '';
}

export function fieldError(name: string, errors: FieldErrors): SafeHtml | '' {
  return errors[name] ? html`<p class="field-error" id="${name}-error" role="alert">${errors[name]}</p>` : '';
}

/** aria attributes for an input with an optional hint and error. */
export function describedBy(name: string, errors: FieldErrors, hint = false): SafeHtml {
  const ids = [hint ? `${name}-hint` : '', errors[name] ? `${name}-error` : ''].filter(Boolean).join(' ');
  return html`${errors[name] ? html` aria-invalid="true"` : ''}${ids ? html` aria-describedby="${ids}"` : ''}`;
}

export interface InputOptions {
  type?: string;
  value?: string | null;
  hint?: string;
  required?: boolean;
  autocomplete?: string;
  extra?: Renderable;
  multiline?: boolean;
}

/** label + input (or textarea) + hint + error, with ids derived from the name. */
export function input(name: string, label: string, errors: FieldErrors, o: InputOptions = {}): SafeHtml {
  const id = `f-${name}`;
  const aria = describedBy(name, errors, !!o.hint);
  const control = o.multiline
    ? html`<textarea id="${id}" name="${name}" rows="5"${o.required ? html` required` : ''}${aria}${o.extra ?? ''}>${o.value ?? ''}</textarea>`
    : html`<input id="${id}" name="${name}" type="${o.type ?? 'text'}" value="${o.value ?? ''}"${o.required ? html` required` : ''}${o.autocomplete ? html` autocomplete="${o.autocomplete}"` : ''}${aria}${o.extra ?? ''}>`;
  return html`<div class="form-field"><label for="${id}">${label}</label>${control}${o.hint ? html`<p class="hint" id="${name}-hint">${o.hint}</p>` : ''}${fieldError(name, errors)}</div>`;
}

export const hidden = (name: string, value: string) => html`<input type="hidden" name="${name}" value="${value}">`;
