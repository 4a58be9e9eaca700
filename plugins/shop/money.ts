// Money in minor units with an ISO 4217 currency. The list of codes and the
// number of minor digits come from Intl (ICU's ISO 4217 data), so JPY has 0,
// CNY 2 and KWD 3 without a table of our own.

import type { Money } from './contracts.ts';

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

/** A current ISO 4217 code, upper case (e.g. "CNY"). */
export function isCurrency(code: unknown): code is string {
  return typeof code === 'string' && /^[A-Z]{3}$/.test(code) && CURRENCIES.has(code);
}

const digitsCache = new Map<string, number>();

/** Digits after the decimal point in the currency's minor unit. */
export function minorDigits(currency: string): number {
  let digits = digitsCache.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsCache.set(currency, digits);
  }
  return digits;
}

/** "128.00" for { amount: 12800, currency: "CNY" }; exact (string arithmetic, no floats). */
export function decimalOf({ amount, currency }: Money): string {
  const digits = minorDigits(currency);
  const sign = amount < 0 ? '-' : '';
  const raw = String(Math.abs(amount)).padStart(digits + 1, '0');
  return digits ? `${sign}${raw.slice(0, -digits)}.${raw.slice(-digits)}` : `${sign}${raw}`;
}

/** "¥128.00", "$5.00" … for display, in the reader's locale. */
export function formatMoney(money: Money, locale = 'zh-CN'): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency: money.currency }).format(Number(decimalOf(money)));
}

export type PriceLocale = 'zh-CN' | 'en';

/** The language a price reads best in when nobody says: a yuan price in Chinese, others in English. */
export const localeForCurrency = (currency: string): PriceLocale => (currency === 'CNY' ? 'zh-CN' : 'en');

/** The price a card or list shows for a product: its lowest, as "from …" ("… 起") when its variants differ. */
export function priceLabel(prices: readonly number[], currency: string, locale: PriceLocale): string {
  const price = formatMoney({ amount: prices.length ? Math.min(...prices) : 0, currency }, locale);
  if (new Set(prices).size <= 1) return price;
  return locale === 'zh-CN' ? `${price} 起` : `from ${price}`;
}
