// Which language a page speaks, and t(key, params) for it: the signed-in
// person's locale, else the language they picked here (cookie), else the
// browser's Accept-Language, else the instance's default.

import { en, type MessageKey } from './en.ts';
import { zhCN } from './zh-CN.ts';

export type Locale = 'zh-CN' | 'en';
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];
export const LOCALE_COOKIE = 'meadow_locale';
export const MESSAGES: Record<Locale, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };
export type { MessageKey };

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function asLocale(value: string | null | undefined): Locale | null {
  if (!value) return null;
  const v = value.trim().toLowerCase();
  if (v === 'en' || v.startsWith('en-')) return 'en';
  if (v === 'zh' || v.startsWith('zh-')) return 'zh-CN';
  return null;
}

/** The best of our locales for an Accept-Language header, by q value; null when none fits. */
export function fromAcceptLanguage(header: string | undefined): Locale | null {
  if (!header) return null;
  const ranges = header
    .split(',')
    .map((part, i) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find(Boolean);
      return { tag: tag ?? '', q: q === undefined ? 1 : Number(q), i };
    })
    .filter((r) => r.tag && r.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const r of ranges) {
    const locale = asLocale(r.tag);
    if (locale) return locale;
  }
  return null;
}

export function chooseLocale(input: { account?: string | null; cookie?: string | null; acceptLanguage?: string; instanceDefault?: string | null }): Locale {
  return asLocale(input.account) ?? asLocale(input.cookie) ?? fromAcceptLanguage(input.acceptLanguage) ?? asLocale(input.instanceDefault) ?? 'zh-CN';
}

/**
 * Strings with a count may give plural forms as "one|other" ("{count} like|{count} likes");
 * the form is chosen by the language's plural rules. Chinese strings have one form.
 */
export function translator(locale: Locale): Translate {
  const messages = MESSAGES[locale];
  const plurals = new Intl.PluralRules(locale);
  return (key, params) => {
    let text: string = messages[key] ?? en[key] ?? key;
    if (text.includes('|')) {
      const [one, other] = text.split('|') as [string, string];
      text = typeof params?.count === 'number' && plurals.select(params.count) === 'one' ? one : (other ?? one);
    }
    return params ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m)) : text;
  };
}
