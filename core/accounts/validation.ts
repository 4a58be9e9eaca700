// Input rules for accounts: handles, passwords, display names, bios, links
// and e-mail. Each refusal says what is wrong, so a person can fix it.

import { badInput } from '../errors/errors.ts';
import type { ProfileLink } from './contracts.ts';
import { COMMON_PASSWORDS } from './common-passwords.ts';

export const HANDLE_MIN = 3;
export const HANDLE_MAX = 30;

/** Names that would collide with routes, staff or the instance itself. */
export const RESERVED_HANDLES = new Set([
  'admin', 'administrator', 'root', 'www', 'api', 'graphql', 'media', 'well-known', '.well-known', 'wellknown',
  'healthz', 'readyz', 'settings', 'explore', 'about', 'login', 'logout', 'signin', 'signout', 'signup', 'register',
  'instance', 'meadow', 'support', 'help', 'null', 'undefined', 'system', 'moderator', 'mod', 'staff', 'official',
  'security', 'postmaster', 'webmaster', 'hostmaster', 'abuse', 'noreply', 'no_reply', 'nodeinfo', 'inbox', 'outbox',
  'feed', 'search', 'notifications', 'static', 'assets', 'public', 'anonymous', 'everyone', 'me', 'self',
]);

// Invisible or layout-changing code points: C0/C1 controls, zero-width
// characters, bidirectional overrides, the BOM.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/u;
const CONTROL_GLOBAL = new RegExp(CONTROL.source, 'gu');

function describeCodePoint(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Handles are ASCII only: [a-z0-9_], 3–30 long, compared lower-case. That
 * refuses every homoglyph (Cyrillic "а", Greek "ο", full-width "ａ") without
 * a confusables table: only one spelling of each handle can exist.
 */
export function normalizeHandle(raw: unknown): string {
  if (typeof raw !== 'string' || raw.length === 0) throw badInput('Choose a handle (3–30 letters a–z, digits or _)', { field: 'handle' });
  const control = raw.match(CONTROL);
  if (control) {
    throw badInput(`The handle contains an invisible or control character (${describeCodePoint(control[0])}); use only a–z, 0–9 and _`, { field: 'handle' });
  }
  for (const ch of raw) {
    if (!/^[A-Za-z0-9_]$/.test(ch)) {
      const lookalike = ch.normalize('NFKC').toLowerCase();
      const hint = /^[a-z0-9_]$/.test(lookalike) || /\p{Script=Cyrillic}|\p{Script=Greek}/u.test(ch)
        ? ' (a look-alike of a Latin letter or digit)'
        : '';
      throw badInput(`The handle contains "${ch}" (${describeCodePoint(ch)})${hint}; use only a–z, 0–9 and _`, { field: 'handle' });
    }
  }
  const handle = raw.toLowerCase();
  if (handle.length < HANDLE_MIN || handle.length > HANDLE_MAX) {
    throw badInput(`A handle is ${HANDLE_MIN} to ${HANDLE_MAX} characters long; "${handle}" has ${handle.length}`, { field: 'handle' });
  }
  if (RESERVED_HANDLES.has(handle)) throw badInput(`The handle "${handle}" is reserved; choose another`, { field: 'handle' });
  return handle;
}

/** "user@host" (a remote account), lower-cased; null when it is not one. */
export function lookupRemoteHandle(raw: string): string | null {
  const h = String(raw ?? '').trim().replace(/^@/, '').toLowerCase();
  return /^[^\s@/\\#?]{1,100}@[a-z0-9.-]+(:\d{1,5})?$/u.test(h) && h.length <= 320 ? h : null;
}

/** Remote names and bios: no control characters, collapsed, bounded. */
export function cleanRemoteText(raw: string | null | undefined, max: number): string {
  return String(raw ?? '').replace(/[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '').trim().slice(0, max);
}

/** Is this a well-formed handle for lookups (no reserved-word check)? */
export function lookupHandle(raw: string): string | null {
  const h = raw.trim().replace(/^@/, '').toLowerCase();
  return /^[a-z0-9_]{1,30}$/.test(h) ? h : null;
}

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 256;

/** Returns nothing, or throws with the reason the password is too weak. */
export function checkPassword(password: unknown, handle?: string): string {
  if (typeof password !== 'string') throw badInput('Choose a password', { field: 'password' });
  if (password.length < PASSWORD_MIN) throw badInput(`The password is too short: use at least ${PASSWORD_MIN} characters`, { field: 'password' });
  if (password.length > PASSWORD_MAX) throw badInput(`The password is too long: use at most ${PASSWORD_MAX} characters`, { field: 'password' });
  const classes = [/\p{Ll}/u, /\p{Lu}/u, /\p{Nd}/u, /[^\p{Ll}\p{Lu}\p{Nd}]/u].filter((re) => re.test(password)).length;
  if (classes < 2) throw badInput('The password uses only one kind of character: mix letters with digits, capitals or symbols', { field: 'password' });
  if (new Set(password).size < 4) throw badInput('The password repeats too few characters: use more different ones', { field: 'password' });
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower)) throw badInput('This password is among the most common ones and is guessed first: choose another', { field: 'password' });
  if (handle && handle.length >= 3 && lower.includes(handle.toLowerCase())) throw badInput('The password contains your handle: choose one that does not', { field: 'password' });
  return password;
}

export const DISPLAY_NAME_MAX = 50;
export const BIO_MAX = 500;
export const LINKS_MAX = 5;

/** Trimmed, 1–50 characters, no control or invisible characters. */
export function cleanDisplayName(raw: unknown): string {
  if (typeof raw !== 'string') throw badInput('The display name must be text', { field: 'displayName' });
  const control = raw.match(CONTROL);
  if (control) throw badInput(`The display name contains an invisible or control character (${describeCodePoint(control[0])})`, { field: 'displayName' });
  const name = raw.normalize('NFC').trim().replace(/\s+/gu, ' ');
  const length = [...name].length;
  if (length === 0) throw badInput('The display name cannot be empty', { field: 'displayName' });
  if (length > DISPLAY_NAME_MAX) throw badInput(`The display name is ${length} characters long; the limit is ${DISPLAY_NAME_MAX}`, { field: 'displayName' });
  return name;
}

/** Up to 500 characters; line breaks kept, other control characters removed. */
export function cleanBio(raw: unknown): string {
  if (typeof raw !== 'string') throw badInput('The bio must be text', { field: 'bio' });
  const bio = raw.normalize('NFC').replace(/\r\n?/g, '\n').replace(/[^\S\n]+$/gmu, '').replace(CONTROL_GLOBAL, (c) => (c === '\n' ? c : '')).trim();
  const length = [...bio].length;
  if (length > BIO_MAX) throw badInput(`The bio is ${length} characters long; the limit is ${BIO_MAX}`, { field: 'bio' });
  return bio;
}

export function cleanLinks(raw: unknown): ProfileLink[] {
  if (!Array.isArray(raw)) throw badInput('Links must be a list', { field: 'links' });
  if (raw.length > LINKS_MAX) throw badInput(`At most ${LINKS_MAX} links; ${raw.length} were given`, { field: 'links' });
  return raw.map((link, i) => {
    const url = typeof link?.url === 'string' ? link.url.trim() : '';
    let parsed: URL | null = null;
    try {
      parsed = new URL(url);
    } catch {
      parsed = null;
    }
    if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || url.length > 500) {
      throw badInput(`Link ${i + 1} must be an http:// or https:// address (at most 500 characters)`, { field: 'links' });
    }
    const label = typeof link?.label === 'string' ? link.label.replace(CONTROL_GLOBAL, '').trim() : '';
    if ([...label].length > 50) throw badInput(`The label of link ${i + 1} is longer than 50 characters`, { field: 'links' });
    return { label: label || parsed.hostname, url: parsed.href };
  });
}

export function cleanEmail(raw: unknown): string | null {
  if (raw == null || raw === '') return null;
  if (typeof raw !== 'string') throw badInput('The e-mail address must be text', { field: 'email' });
  const email = raw.trim().toLowerCase();
  if (email.length > 254 || !/^[^\s@\u0000-\u001f]+@[^\s@\u0000-\u001f]+\.[^\s@\u0000-\u001f]+$/.test(email)) {
    throw badInput(`"${email.slice(0, 60)}" is not a valid e-mail address`, { field: 'email' });
  }
  return email;
}

export const LOCALES = ['zh-CN', 'en'] as const;
export function checkLocale(raw: unknown): 'zh-CN' | 'en' {
  if (raw === 'zh-CN' || raw === 'en') return raw;
  throw badInput(`The locale must be one of ${LOCALES.join(', ')}`, { field: 'locale' });
}
