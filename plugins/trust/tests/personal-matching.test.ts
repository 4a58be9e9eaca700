// How a muted word finds text: folded alike (NFKC, case, width, spaces),
// anywhere in Chinese, Japanese and Korean, on word boundaries in scripts
// with spaces when wholeWord is on (the default), anywhere when it is off.

import { describe, expect, it } from 'vitest';
import { compileWords, containsWord, foldText, wordKey } from '../personal/matching.ts';

const keyOf = (word: string) => {
  const checked = wordKey(word);
  if ('error' in checked) throw new Error(checked.error);
  return checked.key;
};

/** One word through both paths (alone, and compiled with others as the feed filter does): they must agree. */
const muted = (word: string, text: string, wholeWord = true) => {
  const folded = foldText(text);
  const alone = containsWord(folded, { key: keyOf(word), wholeWord });
  const inSet = compileWords([{ key: 'zzz-unrelated', wholeWord: true }, { key: keyOf(word), wholeWord }]).matches(folded);
  expect(inSet, `compiled set for "${word}" in "${text}"`).toBe(alone);
  return alone;
};

describe('muted word matching', () => {
  it('finds Chinese, Japanese and Korean words inside longer runs', () => {
    expect(muted('代购', '找我代购，价格美丽')).toBe(true);
    expect(muted('代购', '代 购')).toBe(false);
    expect(muted('ネタバレ', '映画のﾈﾀﾊﾞﾚあり')).toBe(true); // half-width katakana
    expect(muted('스포', '영화스포주의')).toBe(true);
    expect(muted('代购', '代理购买')).toBe(false);
  });

  it('folds full-width letters, case and runs of spaces', () => {
    expect(muted('art', 'ＡＲＴ fair')).toBe(true);
    expect(muted('ＯＯＴＤ', 'my ootd today')).toBe(true);
    expect(muted('fast fashion', 'no more FAST\n\n  Fashion hauls')).toBe(true);
  });

  it('whole words in scripts with spaces: "art" is not in "party" or "artist"', () => {
    expect(muted('art', 'street art, again')).toBe(true);
    expect(muted('art', '#art')).toBe(true);
    expect(muted('art', '(art)')).toBe(true);
    expect(muted('art', 'party time')).toBe(false);
    expect(muted('art', 'artist')).toBe(false);
    expect(muted('art', 'art_deco')).toBe(false);
    expect(muted('café', 'cafés')).toBe(false);
    expect(muted('café', 'Café au lait')).toBe(true);
    expect(muted('кофе', 'утренний кофе')).toBe(true);
    expect(muted('кофе', 'кофемашина')).toBe(false);
    // Next to Chinese characters or emoji a Latin word still stands alone.
    expect(muted('art', '今天看art展')).toBe(true);
    expect(muted('art', '🎨art🎨')).toBe(true);
    // A later occurrence counts when the first one is inside a word.
    expect(muted('art', 'party and art')).toBe(true);
  });

  it('without wholeWord, a word matches inside words too', () => {
    expect(muted('art', 'party time', false)).toBe(true);
    expect(muted('lemon', 'Lemonade', false)).toBe(true);
  });

  it('mixed words check boundaries only at their Latin ends', () => {
    expect(muted('iPhone代购', '便宜iPhone代购渠道')).toBe(true);
    expect(muted('iPhone代购', 'myiPhone代购')).toBe(false);
    expect(muted('iPhone代购', 'myiPhone代购', false)).toBe(true);
  });

  it('a set of words finds any of them, a shorter one where a longer one does not stand alone, and treats regex characters literally', () => {
    const set = compileWords([{ key: 'art show', wholeWord: true }, { key: 'art', wholeWord: true }, { key: 'c++', wholeWord: true }, { key: '(代购)', wholeWord: true }]);
    expect(set.matches(foldText('the art shows'))).toBe(true); // "art show" runs into "shows", "art" alone stands
    expect(set.matches(foldText('a party, artists'))).toBe(false);
    expect(set.matches(foldText('learning c++ today'))).toBe(true);
    expect(set.matches(foldText('learning cpp today'))).toBe(false);
    expect(set.matches(foldText('正品（代购）'))).toBe(true); // full-width brackets fold to ( )
    expect(set.matches(foldText('😀😀 party 😀'))).toBe(false);
    expect(compileWords([]).matches('anything')).toBe(false);
  });

  it('refuses empty and over-long words', () => {
    expect(wordKey('  \u3000 ')).toEqual({ error: 'A muted word cannot be empty' });
    expect(wordKey('a'.repeat(101))).toEqual({ error: 'A muted word has at most 100 characters' });
    expect(wordKey('a'.repeat(100))).toEqual({ key: 'a'.repeat(100) });
    expect(wordKey('😀'.repeat(100))).toEqual({ key: '😀'.repeat(100) });
  });
});
