// Input rules of the catalogue. Every refusal is a BAD_USER_INPUT that names
// the field, and nothing is written before all of the input passed.

import { badInput } from '../../../core/index.ts';
import type { ProductOption } from '../contracts.ts';
import { isCurrency } from '../money.ts';

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const chars = (s: string) => [...s].length;

export const LIMITS = {
  shopName: 100,
  title: 120,
  description: 5000,
  options: 3,
  optionName: 30,
  optionValues: 30,
  optionValue: 40,
  variants: 100,
  images: 9,
  categories: 5,
  sku: 64,
  /** Units per variant; GraphQL Int is 32-bit, and no shop stocks a billion of one thing. */
  stock: 1_000_000_000,
} as const;

/** Trimmed text of at most `max` characters, without control characters; at least one character when required. */
export function text(value: string, field: string, label: string, max: number, required = true): string {
  const trimmed = value.trim();
  if (required && !trimmed) throw badInput(`${label} cannot be empty`, { field });
  if (chars(trimmed) > max) throw badInput(`${label} is at most ${max} characters`, { field, max });
  if (CONTROL.test(trimmed)) throw badInput(`${label} contains a control character`, { field });
  return trimmed;
}

export function shopHandle(value: string): string {
  const handle = value.trim().toLowerCase();
  if (!/^[a-z0-9][a-z0-9_-]{1,39}$/.test(handle)) {
    throw badInput('A shop handle is 2–40 letters a-z, digits, "-" or "_", starting with a letter or digit', { field: 'handle' });
  }
  return handle;
}

export function currency(value: string): string {
  const code = value.trim().toUpperCase();
  if (!isCurrency(code)) throw badInput(`"${value.slice(0, 10)}" is not an ISO 4217 currency code (like CNY, USD or JPY)`, { field: 'currency' });
  return code;
}

/** A price in minor units: a whole number from 0 up to the instance's limit. */
export function price(value: number, field: string, max: number): number {
  if (!Number.isSafeInteger(value) || value < 0) throw badInput(`${field} must be a whole number of minor units (fen, cents), 0 or more`, { field });
  if (value > max) throw badInput(`${field} is more than the largest price allowed (${max} minor units)`, { field, max });
  return value;
}

export function stock(value: number, field = 'stock'): number {
  if (!Number.isSafeInteger(value) || value < 0) throw badInput(`${field} cannot be negative`, { field });
  if (value > LIMITS.stock) throw badInput(`${field} is at most ${LIMITS.stock}`, { field });
  return value;
}

export function sku(value: string | null | undefined): string | null {
  if (value == null || !value.trim()) return null;
  const code = value.trim();
  if (!/^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/.test(code)) throw badInput('A SKU code is 1–64 letters, digits, ".", "_", "/" or "-"', { field: 'sku' });
  return code;
}

export function options(input: readonly ProductOption[]): ProductOption[] {
  if (input.length > LIMITS.options) throw badInput(`A product has at most ${LIMITS.options} options (like colour and size)`, { field: 'options' });
  const names = new Set<string>();
  return input.map((o) => {
    const name = text(o.name, 'options', 'An option name', LIMITS.optionName);
    if (names.has(name)) throw badInput(`The option "${name}" is listed twice`, { field: 'options' });
    names.add(name);
    if (!o.values.length) throw badInput(`The option "${name}" needs at least one value`, { field: 'options' });
    if (o.values.length > LIMITS.optionValues) throw badInput(`The option "${name}" has at most ${LIMITS.optionValues} values`, { field: 'options' });
    const values = o.values.map((v) => text(v, 'options', `A value of "${name}"`, LIMITS.optionValue));
    if (new Set(values).size !== values.length) throw badInput(`The option "${name}" lists a value twice`, { field: 'options' });
    return { name, values };
  });
}

/** Values in the product's option order from { name, value } pairs; each option exactly once, each value one of its option's. */
export function optionValues(productOptions: readonly ProductOption[], selected: readonly { name: string; value: string }[]): string[] {
  const byName = new Map(selected.map((s) => [s.name.trim(), s.value.trim()]));
  if (byName.size !== selected.length) throw badInput('A variant names an option twice', { field: 'options' });
  for (const name of byName.keys()) {
    if (!productOptions.some((o) => o.name === name)) throw badInput(`The product has no option "${name}"`, { field: 'options' });
  }
  return productOptions.map((o) => {
    const value = byName.get(o.name);
    if (value === undefined) throw badInput(`A variant needs a value for "${o.name}"`, { field: 'options' });
    if (!o.values.includes(value)) throw badInput(`"${value}" is not a value of "${o.name}" (${o.values.join(', ')})`, { field: 'options' });
    return value;
  });
}

export const optionKey = (values: readonly string[]) => JSON.stringify(values);

/** Refuses two variants with the same options or the same SKU code. */
export function distinctVariants(variants: readonly { optionValues: string[]; sku: string | null }[]): void {
  const keys = new Set<string>();
  const skus = new Set<string>();
  for (const v of variants) {
    const key = optionKey(v.optionValues);
    if (keys.has(key)) throw badInput(`Two variants have the same options (${v.optionValues.join(' / ') || 'none'})`, { field: 'variants' });
    keys.add(key);
    if (v.sku) {
      if (skus.has(v.sku)) throw badInput(`Two variants have the SKU code "${v.sku}"`, { field: 'sku' });
      skus.add(v.sku);
    }
  }
}

/** Local ids from a list, refusing repeats. */
export function distinctIds(ids: readonly number[], field: string): number[] {
  if (new Set(ids).size !== ids.length) throw badInput(`${field} lists an id twice`, { field });
  return [...ids];
}
