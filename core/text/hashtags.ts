// Hashtags: `#OOTD`, `#露营`, `＃每日穿搭`, and Xiaohongshu's closed form
// `#露营#`. A tag runs over letters, marks, digits and `_`; it ends at
// whitespace, any punctuation (full-width ，。！？、；：「」（） included), a
// symbol or emoji, or the next `#`. Tags compare by their normalized form:
// NFKC (full-width → half-width, compatibility forms) and lower-case.

export const MAX_TAG_LENGTH = 64;

export interface HashtagMatch {
  /** The tag as written, without the `#`. */
  raw: string;
  /** Normalized form, used for storage and comparison. */
  tag: string;
  /** Offset of the `#` in the input, and the length up to and including a closing `#`. */
  index: number;
  length: number;
}

const HASH = /[#＃]/u;
const TAG_CHAR = /[\p{L}\p{M}\p{N}_]/u;
// A `#` right after one of these is part of something else: `C#`, `a.com/x#frag`, `&#123;`.
const NOT_BEFORE_HASH = /[A-Za-z0-9_/&.=?%-]/;

/** Normalizes a tag (with or without its `#`); null when nothing usable is left. */
export function normalizeTag(input: string): string | null {
  const value = input.normalize('NFKC').trim().replace(/^#+/, '').toLowerCase();
  if (!value || value.length > MAX_TAG_LENGTH) return null;
  for (const ch of value) if (!TAG_CHAR.test(ch)) return null;
  // "#1" in a numbered list is not a tag: a tag needs one non-digit.
  if (/^[\p{N}_]+$/u.test(value)) return null;
  return value;
}

/** Every hashtag occurrence in `text`, with positions (for renderers). */
export function scanHashtags(text: string): HashtagMatch[] {
  const out: HashtagMatch[] = [];
  const chars = Array.from(text);
  // Offsets in UTF-16 units, so callers can slice the original string.
  let offset = 0;
  const offsets: number[] = [];
  for (const ch of chars) {
    offsets.push(offset);
    offset += ch.length;
  }
  offsets.push(offset);
  for (let i = 0; i < chars.length; i++) {
    if (!HASH.test(chars[i]!)) continue;
    if (i > 0 && NOT_BEFORE_HASH.test(chars[i - 1]!)) continue;
    let j = i + 1;
    while (j < chars.length && TAG_CHAR.test(chars[j]!)) j++;
    if (j === i + 1) continue;
    const raw = chars.slice(i + 1, j).join('');
    const tag = normalizeTag(raw);
    // The closing `#` of `#tag#` belongs to the tag.
    const end = j < chars.length && HASH.test(chars[j]!) ? j + 1 : j;
    if (tag) out.push({ raw, tag, index: offsets[i]!, length: offsets[end]! - offsets[i]! });
    i = end - 1;
  }
  return out;
}

/** The distinct normalized hashtags of `text`, in order of first use. */
export function extractHashtags(text: string): string[] {
  return [...new Set(scanHashtags(text).map((m) => m.tag))];
}
