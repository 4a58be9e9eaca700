// Checking what people type: topic names, community slugs and texts. Every
// bad value is a BAD_USER_INPUT naming the field.

import { badInput, normalizeTag, MAX_TAG_LENGTH } from '../../core/index.ts';

/** The normalized key of a topic name typed with or without `#` (also `＃`, and the closed `#tag#`). */
export function topicKeyOf(input: unknown, field = 'name'): string {
  if (typeof input !== 'string') throw badInput('A topic name must be text', { field });
  const bare = input.normalize('NFKC').trim().replace(/^#+/, '').replace(/#$/, '').trim();
  if (!bare) throw badInput('Give a topic name, e.g. "露营" or "#OOTD"', { field });
  if (bare.length > MAX_TAG_LENGTH) throw badInput(`A topic name has at most ${MAX_TAG_LENGTH} characters`, { field });
  const key = normalizeTag(bare);
  if (!key) throw badInput('A topic name is letters, digits and _ (at least one letter), with no spaces or punctuation', { field });
  return key;
}

/** Display form of a name (NFKC, without `#`); the key decides identity. */
export function displayNameOf(input: string): string {
  return input.normalize('NFKC').trim().replace(/^#+/, '').replace(/#$/, '');
}

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,58}[a-z0-9])?$/;

export function checkSlug(input: unknown): string {
  const slug = typeof input === 'string' ? input.trim().toLowerCase() : '';
  if (!SLUG.test(slug) || slug.length < 2) {
    throw badInput('A community slug is 2–60 characters of a–z, 0–9 and inner hyphens, e.g. "camping-hiking"', { field: 'slug' });
  }
  return slug;
}

/** Control characters other than tab and line breaks. */
function hasControl(value: string): boolean {
  for (const ch of value) {
    const c = ch.codePointAt(0)!;
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) return true;
  }
  return false;
}

export function checkText(input: unknown, field: string, max: number, options: { min?: number; multiline?: boolean } = {}): string {
  const value = typeof input === 'string' ? input.normalize('NFC').trim() : '';
  const min = options.min ?? 0;
  const length = [...value].length;
  if (length < min || length > max) {
    throw badInput(min > 0 ? `${field} must be ${min}–${max} characters` : `${field} must be at most ${max} characters`, { field });
  }
  if (hasControl(value) || (!options.multiline && /[\r\n]/.test(value))) throw badInput(`${field} contains control characters`, { field });
  return value;
}

export const MAX_RULES = 20;
export const MAX_COMMUNITY_TOPICS = 10;

export function checkRules(input: unknown): string[] {
  if (!Array.isArray(input)) throw badInput('rules must be a list of texts', { field: 'rules' });
  if (input.length > MAX_RULES) throw badInput(`A community has at most ${MAX_RULES} rules`, { field: 'rules' });
  return input.map((r) => checkText(r, 'rule', 500, { min: 1, multiline: true }));
}

export function checkTopicNames(input: unknown): string[] {
  if (!Array.isArray(input) || input.length === 0) throw badInput('A community gathers at least one topic', { field: 'topics' });
  if (input.length > MAX_COMMUNITY_TOPICS) throw badInput(`A community gathers at most ${MAX_COMMUNITY_TOPICS} topics`, { field: 'topics' });
  return input.map((n) => displayNameOf(String(n))).filter((n, i, all) => {
    topicKeyOf(n, 'topics');
    return all.findIndex((m) => topicKeyOf(m, 'topics') === topicKeyOf(n, 'topics')) === i;
  });
}
