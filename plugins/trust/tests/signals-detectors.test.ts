// Unit tests of the signal detectors (plugins/trust/signals): text
// folding and CJK tokens, links, word lists, undisclosed ads, spam links,
// near-duplicates with their banded index, and bursts.

import { describe, expect, it } from 'vitest';
import { detectBurst, type KeyUse } from '../signals/bursts.ts';
import { detectUndisclosedAd, promoCodes } from '../signals/commercial.ts';
import { evaluate, fingerprint } from '../signals/evaluate.ts';
import { detectSpamLinks } from '../signals/links.ts';
import { bandKeys, decodeSignature, encodeSignature, shingles, signature, similarity } from '../signals/near-duplicate.ts';
import { defaultSignalSettings, signalSettings } from '../signals/settings.ts';
import { compact, extractLinks, fold, linkParts, tokens } from '../signals/text.ts';
import type { SignalSubject } from '../signals/types.ts';
import { detectWordLists, termMatcher } from '../signals/word-lists.ts';
import { MemoryIndex } from './signals-index.ts';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 2, 1);
let nextId = 1;
const subject = (text: string, over: Partial<SignalSubject> = {}): SignalSubject => ({
  type: 'Note', id: nextId++, authorId: 1, authorHandle: 'ann', authorCreatedAt: NOW - 400 * DAY, at: NOW, text, links: extractLinks(text), hashtags: [], productRefs: [], disclosure: null, ...over,
});

describe('text', () => {
  it('folds full-width, case and zero-width characters', () => {
    expect(fold('ＣＡＳＩＮＯ\u200b ＡＢＣ１２３')).toBe('casino abc123');
    expect(compact('加 微*信！')).toBe('加微信');
  });

  it('splits Latin words and CJK bigrams', () => {
    expect(tokens('今天去露营 with Kids!')).toEqual(['今天', '天去', '去露', '露营', 'with', 'kids']);
    expect(tokens('好')).toEqual(['好']);
  });

  it('finds links with and without a scheme and keys them without tracking parameters', () => {
    expect(extractLinks('看这里 https://t.cn/A6abc，还有 www.example.com/x 和 bit.ly/3xyz。')).toEqual(['https://t.cn/A6abc', 'www.example.com/x', 'bit.ly/3xyz']);
    expect(extractLinks('see file.txt and e.g. this')).toEqual([]);
    expect(extractLinks('ｈｔｔｐｓ：／／bit.ly/3xyz')).toEqual(['https://bit.ly/3xyz']);
    expect(linkParts('https://WWW.Shop.example.com/p/1/?utm_source=x&id=3')?.key).toBe('shop.example.com/p/1?id=3');
  });
});

describe('word lists', () => {
  const lists = [{ name: 'diversion', terms: ['加微信', 'add me on wechat'], score: 0.7 }, { name: 'prohibited', terms: ['cialis', '刷单'], score: 0.95 }];

  it('matches CJK terms through spacing and punctuation, and full-width Latin', () => {
    expect(detectWordLists('想要的 加 微 信 哦', lists)?.explanation).toBe('word list "diversion" matched "加微信"');
    expect(detectWordLists('ADD ME ON ＷｅＣｈａｔ', lists)?.score).toBe(0.7);
    expect(detectWordLists('兼职刷-单', lists)?.score).toBe(0.95);
  });

  it('matches Latin terms as whole words only, also right next to CJK', () => {
    expect(detectWordLists('my skin specialist said so', lists)).toBeNull();
    expect(detectWordLists('便宜的cialis在这里', lists)?.score).toBe(0.95);
    expect(termMatcher(['Lumiere']).find('最近在用Lumiere精华')).toEqual(['Lumiere']);
  });

  it('takes the strongest list and adds a little for every further term', () => {
    const s = detectWordLists('加微信 cialis', lists)!;
    expect(s.score).toBe(1);
    expect(s.explanation).toContain('prohibited');
  });
});

describe('undisclosed ads', () => {
  const options = { brands: ['Lumiere', '花间集'], extraPhrases: [], shopDomains: [] };

  it('scores selling phrases with something sold, and explains', () => {
    const s = detectUndisclosedAd(subject('最近在用Lumiere精华，私信我拿优惠码 LUMI30，立减五十'), options)!;
    expect(s.score).toBeGreaterThanOrEqual(0.8);
    expect(s.explanation).toContain('"优惠码"');
    expect(s.explanation).toContain('brand Lumiere');
    expect(s.explanation).toContain('code LUMI30');
  });

  it('leaves labelled notes alone, and halves when the text says it is paid', () => {
    const text = 'Lumiere serum, use my code GLOW20, link in bio';
    expect(detectUndisclosedAd(subject(text, { disclosure: 'sponsored' }), options)).toBeNull();
    const said = detectUndisclosedAd(subject(`${text} #ad`), options)!;
    expect(said.score).toBeLessThan(0.6);
    expect(said.explanation).toContain('says "ad" in the text');
  });

  it('keeps honest shopping talk below the queue threshold', () => {
    const s = detectUndisclosedAd(subject('在花间集的店里打折买的，199元，很划算'), options);
    expect(s?.score ?? 0).toBeLessThan(0.6);
    expect(detectUndisclosedAd(subject('DM me if you want the recipe'), options)).toBeNull();
  });

  it('reads promo codes with a digit or in capitals', () => {
    expect(promoCodes('优惠码：ＳＡＶＥ２０ and code is glow99, use code below')).toEqual(['SAVE20', 'GLOW99']);
  });
});

describe('spam links', () => {
  const options = { maxLinks: 3, shorteners: ['t.cn', 'bit.ly'], blockedDomains: ['bad.example'], repeatAccounts: 3, repeatWindowMs: DAY };

  it('weighs blocked domains, shorteners and link counts', () => {
    expect(detectSpamLinks(subject('go https://x.bad.example/a'), [], options)?.score).toBe(1);
    expect(detectSpamLinks(subject('one https://t.cn/abc'), [], options)?.score).toBe(0.45);
    expect(detectSpamLinks(subject('two https://t.cn/abc https://bit.ly/x'), [], options)?.score).toBeGreaterThan(0.6);
    const many = detectSpamLinks(subject([1, 2, 3, 4, 5].map((n) => `https://s${n}.example.org/`).join(' ')), [], options)!;
    expect(many.explanation).toContain('5 links');
    expect(detectSpamLinks(subject('just https://en.wikipedia.org/wiki/Tea'), [], options)).toBeNull();
  });

  it('counts accounts posting the same link and names their posts', () => {
    const uses: KeyUse[] = [2, 3, 4].map((a) => ({ key: 'link:win.example/claim', type: 'Comment', id: a * 10, authorId: a, authorHandle: `p${a}`, authorCreatedAt: 0, at: NOW - 3_600_000, signature: null }));
    const s = detectSpamLinks(subject('win https://win.example/claim?utm_source=z'), uses, options)!;
    expect(s.explanation).toContain('posted by 4 accounts');
    expect(s.related?.map((r) => r.id)).toEqual([20, 30, 40]);
  });
});

describe('near-duplicates', () => {
  const a = '周末和朋友去了西湖边，燕麦拿铁很顺口，店员会推荐豆子，下午阳光照进来很舒服，插座很多适合办公，下次还会再来';
  const b = '周末和闺蜜去了西湖边，燕麦拿铁很顺口，店员会推荐豆子，下午阳光照进来很舒服，插座很多适合办公，推荐给大家';
  const c = 'Finally made it to the harbour with my sister; the dumplings had a rich broth and the queue was all neighbours';

  it('estimates similarity from signatures that survive storage', () => {
    const sa = signature(shingles(a));
    expect(similarity(sa, decodeSignature(encodeSignature(sa)))).toBe(1);
    expect(similarity(sa, signature(shingles(b)))).toBeGreaterThan(0.5);
    expect(similarity(sa, signature(shingles(c)))).toBeLessThan(0.1);
  });

  it('finds a copy through shared bands among many texts, without comparing against all of them', async () => {
    const settings = defaultSignalSettings();
    const index = new MemoryIndex();
    const words = ['tea', 'lake', 'kids', 'noodles', 'rain', 'trail', 'museum', 'bread', 'cat', 'train', 'market', 'river', 'cake', 'shoes', 'garden', 'ferry'];
    for (let i = 0; i < 300; i++) {
      const text = Array.from({ length: 20 }, (_, k) => words[(i * 7 + k * k * 3 + (i % 5) * k) % words.length]).join(' ') + ` number ${i}`;
      index.add(fingerprint(subject(text, { authorId: 100 + i, authorHandle: `w${i}` }), settings));
    }
    const original = subject(a, { authorId: 7, authorHandle: 'orig' });
    index.add(fingerprint(original, settings));
    const probe = fingerprint(subject(b, { authorId: 8 }), settings);
    const candidates = await index.lookalikes(probe.bands, 0);
    expect(candidates.map((x) => x.authorHandle)).toContain('orig');
    expect(candidates.length).toBeLessThan(30);
    const { signals } = await evaluate(subject(b, { authorId: 8 }), index, settings);
    expect(signals.find((s) => s.kind === 'near-duplicate')?.explanation).toMatch(/^near-duplicate of note \d+ by @orig \(similarity 0\.\d\d\)$/);
    expect(bandKeys(probe.signature!)).toHaveLength(21);
  });

  it('ignores the same author, and texts too short to compare', async () => {
    const settings = defaultSignalSettings();
    const index = new MemoryIndex();
    index.add(fingerprint(subject(a, { authorId: 7 }), settings));
    expect((await evaluate(subject(a, { authorId: 7 }), index, settings)).signals).toEqual([]);
    index.add(fingerprint(subject('好看！', { authorId: 9 }), settings));
    expect((await evaluate(subject('好看！', { authorId: 10 }), index, settings)).signals).toEqual([]);
  });
});

describe('coordinated bursts', () => {
  const settings = signalSettings.parse({ commercial: { brands: ['Lumiere'] } });
  const young = (n: number, at: number) => ({ authorId: n, authorHandle: `fresh${n}`, authorCreatedAt: at - 3 * DAY, at });
  const promo = (n: number) => `第${n}天用Lumiere修护精华，用了一周皮肤明显变好，质地轻薄不黏腻，朋友们都追着问我用了什么，这个价格真的太值了`;

  it('fires on the third young account pushing the same brand in similar words, and names the others', async () => {
    const index = new MemoryIndex();
    const first = subject(promo(1), { ...young(1, NOW) });
    const second = subject(promo(2), { ...young(2, NOW + 3_600_000) });
    for (const s of [first, second]) {
      const { signals, fingerprint: fp } = await evaluate(s, index, settings);
      expect(signals.find((x) => x.kind === 'coordinated-burst')).toBeUndefined();
      index.add(fp);
    }
    const third = await evaluate(subject(promo(3), { ...young(3, NOW + 7_200_000) }), index, settings);
    const burst = third.signals.find((x) => x.kind === 'coordinated-burst')!;
    expect(burst.score).toBe(0.7);
    expect(burst.explanation).toBe('3 accounts younger than 30 days pushed the same brand Lumiere within 6 h (@fresh3, @fresh1 and @fresh2)');
    expect(burst.related?.map((r) => r.id).sort()).toEqual([first.id, second.id]);
  });

  it('does not fire for old accounts, outside the window, or on different words', () => {
    const uses = (over: Partial<KeyUse>[]): KeyUse[] =>
      over.map((o, i) => ({ key: 'brand:lumiere', type: 'Note', id: 900 + i, authorId: 50 + i, authorHandle: `x${i}`, authorCreatedAt: NOW - 2 * DAY, at: NOW, signature: null, ...o }));
    const keys = [{ key: 'brand:lumiere', label: 'brand Lumiere' }];
    const options = { windowMs: 6 * 3_600_000, minAccounts: 3, youngMs: 30 * DAY, minSimilarity: 0.25 };
    const me = subject(promo(9), { ...young(9, NOW) });
    expect(detectBurst(me, null, keys, uses([{}, {}]), options)?.kind).toBe('coordinated-burst');
    expect(detectBurst({ ...me, authorCreatedAt: NOW - 300 * DAY }, null, keys, uses([{}, {}]), options)).toBeNull();
    expect(detectBurst(me, null, keys, uses([{ authorCreatedAt: NOW - 300 * DAY }, {}]), options)).toBeNull();
    expect(detectBurst(me, null, keys, uses([{ at: NOW - 7 * 3_600_000 }, {}]), options)).toBeNull();
    const mine = signature(shingles(promo(9)));
    const other = signature(shingles('周末和朋友去了西湖边，燕麦拿铁很顺口，店员会推荐豆子，下午阳光照进来很舒服，插座很多适合办公'));
    expect(detectBurst(me, mine, keys, uses([{ signature: other }, { signature: other }]), options)).toBeNull();
  });
});
