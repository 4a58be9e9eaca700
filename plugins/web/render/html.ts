// The server-side renderer: html`…` escapes every interpolated value by
// default, so a title, a display name or a remote actor's bio can never
// open a tag or an attribute. raw() is only for HTML that is already safe
// (a note's body_html sanitized by the notes plugin); safeUrl() keeps only
// http(s), mailto and same-site links for href/src attributes.

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** A piece of HTML that is safe to emit as it is. */
export class SafeHtml {
  readonly value: string;
  constructor(value: string) {
    this.value = value;
  }
  toString(): string {
    return this.value;
  }
}

export function escapeText(value: string): string {
  return value.replace(/[&<>"'`]/g, (c) => ESCAPES[c]!);
}

/** What may be interpolated: text (escaped), safe HTML, lists of either; null/undefined/false render nothing. */
export type Renderable = SafeHtml | string | number | boolean | null | undefined | readonly Renderable[];

function render(value: Renderable): string {
  if (value === null || value === undefined || value === false || value === true) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeText(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Renderable[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1]!;
  return new SafeHtml(out);
}

/** Trusted HTML only: already sanitized (a note's bodyHtml) or written here. */
export function raw(trusted: string): SafeHtml {
  return new SafeHtml(trusted);
}

/**
 * A URL fit for href/src: http(s) and mailto, or a path on this site.
 * Anything else (javascript:, data:, vbscript:, protocol-relative //host)
 * becomes "#" so a remote string can never run script when clicked.
 */
export function safeUrl(url: string | null | undefined): string {
  if (!url) return '#';
  const trimmed = url.trim();
  if (/^\/(?![/\\])/.test(trimmed)) return trimmed;
  try {
    const parsed = new URL(trimmed);
    return ['http:', 'https:', 'mailto:'].includes(parsed.protocol) ? parsed.href : '#';
  } catch {
    return '#';
  }
}

/** JSON inside a <script type="application/json"> or <script type="application/ld+json"> block. */
export function jsonForScript(value: unknown): SafeHtml {
  return new SafeHtml(JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029'));
}
