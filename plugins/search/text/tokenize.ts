// Text → index terms, the same way for documents and queries, so both
// engines index and look up exactly the same tokens:
// - NFKC (full-width → half-width), lower case, traditional → simplified;
// - hashtags as one term each ("#露营");
// - words from Intl.Segmenter('zh'), which segments Chinese with ICU's
//   dictionary and leaves Latin words and numbers whole;
// - for Chinese runs also every character bigram, so a word the dictionary
//   splits differently from the query still matches (recall);
// - English words through a light stemmer; emoji as terms.
// A term holds letters, marks, digits, `#` and emoji only: nothing that
// either engine's query syntax could read as an operator.

import { scanHashtags } from '../../../core/index.ts';
import { stem } from './stem.ts';
import { toSimplified } from './t2s.ts';

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
const HAN = /\p{Script=Han}/u;
const HAN_RUN = /\p{Script=Han}+/gu;
const EMOJI = /\p{Extended_Pictographic}/u;
const EMOJI_ALL = /\p{Extended_Pictographic}(?:\u200d\p{Extended_Pictographic})*/gu;
const NOT_TERM = /[^\p{L}\p{M}\p{N}]/gu;
export const MAX_TERM_LENGTH = 40;

/** Words that carry no meaning for search (English function words, Chinese particles). */
export const STOPWORDS = new Set([
  'a', 'an', 'the', 'and', 'or', 'of', 'to', 'in', 'on', 'at', 'for', 'with', 'is', 'are', 'be', 'it', 'this', 'that', 'my', 'your', 'i', 'you', 'we',
  'do', 'does', 'what', 'how', 'which', 'from', 'by', 'as', 'so', 'our', 'me', 'go', 'some', 'any', 'get',
  '的', '了', '和', '是', '在', '我', '你', '也', '就', '都', '去', '有', '吗', '呢', '吧', '啊', '个', '这', '那', '很', '还', '又', '与', '及',
]);

const CONTROL = /\p{Cc}/gu;

/**
 * Width, case and script folding applied before anything else; control
 * characters become spaces and lone surrogates go (PostgreSQL text refuses
 * NUL, and neither is a word).
 */
export function normalizeText(text: string): string {
  return toSimplified(text.toWellFormed().replace(CONTROL, ' ').normalize('NFKC').toLowerCase());
}

export interface SegmentedText {
  /** Dictionary words (stemmed when Latin), in order, stop words removed. */
  words: string[];
  /** Character bigrams of Chinese runs. */
  bigrams: string[];
  /** "#tag" terms. */
  hashtags: string[];
  emoji: string[];
}

const LATIN_WITH_MARKS = /^[\p{Script=Latin}\p{M}\p{N}]+$/u;

/** A segment's usable parts: split at anything that is not a letter or digit ("foo:bar" → foo, bar); accents dropped from Latin words. */
function cleanTerms(raw: string): string[] {
  return raw.split(NOT_TERM).flatMap((part) => {
    const t = LATIN_WITH_MARKS.test(part) ? part.normalize('NFD').replace(/\p{M}/gu, '') : part;
    return t && t.length <= MAX_TERM_LENGTH ? [t] : [];
  });
}

/** Segments already-normalized text. */
export function segmentNormalized(text: string): SegmentedText {
  const hashtags = scanHashtags(text).map((m) => `#${toSimplified(m.tag)}`).filter((t) => t.length <= MAX_TERM_LENGTH + 1);
  const words: string[] = [];
  for (const s of segmenter.segment(text)) {
    if (!s.isWordLike) continue;
    for (const term of cleanTerms(s.segment)) {
      if (!STOPWORDS.has(term)) words.push(HAN.test(term) ? term : stem(term));
    }
  }
  const bigrams: string[] = [];
  for (const run of text.match(HAN_RUN) ?? []) {
    const chars = Array.from(run);
    for (let i = 0; i + 1 < chars.length; i++) bigrams.push(chars[i]! + chars[i + 1]!);
  }
  const emoji = (text.match(EMOJI_ALL) ?? []).filter((e) => EMOJI.test(e));
  return { words, bigrams, hashtags, emoji };
}

export function segment(text: string): SegmentedText {
  return segmentNormalized(normalizeText(text));
}

/** All index terms of a text (words, bigrams, hashtags, emoji), with repeats (term frequency counts). */
export function indexTerms(text: string): string[] {
  const s = segment(text);
  // A two-character word is its own bigram; keep one copy so it is not counted twice.
  const wordSet = new Set(s.words);
  return [...s.words, ...s.bigrams.filter((b) => !wordSet.has(b)), ...s.hashtags, ...s.emoji];
}
