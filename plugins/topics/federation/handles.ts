// How topics and communities are named as fediverse actors.
//
// Topics are Group actors at /users/t.<name>, communities at /users/c.<slug>.
// The name must be plain ASCII: Mastodon (and Misskey) accept remote
// usernames matching [a-z0-9_]+([.-]+[a-z0-9_]+)* only, and verify an
// actor by a WebFinger lookup of preferredUsername@host, which must point
// back at the same actor id. Topic keys are often Chinese, so:
//   - an ASCII key is its own name: #hiking → t.hiking;
//   - any other key is written in Punycode (RFC 3492, as in IDN domains):
//     #露营 → t.xn--<code>. It is reversible and computable by anyone from the
//     tag alone, needs no table, and never collides with an ASCII key
//     (keys have no "-");
//   - `t.露营` (raw or percent-encoded) is accepted as an alias in WebFinger
//     and actor URLs, answered with the canonical actor, so Meadow users can
//     type acct:t.露营@host; Mastodon users follow @t.xn--…@host or paste the
//     actor URL.
// Community slugs are ASCII already (a–z, 0–9, inner "-").

import { topicKeyOf } from '../names.ts';

export const TOPIC_PREFIX = 't.';
export const COMMUNITY_PREFIX = 'c.';

const ASCII_KEY = /^[a-z0-9_]+$/;

/** The actor name (after "t.") of a topic key. */
export function topicActorName(key: string): string {
  return ASCII_KEY.test(key) ? key : `xn--${punycodeEncode(key)}`;
}

/**
 * The topic key an actor name means, and whether the name was the canonical
 * one (or an alias such as the raw Chinese name). Null for names that are no tag.
 */
export function topicKeyOfActorName(name: string): { key: string; canonical: boolean } | null {
  if (ASCII_KEY.test(name)) return { key: name, canonical: true };
  if (name.startsWith('xn--')) {
    const key = punycodeDecode(name.slice(4));
    if (key == null || ASCII_KEY.test(key)) return null;
    return { key, canonical: topicActorName(key) === name };
  }
  let raw = name;
  try {
    // WebFinger passes the acct: username still percent-encoded.
    raw = decodeURIComponent(name);
  } catch {
    return null;
  }
  try {
    return { key: topicKeyOf(raw), canonical: false };
  } catch {
    return null;
  }
}

// ---- Punycode (RFC 3492, section 6) ------------------------------------------

const BASE = 36;
const T_MIN = 1;
const T_MAX = 26;
const SKEW = 38;
const DAMP = 700;
const INITIAL_BIAS = 72;
const INITIAL_N = 128;

function adapt(delta: number, points: number, first: boolean): number {
  let d = first ? Math.floor(delta / DAMP) : delta >> 1;
  d += Math.floor(d / points);
  let k = 0;
  while (d > ((BASE - T_MIN) * T_MAX) >> 1) {
    d = Math.floor(d / (BASE - T_MIN));
    k += BASE;
  }
  return k + Math.floor(((BASE - T_MIN + 1) * d) / (d + SKEW));
}

const digitChar = (d: number) => String.fromCharCode(d < 26 ? 97 + d : 22 + d);

function charDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 22;
  if (c >= 97 && c <= 122) return c - 97;
  return BASE;
}

const threshold = (k: number, bias: number) => (k <= bias ? T_MIN : k >= bias + T_MAX ? T_MAX : k - bias);

export function punycodeEncode(input: string): string {
  const points = [...input].map((c) => c.codePointAt(0)!);
  const basic = points.filter((p) => p < 0x80);
  let output = String.fromCharCode(...basic);
  let handled = basic.length;
  if (basic.length > 0) output += '-';
  let n = INITIAL_N;
  let delta = 0;
  let bias = INITIAL_BIAS;
  while (handled < points.length) {
    const m = Math.min(...points.filter((p) => p >= n));
    delta += (m - n) * (handled + 1);
    n = m;
    for (const p of points) {
      if (p < n) delta++;
      if (p !== n) continue;
      let q = delta;
      for (let k = BASE; ; k += BASE) {
        const t = threshold(k, bias);
        if (q < t) break;
        output += digitChar(t + ((q - t) % (BASE - t)));
        q = Math.floor((q - t) / (BASE - t));
      }
      output += digitChar(q);
      bias = adapt(delta, handled + 1, handled === basic.length);
      delta = 0;
      handled++;
    }
    delta++;
    n++;
  }
  return output;
}

/** Null when the input is not valid Punycode. */
export function punycodeDecode(input: string): string | null {
  if (!/^[a-z0-9_-]*$/.test(input)) return null;
  const split = input.lastIndexOf('-');
  const output: number[] = split > 0 ? [...input.slice(0, split)].map((c) => c.charCodeAt(0)) : [];
  let n = INITIAL_N;
  let bias = INITIAL_BIAS;
  let i = 0;
  for (let pos = split > 0 ? split + 1 : 0; pos < input.length; ) {
    const oldI = i;
    let w = 1;
    for (let k = BASE; ; k += BASE) {
      if (pos >= input.length) return null;
      const digit = charDigit(input.charCodeAt(pos++));
      if (digit >= BASE) return null;
      i += digit * w;
      const t = threshold(k, bias);
      if (digit < t) break;
      w *= BASE - t;
      if (!Number.isSafeInteger(i) || !Number.isSafeInteger(w)) return null;
    }
    bias = adapt(i - oldI, output.length + 1, oldI === 0);
    n += Math.floor(i / (output.length + 1));
    i %= output.length + 1;
    if (n > 0x10ffff) return null;
    output.splice(i, 0, n);
    i++;
  }
  return String.fromCodePoint(...output);
}
