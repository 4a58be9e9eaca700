// Admin-managed word lists, and the term matcher they share with brand
// detection. CJK aware: a term with CJK characters matches as a substring
// of the compacted text (so "加 微 信" and "加*微*信" still match 加微信);
// a Latin term matches whole words only (so "ass" does not match "class");
// both sides are folded (full-width, case, zero-width characters).

import { compact, fold, hasCjk } from './text.ts';
import { clamp01, listed, round2, type Signal } from './types.ts';

export interface TermMatcher {
  /** The terms found in `text`, each as it was listed, in list order. */
  find(text: string): string[];
}

// A Latin term ends where Latin letters and digits end: 用Lumiere精华 contains the word Lumiere.
const LATIN_WORD_CHAR = '[\\p{Script=Latin}\\p{N}]';
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function termMatcher(terms: readonly string[]): TermMatcher {
  const cjk: { term: string; compacted: string }[] = [];
  const latin: { term: string; re: RegExp }[] = [];
  for (const term of terms) {
    const folded = fold(term).trim();
    if (!folded) continue;
    if (hasCjk(folded)) cjk.push({ term, compacted: compact(folded) });
    else latin.push({ term, re: new RegExp(`(?<!${LATIN_WORD_CHAR})${folded.split(/\s+/).map(escape).join('[\\s\\p{P}]+')}(?!${LATIN_WORD_CHAR})`, 'u') });
  }
  return {
    find(text) {
      const found = new Set<string>();
      if (cjk.length) {
        const c = compact(text);
        for (const t of cjk) if (c.includes(t.compacted)) found.add(t.term);
      }
      if (latin.length) {
        const f = fold(text);
        for (const t of latin) if (t.re.test(f)) found.add(t.term);
      }
      return terms.filter((t) => found.has(t));
    },
  };
}

export interface WordList {
  name: string;
  terms: string[];
  /** The signal's score when a term of this list is found. */
  score: number;
}

const matchers = new WeakMap<WordList, TermMatcher>();

function matcherOf(list: WordList): TermMatcher {
  let m = matchers.get(list);
  if (!m) matchers.set(list, (m = termMatcher(list.terms)));
  return m;
}

/** The highest-scoring list with a match; every further term found adds 0.05. */
export function detectWordLists(text: string, lists: readonly WordList[]): Signal | null {
  let best: { list: WordList; terms: string[] } | null = null;
  let total = 0;
  for (const list of lists) {
    const terms = matcherOf(list).find(text);
    total += terms.length;
    if (terms.length && (!best || list.score > best.list.score)) best = { list, terms };
  }
  if (!best) return null;
  return {
    kind: 'word-list',
    score: round2(clamp01(best.list.score + 0.05 * (total - 1))),
    explanation: `word list "${best.list.name}" matched ${listed(best.terms.map((t) => `"${t}"`))}`,
  };
}
