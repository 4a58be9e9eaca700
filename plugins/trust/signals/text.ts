// Text helpers shared by the signal detectors: folding (so that full-width,
// upper-case and zero-width-padded spellings compare equal), CJK-aware
// tokens, and links. Pure and synchronous.

const ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff\u00ad]/g;
const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
/** Runs of CJK characters, or of other letters and digits (Latin words, numbers). */
const RUNS = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+|[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

/** NFKC (full-width → half-width, compatibility forms), lower case, no zero-width characters. */
export function fold(text: string): string {
  return text.normalize('NFKC').replace(ZERO_WIDTH, '').toLowerCase();
}

export function hasCjk(text: string): boolean {
  return CJK_CHAR.test(text);
}

/**
 * Folded text without spaces, punctuation and symbols, so "加 微 信" and
 * "加*微*信" read as "加微信" (CJK terms are matched in this form).
 */
export function compact(text: string): string {
  return fold(text).replace(/[\p{Z}\p{P}\p{S}\s]+/gu, '');
}

/** Tokens of folded text: Latin words and numbers as they are, CJK runs as character bigrams (a lone character as itself). */
export function tokens(text: string): string[] {
  const out: string[] = [];
  for (const [run] of fold(text).matchAll(RUNS)) {
    if (!CJK_CHAR.test(run[0]!)) {
      out.push(run);
      continue;
    }
    const chars = [...run];
    if (chars.length === 1) out.push(run);
    for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  }
  return out;
}

const NOT_IN_URL = `\\s<>"'()\\[\\]{}|\\\\^\`\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}`;
const SCHEME_URL = new RegExp(`\\bhttps?://[^${NOT_IN_URL}]+`, 'giu');
// Links people write without a scheme: www.… or host.tld/path with a common top-level domain.
const BARE_URL = new RegExp(`(?<![\\w.@/])(?:www\\.[a-z0-9-]+(?:\\.[a-z0-9-]+)+|(?:[a-z0-9-]+\\.)+(?:com|cn|net|org|io|ly|gl|me|co|cc|top|xyz|vip|shop|link|gd|im|id)/)[^${NOT_IN_URL}]*`, 'giu');
// Full-width punctuation ends a link (before NFKC turns "，" into ",", which links may contain).
const CJK_PUNCTUATION = /[，。！？、；（）【】「」『』《》〈〉“”‘’…]/g;

/** Links in text (with or without a scheme; full-width spellings folded), in order, without trailing punctuation. */
export function extractLinks(text: string): string[] {
  const folded = text.replace(CJK_PUNCTUATION, ' ').normalize('NFKC').replace(ZERO_WIDTH, '');
  const found: { index: number; url: string }[] = [];
  const taken: [number, number][] = [];
  for (const m of folded.matchAll(SCHEME_URL)) {
    found.push({ index: m.index, url: m[0] });
    taken.push([m.index, m.index + m[0].length]);
  }
  for (const m of folded.matchAll(BARE_URL)) {
    if (taken.some(([a, b]) => m.index >= a && m.index < b)) continue;
    found.push({ index: m.index, url: m[0] });
  }
  return found.sort((a, b) => a.index - b.index).map((f) => f.url.replace(/[.,;:!?]+$/, ''));
}

/** The text with its links taken out. */
export function withoutLinks(text: string): string {
  let out = text.normalize('NFKC').replace(ZERO_WIDTH, '');
  for (const link of extractLinks(text)) out = out.replace(link, ' ');
  return out;
}

export interface LinkParts {
  /** Lower case, without "www.". */
  host: string;
  /** Host, path and the query without tracking parameters: the same page shared twice has the same key. */
  key: string;
}

const TRACKING = /^(utm_[a-z]+|spm|from|share_?[a-z]*|src|ref|fbclid|gclid|xsec_[a-z]+|app_platform|app_version)$/i;

export function linkParts(link: string): LinkParts | null {
  let url: URL;
  try {
    url = new URL(/^https?:\/\//i.test(link) ? link : `https://${link}`);
  } catch {
    return null;
  }
  const host = url.hostname.toLowerCase().replace(/^www\./, '');
  if (!host.includes('.')) return null;
  const params = [...url.searchParams.entries()].filter(([k]) => !TRACKING.test(k)).sort(([a], [b]) => a.localeCompare(b));
  const query = params.length ? '?' + params.map(([k, v]) => `${k}=${v}`).join('&') : '';
  const path = url.pathname.replace(/\/+$/, '');
  return { host, key: `${host}${path}${query}` };
}

/** True when `host` is `domain` or one of its subdomains. */
export function hostIs(host: string, domain: string): boolean {
  const d = domain.toLowerCase().replace(/^www\./, '');
  return host === d || host.endsWith(`.${d}`);
}
