// A light English suffix stripper in the spirit of Porter's step 1: plurals,
// -ed and -ing. It is applied to both documents and queries, so what matters
// is that related forms meet ("hiking", "hikes", "hiked" → "hike"), not that
// the stems are dictionary words. Longer suffixes (-ness, -ly, -ation) are
// left alone on purpose: stripping them hurts precision more than it helps.

const VOWEL = /[aeiouy]/;
const KEEP_S = /(ss|us|is|ous)$/;

function isConsonant(word: string, i: number): boolean {
  const ch = word[i]!;
  if ('aeiou'.includes(ch)) return false;
  if (ch === 'y') return i === 0 || !isConsonant(word, i - 1);
  return true;
}

/** consonant-vowel-consonant at the end (not w, x, y): "hik", "bak" want their e back. */
function endsCvc(word: string): boolean {
  const n = word.length;
  if (n < 3) return false;
  return isConsonant(word, n - 3) && !isConsonant(word, n - 2) && isConsonant(word, n - 1) && !'wxy'.includes(word[n - 1]!);
}

function tidy(stem: string): string {
  const n = stem.length;
  // "shopping" → "shopp" → "shop"; but "falling" keeps "fall".
  if (n > 2 && stem[n - 1] === stem[n - 2] && isConsonant(stem, n - 1) && !'lsz'.includes(stem[n - 1]!)) return stem.slice(0, -1);
  if (n === 3 && endsCvc(stem)) return stem + 'e';
  return stem;
}

export function stem(word: string): string {
  if (word.length <= 3 || !/^[a-z]+$/.test(word)) return word;
  let w = word;
  if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('ies') && w.length > 4) w = w.slice(0, -3) + 'y';
  else if (w.endsWith('s') && !KEEP_S.test(w)) w = w.slice(0, -1);
  if (w.endsWith('eed')) return w;
  for (const suffix of ['ing', 'ed']) {
    if (!w.endsWith(suffix)) continue;
    const rest = w.slice(0, -suffix.length);
    if (rest.length >= 2 && VOWEL.test(rest)) return tidy(rest);
  }
  // "cafes" and "cafe", "hikes" and "hike" must meet the -ing/-ed forms: drop a final e.
  return w;
}
