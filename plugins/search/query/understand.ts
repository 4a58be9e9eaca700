// Query understanding: a vague query becomes intents, slots and weighted
// terms. Lexicon triggers are found in the normalized query (Chinese as
// substrings, Latin as whole stemmed words); matched entries add their
// expansion terms with a lower weight than the query's own words, and give
// the result sections their titles and reasons.

import { segment, normalizeText, segmentNormalized } from '../text/tokenize.ts';
import type { QuerySlot } from '../contracts.ts';
import type { LexiconEntry } from './lexicon.ts';

export interface QueryTerm {
  term: string;
  weight: number;
  /** 'query' (typed), 'bigram' (typed, Chinese recall), 'expansion' (from the lexicon), 'learnt' (a reformulation people made). */
  source: 'query' | 'bigram' | 'expansion' | 'learnt' | 'context';
  /** The lexicon entry that added it. */
  entryId?: string;
  /** The query people went on to search, for learnt terms. */
  learntFrom?: string;
  /** Why a context term was added ("near you: 上海 / Shanghai"). */
  contextReason?: string;
}

export interface QueryPlan {
  normalized: string;
  terms: QueryTerm[];
  /** Words typed (for the plain keyword baseline and highlighting). */
  typedWords: string[];
  slots: QuerySlot[];
  entries: LexiconEntry[];
  intents: string[];
  /** Reformulations that expanded this query (behaviour.ts). */
  learnt?: { query: string; people: number }[];
}

/** A lone Chinese character (遛, 娃) says little; the bigram (遛娃) says more. */
export const WEIGHTS = { word: 1, singleHan: 0.35, hashtag: 1.3, emoji: 1, bigram: 0.6, expansion: 0.35, learnt: 0.5 } as const;
const HAN = /\p{Script=Han}/u;
const isSingleHan = (w: string) => w.length === 1 && HAN.test(w);

interface CompiledEntry {
  entry: LexiconEntry;
  /** Chinese triggers, normalized (substring match). */
  han: string[];
  /** Latin triggers as stemmed word sequences. */
  latin: string[][];
  expandTerms: string[];
}

/** Compiles a lexicon once (normalizing triggers and segmenting expansions). */
export function compileLexicon(entries: LexiconEntry[]): CompiledEntry[] {
  return entries.map((entry) => {
    const han: string[] = [];
    const latin: string[][] = [];
    for (const t of entry.triggers) {
      const n = normalizeText(t).trim();
      if (HAN.test(n)) han.push(n);
      else {
        const words = segment(n).words;
        if (words.length) latin.push(words);
      }
    }
    // Chinese expansions match through their bigrams (indexed for every Chinese run), since
    // the segmenter may split a short phrase (亲子 → 亲 子) differently in and out of context.
    const expandTerms = [...new Set(entry.expand.flatMap((x) => {
      const s = segment(x);
      return [...s.words.filter((w) => !isSingleHan(w)), ...s.bigrams, ...s.hashtags];
    }))];
    return { entry, han, latin, expandTerms };
  });
}

/** Merges admin entries over the shipped ones (same id replaces). */
export function mergeLexicon(shipped: LexiconEntry[], added: LexiconEntry[]): LexiconEntry[] {
  const byId = new Map(shipped.map((x) => [x.id, x]));
  for (const a of added) byId.set(a.id, a);
  return [...byId.values()];
}

function containsSequence(words: string[], seq: string[]): boolean {
  outer: for (let i = 0; i + seq.length <= words.length; i++) {
    for (let j = 0; j < seq.length; j++) if (words[i + j] !== seq[j]) continue outer;
    return true;
  }
  return false;
}

function intentsOf(entries: LexiconEntry[]): string[] {
  const has = (slot: string, id?: string) => entries.some((x) => x.slot === slot && (!id || x.id === id));
  const intents: string[] = [];
  const placeActivity = ['outing', 'cafe', 'hiking', 'camping', 'food', 'museum', 'photo', 'indoor'];
  if (has('activity', 'outing') || ((has('time') || has('place') || has('audience', 'kids')) && !entries.some((x) => x.slot === 'activity' && !placeActivity.includes(x.id)))) {
    if (entries.length) intents.push('find-places');
  }
  if (has('need', 'recommendation') || has('budget')) intents.push(has('activity', 'skincare') || has('activity', 'outfit') ? 'product-recommendation' : 'recommendation');
  if (has('need', 'tutorial') || has('activity', 'cooking')) intents.push('how-to');
  if (has('need', 'pitfalls')) intents.push('avoid-pitfalls');
  if (!intents.length) intents.push(entries.length ? 'explore-topic' : 'keyword');
  return intents;
}

/** Understands a query with a compiled lexicon. `expand: false` gives the plain keyword plan. */
export function understand(query: string, lexicon: CompiledEntry[], options: { expand?: boolean } = {}): QueryPlan {
  const normalized = normalizeText(query).replace(/\s+/g, ' ').trim();
  const seg = segmentNormalized(normalized);
  const terms = new Map<string, QueryTerm>();
  const add = (t: QueryTerm) => {
    const old = terms.get(t.term);
    if (!old || old.weight < t.weight) terms.set(t.term, t);
  };
  for (const w of seg.words) add({ term: w, weight: isSingleHan(w) ? WEIGHTS.singleHan : WEIGHTS.word, source: 'query' });
  for (const h of seg.hashtags) add({ term: h, weight: WEIGHTS.hashtag, source: 'query' });
  for (const x of seg.emoji) add({ term: x, weight: WEIGHTS.emoji, source: 'query' });
  const typedWords = [...terms.keys()];
  if (options.expand === false) return { normalized, terms: [...terms.values()], typedWords, slots: [], entries: [], intents: ['keyword'] };

  for (const b of seg.bigrams) add({ term: b, weight: WEIGHTS.bigram, source: 'bigram' });
  const matched: CompiledEntry[] = [];
  for (const c of lexicon) {
    if (c.han.some((t) => normalized.includes(t)) || c.latin.some((seq) => containsSequence(seg.words, seq))) matched.push(c);
  }
  for (const c of matched) for (const t of c.expandTerms) add({ term: t, weight: WEIGHTS.expansion, source: 'expansion', entryId: c.entry.id });
  const entries = matched.map((c) => c.entry);
  return {
    normalized,
    terms: [...terms.values()],
    typedWords,
    slots: entries.map((x) => ({ slot: x.slot, value: x.id, label: x.label })),
    entries,
    intents: intentsOf(entries),
  };
}

export type { CompiledEntry };

/**
 * Adds the words of queries people went on to search after this one
 * (behaviour.ts), weaker than typed words; the plan keeps them for reasons.
 */
export function withLearnt(plan: QueryPlan, learnt: { query: string; people: number }[]): QueryPlan {
  if (!learnt.length) return plan;
  const terms = new Map(plan.terms.map((t) => [t.term, t]));
  for (const l of learnt) {
    const s = segment(l.query);
    for (const term of [...s.words.filter((w) => !isSingleHan(w)), ...s.bigrams, ...s.hashtags]) {
      if (!terms.has(term)) terms.set(term, { term, weight: WEIGHTS.learnt, source: 'learnt', learntFrom: l.query });
    }
  }
  return { ...plan, terms: [...terms.values()], learnt };
}
