// How a muted word finds a note. Both sides are folded the same way: NFKC
// (full-width Ａ and ＃ become A and #, half-width ｶ becomes カ), lower
// case, runs of white space as one space. Scripts written without spaces
// (Chinese, Japanese, Korean) match anywhere: muting 代购 hides 找代购. In
// scripts with spaces a whole word must stand alone: "art" hides "art show"
// but not "party"; without wholeWord it matches inside words too.

export const MAX_WORD_LENGTH = 100;

/** The form both muted words and note text are compared in. */
export function foldText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ');
}

const WORD_CHAR = /[\p{L}\p{M}\p{N}_]/u;
const UNSPACED_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** A letter, digit or mark of a script that separates words with spaces (Latin, Cyrillic, …). */
function isSpacedWordChar(ch: string | undefined): boolean {
  return ch !== undefined && WORD_CHAR.test(ch) && !UNSPACED_SCRIPT.test(ch);
}

/** The code point just before `index` in `text` (surrogate pairs kept whole). */
function charBefore(text: string, index: number): string | undefined {
  if (index <= 0) return undefined;
  const low = text.charCodeAt(index - 1);
  if (low >= 0xdc00 && low <= 0xdfff && index >= 2) return text.slice(index - 2, index);
  return text[index - 1];
}

function charAt(text: string, index: number): string | undefined {
  const cp = text.codePointAt(index);
  return cp === undefined ? undefined : String.fromCodePoint(cp);
}

export interface WordMatcher {
  /** The folded word. */
  key: string;
  wholeWord: boolean;
}

/**
 * Does the folded `text` contain the muted word? A whole word checks its
 * boundaries only at ends that are letters of a spaced script, so "art展"
 * needs a boundary before "a" and none after "展".
 */
export function containsWord(text: string, word: WordMatcher): boolean {
  if (!word.key) return false;
  for (let at = text.indexOf(word.key); at !== -1; at = text.indexOf(word.key, at + 1)) {
    if (boundariesHold(text, at, word)) return true;
  }
  return false;
}

/** Whether the match of `word` at `at` stands alone where its ends need it. */
function boundariesHold(text: string, at: number, word: WordMatcher): boolean {
  if (!word.wholeWord) return true;
  const { key } = word;
  if (isSpacedWordChar(charAt(key, 0)) && isSpacedWordChar(charBefore(text, at))) return false;
  if (isSpacedWordChar(charBefore(key, key.length)) && isSpacedWordChar(charAt(text, at + key.length))) return false;
  return true;
}

/** A person's muted words, compiled once: one regular-expression scan per text finds where any of them starts. */
export interface WordSet {
  matches(foldedText: string): boolean;
}

const SYNTAX = /[\\^$.*+?()[\]{}|/]/g;
const compiled = new Map<string, WordSet>();
const MAX_COMPILED = 256;

export function compileWords(words: readonly WordMatcher[]): WordSet {
  const signature = words.map((w) => `${w.wholeWord ? 1 : 0}${w.key}`).sort().join('\u0000');
  const cached = compiled.get(signature);
  if (cached) return cached;
  const usable = words.filter((w) => w.key);
  // Longest first, so a phrase is tried before a word it starts with.
  const alternatives = [...new Set(usable.map((w) => w.key))].sort((a, b) => b.length - a.length).map((k) => k.replace(SYNTAX, '\\$&'));
  const pattern = new RegExp(alternatives.join('|') || '(?!)', 'gu');
  const set: WordSet = {
    matches(text) {
      pattern.lastIndex = 0;
      for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
        const at = m.index;
        // Every muted word starting here, not only the one the scan found (a shorter one may stand alone).
        if (usable.some((w) => text.startsWith(w.key, at) && boundariesHold(text, at, w))) return true;
        // On past this start (a whole code point, so the scan never steps back into a surrogate pair).
        pattern.lastIndex = at + (text.codePointAt(at)! > 0xffff ? 2 : 1);
      }
      return false;
    },
  };
  if (compiled.size >= MAX_COMPILED) compiled.delete(compiled.keys().next().value!);
  compiled.set(signature, set);
  return set;
}

/** Checks a muted word as typed: its folded key, or why it cannot be muted. */
export function wordKey(input: string): { key: string } | { error: string } {
  const key = foldText(input).trim();
  if (!key) return { error: 'A muted word cannot be empty' };
  if ([...key].length > MAX_WORD_LENGTH) return { error: `A muted word has at most ${MAX_WORD_LENGTH} characters` };
  return { key };
}
